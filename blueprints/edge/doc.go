// Package edge is the edge blueprint on Cloudflare: a Hono Worker on
// Cloudflare's network reaching Postgres (Supabase or any Postgres) through
// Hyperdrive, Cloudflare's managed pooler and query cache.
//
// [Prepare] bundles the Worker (so the size limits are checked offline too),
// validates the settings and the budgets before anything is registered;
// [Run] creates:
//
//	edge (groundwork:blueprint:Edge)
//	  edge-db   the Hyperdrive configuration, origin = the direct URL
//	  edge      the Worker script, its route or custom domain, its cron triggers
package edge
