package database

import (
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/secret"
)

const (
	neonPooled = "postgres://app:pw-123@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/app?sslmode=require"
	neonDirect = "postgres://app:pw-123@ep-cool-darkness-123456.us-east-2.aws.neon.tech/app?sslmode=require"
)

func ep(p Provider, pooled, direct string) Endpoint {
	e := Endpoint{Provider: p}
	if pooled != "" {
		e.PooledURL = secret.New(pooled)
	}
	if direct != "" {
		e.DirectURL = secret.New(direct)
	}
	return e
}

func TestCheck(t *testing.T) {
	both := Needs{Pooled: true, Direct: true}
	tests := []struct {
		name  string
		e     Endpoint
		needs Needs
		want  []string // every line of the joined error, exactly; nil means valid
	}{
		{"neon pair", ep(Neon, neonPooled, neonDirect), both, nil},
		{"neon swapped", ep(Neon, neonDirect, neonPooled), both, []string{
			"database.pooledUrl and database.directUrl look swapped: the pooled URL is direct and the direct URL is pooled (Neon's pooled host has -pooler in its endpoint name, e.g. ep-name-123456-pooler.us-east-2.aws.neon.tech); exchange the two values",
		}},
		{"neon direct in app path", ep(Neon, neonDirect, ""), Needs{Pooled: true}, []string{
			"database.pooledUrl must be the pooled endpoint (Neon's pooled host has -pooler in its endpoint name, e.g. ep-name-123456-pooler.us-east-2.aws.neon.tech), got a direct endpoint; workloads through a direct endpoint exhaust max_connections",
		}},
		{"supabase pooler port", ep(Supabase,
			"postgresql://postgres.ref:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres",
			"postgresql://postgres:pw@db.ref.supabase.co:5432/postgres"), both, nil},
		{"supabase session port as pooled", ep(Supabase,
			"postgresql://postgres.ref:pw@aws-0-us-east-1.pooler.supabase.com:5432/postgres", ""), Needs{Pooled: true}, []string{
			"database.pooledUrl must be the pooled endpoint (Supabase's transaction pooler listens on port 6543; the direct database on 5432), got a direct endpoint; workloads through a direct endpoint exhaust max_connections",
		}},
		{"rds proxy", ep(RDSProxy, "postgres://app:pw@app.proxy-abc123.us-east-1.rds.amazonaws.com/app", ""), Needs{Pooled: true}, nil},
		{"weak tls", ep(Neon, strings.Replace(neonPooled, "require", "disable", 1), ""), Needs{Pooled: true}, []string{
			"database.pooledUrl has sslmode=disable; neon requires TLS: use sslmode=require (or verify-full), or leave sslmode out and the kit adds it",
		}},
		{"postgres allows local plaintext", ep(Postgres, "postgres://app:pw@127.0.0.1:6432/app?sslmode=disable", ""), Needs{Pooled: true}, nil},
		{"malformed", ep(Postgres, "mysql://app:pw@db/app", "postgres://app:pw@db"), both, []string{
			`database.pooledUrl is not a valid Postgres URL: it does not start with postgres:// or postgresql://; expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require`,
			"database.directUrl is not a valid Postgres URL: it names no database (the /DATABASE path); if the password has / : @ ? # or %, percent-encode them (/ is %2F, @ is %40); expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require",
		}},
		{"missing", ep(Neon, "", ""), Needs{Pooled: true}, []string{
			"database.pooledUrl is required; set it with `pulumi config set --secret --path 'groundwork:database.pooledUrl' 'postgres://...'`",
		}},
		{"unknown provider", ep("mysql", neonPooled, ""), Needs{Pooled: true}, []string{
			`database.provider must be one of neon, postgres, rds-proxy, supabase, got "mysql"`,
		}},
		{"reserved eats everything", Endpoint{Provider: Postgres, PooledURL: secret.New("postgres://a:b@h/d"), MaxConnections: 20, ReservedConnections: 20}, Needs{Pooled: true}, []string{
			"database.reservedConnections (20) must be less than database.maxConnections (20): nothing would be left for the workloads; lower reservedConnections or raise max_connections",
		}},
		{"opaque values skip content checks", ep(Neon, secret.OfflinePlaceholder, secret.OfflinePlaceholder), both, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l problem.List
			l.Extend("database", tt.e.Check(tt.needs))
			got := strings.Join(l.Strings(), "\n")
			if got != strings.Join(tt.want, "\n") {
				t.Errorf("Check() =\n%s\nwant\n%s", got, strings.Join(tt.want, "\n"))
			}
			if strings.Contains(got, "pw-123") || strings.Contains(got, ":pw@") {
				t.Errorf("a problem leaks a password: %v", got)
			}
		})
	}
}

