package hyperdrive

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

const direct = "postgresql://postgres:pw-3c9a@db.abcdefgh.supabase.co:5432/postgres?sslmode=require"

func TestNewFromTheDirectURL(t *testing.T) {
	var h *Hyperdrive
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		origin, err := OriginFromURL(database.Supabase, secret.New(direct))
		if err != nil {
			return err
		}
		h, err = New(ctx, "edge-db", Args{AccountID: "0123456789abcdef0123456789abcdef", Origin: origin})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c := g.Find("cloudflare:index/hyperdriveConfig:HyperdriveConfig", "edge-db-config")
	got := c.Redacted()
	want := map[string]any{
		"accountId": "0123456789abcdef0123456789abcdef",
		"name":      "groundwork-test-edge-db",
		"origin": map[string]any{"scheme": "postgres", "host": "db.abcdefgh.supabase.co", "port": 5432.0,
			"database": "postgres", "user": "postgres", "password": "[secret]"},
		"caching": map[string]any{"disabled": false, "maxAge": 60.0, "staleWhileRevalidate": 15.0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("config =\n%#v\nwant\n%#v", got, want)
	}
	if pw, _ := c.Input("origin.password"); !pw.Secret || pw.Plain() != "pw-3c9a" {
		t.Errorf("password = %+v, want the URL's password as a secret", pw)
	}
	id, _, err := pulumitest.Await(h.ID)
	if err != nil || len(id.(string)) != 32 {
		t.Errorf("ID = %v, %v", id, err)
	}
}

func TestCachingDisabled(t *testing.T) {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		origin, _ := OriginFromURL(database.Postgres, secret.New("postgres://u:p@db.internal:6000/app"))
		_, err := New(ctx, "edge-db", Args{AccountID: "0123456789abcdef0123456789abcdef", Origin: origin, Caching: Caching{Disabled: true}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c := g.Find("cloudflare:index/hyperdriveConfig:HyperdriveConfig", "edge-db-config").Redacted()
	if !reflect.DeepEqual(c["caching"], map[string]any{"disabled": true}) || c["origin"].(map[string]any)["port"] != 6000.0 {
		t.Errorf("config = %v", c)
	}
}

func TestPooledOriginsAreRefused(t *testing.T) {
	tests := []struct {
		provider database.Provider
		url      string
	}{
		{database.Neon, "postgres://u:pw-1@ep-a-1-pooler.us-east-2.aws.neon.tech/app"},
		{database.Supabase, "postgresql://postgres.ref:pw-1@aws-0-us-east-1.pooler.supabase.com:6543/postgres"},
	}
	for _, tt := range tests {
		_, err := OriginFromURL(tt.provider, secret.New(tt.url))
		if err == nil || !strings.Contains(err.Error(), "Hyperdrive is itself the connection pooler") || strings.Contains(err.Error(), "pw-1") {
			t.Errorf("%s: err = %v", tt.provider, err)
		}
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{Caching: Caching{MaxAge: 2 * 3600e9}}.Check().Strings(), "\n")
	want := strings.Join([]string{
		"accountId is required: the Cloudflare account id (dashboard, Workers & Pages, right column)",
		"origin needs Host, Database, User and Password; build it with OriginFromURL",
		"caching.maxAge must be whole seconds up to 1h0m0s, got 2h0m0s",
	}, "\n")
	if got != want {
		t.Errorf("Check() =\n%v\nwant\n%s", got, want)
	}
}

func TestOriginNeedsAPassword(t *testing.T) {
	_, err := OriginFromURL(database.Supabase, secret.New("postgresql://postgres@db.abcdefgh.supabase.co:5432/postgres"))
	if err == nil || err.Error() != "it names no password: Hyperdrive signs in to the origin with the URL's user and password (postgres://USER:PASSWORD@HOST/DB)" {
		t.Errorf("err = %v", err)
	}
}
