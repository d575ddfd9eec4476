// Package worker bundles a Worker's entry file with esbuild's Go API and
// deploys it as a Cloudflare Workers script (ES module), with the settings
// production needs:
//
//   - a pinned compatibility date (a named, dated constant, overridable) and
//     nodejs_compat;
//   - a Hyperdrive binding, plain-text bindings for the telemetry contract's
//     non-secret values and secret-text bindings for secrets;
//   - Smart Placement (run near the database when that is faster) and
//     Logpush;
//   - a route on a zone or a custom domain, and optional cron triggers.
//
// The bundle is deterministic (the same source gives the same bytes, so an
// unchanged Worker does not redeploy) and its gzip size is checked before
// anything is created: over the plan's platform limit is an error; over the
// kit's startup budget (MaxBundleKB) is a warning, because a small bundle
// starts fast.
package worker