func TestNormalizedAddsSSLMode(t *testing.T) {
	e := ep(Neon, "postgres://app:pw@ep-x-pooler.neon.tech/app", "postgres://app:pw@ep-x.neon.tech/app?sslmode=verify-full").Normalized()
	if got, want := e.PooledURL.Reveal(), "postgres://app:pw@ep-x-pooler.neon.tech/app?sslmode=require"; got != want {
		t.Errorf("pooled = %q, want %q", got, want)
	}
	if got, want := e.DirectURL.Reveal(), "postgres://app:pw@ep-x.neon.tech/app?sslmode=verify-full"; got != want {
		t.Errorf("direct = %q, want %q (an explicit strong mode is kept)", got, want)
	}
	local := ep(Postgres, "postgres://a:b@127.0.0.1/d", "").Normalized()
	if got := local.PooledURL.Reveal(); got != "postgres://a:b@127.0.0.1/d" {
		t.Errorf("postgres provider URL changed to %q", got)
	}
}

func TestServerSlots(t *testing.T) {
	tests := []struct {
		e    Endpoint
		want int
	}{
		{Endpoint{Provider: Neon, MaxConnections: 100, ReservedConnections: 5}, 90},  // 90% share binds
		{Endpoint{Provider: Neon, MaxConnections: 100, ReservedConnections: 20}, 80}, // reserve binds
		{Endpoint{Provider: Neon}, 90}, // defaults: 100 max, 10 reserved
		{Endpoint{Provider: Postgres, MaxConnections: 20, ReservedConnections: 2}, 18},
		{Endpoint{Provider: RDSProxy, MaxConnections: 450, ReservedConnections: 50}, 400},
	}
	for _, tt := range tests {
		if got := tt.e.ServerSlots(); got != tt.want {
			t.Errorf("%+v.ServerSlots() = %d, want %d", tt.e, got, tt.want)
		}
	}
	if _, assumed := (Endpoint{}).MaxConns(); !assumed {
		t.Error("zero MaxConnections must be reported as assumed")
	}
}

// The URL problems a hostile or mistyped password causes never repeat any
// part of it.
func TestURLProblemsQuoteNoPart(t *testing.T) {
	tests := []struct{ url, want string }{
		{"postgres://app:12345/67@db.example.com/app", "pooledUrl is not a valid Postgres URL: it names no user; if the password has / : @ ? # or %, percent-encode them (/ is %2F, @ is %40); expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require"},
		{"postgres://app:pw@db.example.com/app?sslmode=requre", "pooledUrl is not a valid Postgres URL: its sslmode is not one of disable, allow, prefer, require, verify-ca, verify-full; if the password has / : @ ? # or %, percent-encode them (/ is %2F, @ is %40); expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require"},
		{"postgres://app:se?sslmode=cr3t@db/app", "pooledUrl is not a valid Postgres URL: it does not parse as a URL; if the password has / : @ ? # or %, percent-encode them (/ is %2F, @ is %40); expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require"},
		{"postgres://app:99999/x@db/app", "pooledUrl is not a valid Postgres URL: its port is not a number from 1 to 65535; if the password has / : @ ? # or %, percent-encode them (/ is %2F, @ is %40); expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require"},
		{"postgres://app:" + strings.Repeat("x", 3000) + "@db/app", "pooledUrl is not a valid Postgres URL: it is 3022 bytes, more than the 2048 any Postgres URL needs; expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require"},
	}
	for _, tt := range tests {
		got := strings.Join(Endpoint{Provider: Postgres, PooledURL: secret.New(tt.url)}.Check(Needs{Pooled: true}).Strings(), "\n")
		if got != tt.want {
			t.Errorf("Check(%.40s) =\n%s\nwant\n%s", tt.url, got, tt.want)
		}
		for _, part := range []string{"12345", "67@", "cr3t", "se?", "requre", "xxxx", "99999"} {
			if strings.Contains(got, part) {
				t.Errorf("a problem quotes %q", part)
			}
		}
	}
	if got := (Endpoint{Provider: Postgres, PooledURL: secret.New("postgres://a:b@h/d"), MaxConnections: 300000}).Check(Needs{Pooled: true}).Strings(); len(got) != 1 ||
		got[0] != "maxConnections must be at most 262143, the most PostgreSQL accepts, got 300000; give the server's SHOW max_connections" {
		t.Errorf("max_connections over the PostgreSQL limit: %q", got)
	}
}
