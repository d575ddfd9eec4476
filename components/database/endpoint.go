package database

import (
	"math"
	"sort"
	"strings"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/secret"
)

// Provider is where the database runs; it decides what a pooled URL looks like.
type Provider string

// Endpoint is one database as the kit sees it; the JSON names are the keys
// of groundwork:database. The zero value of each number means the default
// named in its comment.
type Endpoint struct {
	// Provider is neon, supabase, rds-proxy or postgres.
	Provider Provider `json:"provider"`
	// PooledURL is what workloads use: the transaction-mode pooler.
	PooledURL secret.Value `json:"pooledUrl"`
	// DirectURL is what migrations use: the server itself.
	DirectURL secret.Value `json:"directUrl"`
	// MaxConnections is the server's max_connections. Zero means
	// DefaultMaxConnections, shown as assumed.
	MaxConnections int `json:"maxConnections"`
	// ReservedConnections are kept for others (migrations, operators,
	// superuser). Zero means DefaultReservedConnections.
	ReservedConnections int `json:"reservedConnections"`
}

// Needs says which URLs a blueprint requires.
type Needs struct {
	Pooled, Direct bool
	// DirectReason says why the direct URL must not be pooled, for the
	// message; if empty, "migrations need the server itself".
	DirectReason string
}

// Providers lists the accepted provider names, sorted.
func Providers() []string {
	names := make([]string, 0, len(Poolers))
	for p := range Poolers {
		names = append(names, string(p))
	}
	sort.Strings(names)
	return names
}

// Pooler returns the provider's pooler figures.
func (e Endpoint) Pooler() Pooler { return Poolers[e.Provider] }

// MaxConns is the effective max_connections, and whether it was assumed.
func (e Endpoint) MaxConns() (n int, assumed bool) {
	if e.MaxConnections == 0 {
		return DefaultMaxConnections, true
	}
	return e.MaxConnections, false
}

// Reserved is the effective reserved connection count.
func (e Endpoint) Reserved() int {
	if e.ReservedConnections == 0 {
		return DefaultReservedConnections
	}
	return e.ReservedConnections
}

// ServerSlots is how many transactions can run on the server at once for the
// kit's workloads: the pooler's share of max_connections, less what is
// reserved for others.
func (e Endpoint) ServerSlots() int {
	max, _ := e.MaxConns()
	share := e.Pooler().ServerShare
	if share == 0 {
		share = 1
	}
	pool := int(math.Floor(share * float64(max)))
	return min(pool, max-e.Reserved())
}

// Check checks the endpoint for the given needs and returns every problem
// at once; fields are the keys under groundwork:database. It does not
// modify the endpoint; see [Endpoint.Normalized].
func (e Endpoint) Check(needs Needs) problem.List {
	var out problem.List
	if _, ok := Poolers[e.Provider]; !ok {
		out.Add("provider", "must be one of %s, got %q", strings.Join(Providers(), ", "), e.Provider)
		return out
	}
	if e.MaxConnections < 0 || e.ReservedConnections < 0 {
		out.Add("maxConnections", "and database.reservedConnections must not be negative, got %d and %d",
			e.MaxConnections, e.ReservedConnections)
	} else if e.MaxConnections > PostgresMaxConnections {
		out.Add("maxConnections", "must be at most %d, the most PostgreSQL accepts, got %d; give the server's SHOW max_connections",
			PostgresMaxConnections, e.MaxConnections)
	} else if max, _ := e.MaxConns(); e.Reserved() >= max {
		out.Add("reservedConnections", "(%d) must be less than database.maxConnections (%d): nothing would be left for the workloads; lower reservedConnections or raise max_connections",
			e.Reserved(), max)
	}
	var pooled, direct *parsed
	if needs.Pooled {
		pooled = e.check("pooledUrl", e.PooledURL, &out)
	}
	if needs.Direct || e.DirectURL.IsSet() {
		direct = e.check("directUrl", e.DirectURL, &out)
	}
	e.checkRoles(pooled, direct, needs.DirectReason, &out)
	return out
}

