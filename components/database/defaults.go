package database

const (
	// DefaultMaxConnections is PostgreSQL's own max_connections default; used
	// when the config does not say, and flagged as assumed in the plan.
	DefaultMaxConnections = 100
	// DefaultReservedConnections keeps room for migrations, an operator's
	// psql session and superuser_reserved_connections (3 by default).
	DefaultReservedConnections = 10
	// PostgresMaxConnections is the largest max_connections PostgreSQL
	// accepts (MAX_BACKENDS, 2^18 - 1;
	// postgresql.org/docs/current/runtime-config-connection.html).
	PostgresMaxConnections = 262143
	// RequiredSSLMode is the weakest TLS mode accepted for managed providers.
	RequiredSSLMode = "require"
)

// Provider names accepted in groundwork:database.provider.
const (
	Neon     Provider = "neon"
	Supabase Provider = "supabase"
	Postgres Provider = "postgres"
	RDSProxy Provider = "rds-proxy"
)

// Pooler describes the provider's pooler with the limits the budgets use.
type Pooler struct {
	// Name is shown in plans and messages.
	Name string
	// ClientLimit is the most client connections the pooler accepts; 0 means
	// the provider publishes none.
	ClientLimit int
	// ServerShare is the fraction of max_connections the pooler's server pool
	// may use for one user and database; 1 means all of them.
	ServerShare float64
	// Source is where the figures come from.
	Source string
}

// Poolers holds the published figures, per provider.
var Poolers = map[Provider]Pooler{
	Neon: {
		Name:        "Neon pooler (PgBouncer, transaction mode)",
		ClientLimit: 10000,
		ServerShare: 0.9,
		Source:      "neon.com/docs/connect/connection-pooling (10,000 clients; default_pool_size = 90% of max_connections)",
	},
	Supabase: {
		Name:        "Supavisor (transaction mode, port 6543)",
		ClientLimit: 200,
		ServerShare: 1,
		Source:      "supabase.com/docs/guides/database/connection-management (200 pooler clients on the smallest compute)",
	},
	RDSProxy: {
		Name:        "RDS Proxy",
		ServerShare: 1,
		Source:      "docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html (MaxConnectionsPercent defaults to 100)",
	},
	Postgres: {
		Name:        "self-managed PgBouncer (transaction mode)",
		ServerShare: 1,
		Source:      "your pgbouncer.ini",
	},
}
