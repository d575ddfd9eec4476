// Package database is the kit's database endpoint contract: a Postgres
// database described once (provider, pooled URL, direct URL, the server's
// max_connections, connections reserved for others) and validated for the
// way serverless workloads must reach it.
//
// Workloads use the pooled URL, through the provider's transaction-mode
// pooler (Neon's -pooler host, Supabase's port 6543, RDS Proxy, or your own
// PgBouncer); migrations use the direct URL, because DDL and session state do
// not belong behind a transaction pooler. A swapped pair is an error, as is a
// TLS mode weaker than require for a managed provider.
//
// URLs are [secret.Value]s: they print as "[secret]" and reach Pulumi only as
// secret outputs.
package database