// check parses one URL; nil when absent, opaque or malformed.
func (e Endpoint) check(field string, v secret.Value, out *problem.List) *parsed {
	switch {
	case !v.IsSet():
		out.Add(field, "is required; set it with `pulumi config set --secret --path 'groundwork:database.%s' 'postgres://...'`", field)
		return nil
	case v.Opaque():
		return nil
	}
	p, err := parse(v.Reveal())
	if err != nil {
		out.Add(field, "is not a valid Postgres URL: %v; expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require", err)
		return nil
	}
	if e.Provider != Postgres && p.weakTLS() {
		out.Add(field, "has sslmode=%s; %s requires TLS: use sslmode=%s (or verify-full), or leave sslmode out and the kit adds it",
			p.sslMode, e.Provider, RequiredSSLMode)
	}
	return p
}

// checkRoles verifies that the pooled URL points at the pooler and the direct
// URL at the server, per provider. Strict because a direct URL in the app
// path is exactly the connection exhaustion the kit exists to prevent, and a
// pooled URL for migrations breaks DDL and session state.
func (e Endpoint) checkRoles(pooled, direct *parsed, directReason string, out *problem.List) {
	isPooled := poolerTest(e.Provider)
	if isPooled == nil {
		return
	}
	if directReason == "" {
		directReason = "migrations need the server itself"
	}
	pooledOK := pooled == nil || isPooled(pooled)
	directOK := direct == nil || !isPooled(direct)
	hint := poolerHint(e.Provider)
	switch {
	case !pooledOK && !directOK:
		out.Add("pooledUrl", "and database.directUrl look swapped: the pooled URL is direct and the direct URL is pooled (%s); exchange the two values", hint)
	case !pooledOK:
		out.Add("pooledUrl", "must be the pooled endpoint (%s), got a direct endpoint; workloads through a direct endpoint exhaust max_connections", hint)
	case !directOK:
		out.Add("directUrl", "must be the direct endpoint, got a pooled one (%s); %s", hint, directReason)
	}
}

// IsPooled reports whether a URL points at the provider's pooler; false
// when the provider's pooled endpoints are not recognisable by URL.
func IsPooled(p Provider, u URL) bool {
	test := poolerTest(p)
	return test != nil && test(&parsed{host: u.Host, port: u.Port})
}

// PoolerHint says how the provider's pooled endpoints look.
func PoolerHint(p Provider) string { return poolerHint(p) }

func poolerTest(p Provider) func(*parsed) bool {
	switch p {
	case Neon:
		return func(u *parsed) bool { return strings.Contains(strings.SplitN(u.host, ".", 2)[0], "-pooler") }
	case Supabase:
		return func(u *parsed) bool { return u.port == "6543" }
	case RDSProxy:
		return func(u *parsed) bool { return strings.Contains(u.host, ".proxy-") }
	}
	return nil
}

func poolerHint(p Provider) string {
	switch p {
	case Neon:
		return "Neon's pooled host has -pooler in its endpoint name, e.g. ep-name-123456-pooler.us-east-2.aws.neon.tech"
	case Supabase:
		return "Supabase's transaction pooler listens on port 6543; the direct database on 5432"
	case RDSProxy:
		return "an RDS Proxy endpoint looks like NAME.proxy-ID.REGION.rds.amazonaws.com"
	}
	return ""
}

// Normalized returns the endpoint with sslmode=require added to URLs of
// managed providers that do not set it. Call after Validate succeeded.
func (e Endpoint) Normalized() Endpoint {
	if e.Provider == Postgres {
		return e
	}
	e.PooledURL = withSSL(e.PooledURL)
	e.DirectURL = withSSL(e.DirectURL)
	return e
}

func withSSL(v secret.Value) secret.Value {
	if !v.IsSet() || v.Opaque() {
		return v
	}
	p, err := parse(v.Reveal())
	if err != nil || p.sslMode != "" {
		return v
	}
	return secret.New(p.withParam("sslmode", RequiredSSLMode))
}
