// Package stackconfig decodes a stack's groundwork:* config once, into typed
// settings, and reports every syntax problem at once with the key that has
// it.
//
// Keys (users write these; they are stable):
//
//	groundwork:blueprint  jobs | api | edge
//	groundwork:mode       scale-to-zero (default) | always-warm
//	groundwork:database   {provider, pooledUrl, directUrl, maxConnections, reservedConnections}
//	groundwork:telemetry  {otlpEndpoint, otlpHeaders, sampleRatio, logLevel}
//	groundwork:jobs       {worker: {...}, webhook: {...}, schedules: [...], events: [...]}
//	groundwork:api        {image, port, cpu, memory, minInstances, maxInstances, concurrency,
//	                       requestTimeout, statementTimeout, dbPoolSize, public, invokers, imageManagedBy}
//	groundwork:edge       {accountId, zoneId, route | domain, entry, plan, compatibilityDate,
//	                       cache: {disabled, maxAge, staleWhileRevalidate}, crons, maxBundleKB,
//	                       connectTimeout, statementTimeout}
//
// The Google provider's own gcp:project and gcp:region are read too, for
// validation before anything is created.
//
// Objects are strict: an unknown field is an error, so a typo never silently
// falls back to a default. Durations are Go durations ("60s"). Database URLs,
// OTLP headers and the webhook signing secret become secret.Values whether
// the config gave them plain or with --secret.
//
// Semantic checks (limits, budgets) belong to the blueprints and components;
// this package only makes the config well-typed.
package stackconfig
