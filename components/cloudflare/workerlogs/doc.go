// Package workerlogs keeps a Worker's logs: a Logpush job for the
// workers_trace_events dataset (each invocation's console lines,
// exceptions, outcome, CPU and wall time), on Workers Paid
// (developers.cloudflare.com/workers/observability/logs/logpush/: "This
// product is available on the Workers Paid plan").
//
// By default it creates where they go: an R2 bucket, and an API token
// allowed only to write objects into that bucket, from which the job's R2
// credentials are derived as Cloudflare documents ("Access Key ID: The id
// of the API token. Secret Access Key: The SHA-256 hash of the API token
// value", developers.cloudflare.com/r2/api/tokens/). Those credentials
// travel only inside destinationConf, which is a Pulumi secret from the
// token's value to the job's state. pulumi-cloudflare v5.49.1's R2 bucket
// has no lifecycle setting, so the bucket's retention is enforced by the
// Worker itself: bind the bucket (BucketName) and run the cleanup on a
// cron trigger (workloadenv.LogBucketBinding and its siblings).
//
// With Args.Destination (a destination_conf the team owns) it creates the
// job only, and retention is the destination's.
//
// Creating the token needs a Cloudflare credential allowed to create API
// tokens ("API Tokens Write"); the job needs "Logs Write" on the account.
package workerlogs
