// Package edge holds the edge blueprint's Worker: a Hono API in TypeScript
// that reaches Postgres through a Hyperdrive binding, deployed by the kit's
// Cloudflare Worker component (which bundles src/index.ts with esbuild's Go
// API after `npm ci` here).
//
// The Worker is a Node package (package.json, src/, test/), tested with
// `npm test` (vitest) and `npm run typecheck`. The Go here is its database
// schema, versioned migrations (./migrations) applied by
// `go run ./workloads/edge/migrate [up|status]` over the direct URL, which
// also create the Worker's own role; and a test: otlp_test.go bundles
// testdata/encode.ts, runs it with node and decodes the Worker's
// hand-written OTLP protobuf encoding with Go's protobuf runtime, so the
// encoder is checked against the real schema.
//
// The names and defaults the Worker reads (bindings, headers, log fields)
// are those of components/telemetry and components/workloadenv, mirrored in
// src/contract.ts.
package edge
