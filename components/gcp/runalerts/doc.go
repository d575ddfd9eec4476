// Package runalerts makes a Cloud Run service and its job's failures reach
// a person: an email notification channel per address (or the team's
// existing channels) and alert policies on what matters to the service:
//
//   - its 5xx ratio;
//   - its p99 latency against the handler's deadline;
//   - its instance count approaching the maximum the connection budget set;
//   - error-level log entries (a log-match condition, rate-limited);
//   - a failed execution of its job (the migrations).
//
// Metric conditions are PromQL, which Cloud Monitoring recommends over MQL
// (MQL left the console on 2025-07-22, cloud.google.com/monitoring/mql),
// with Cloud Run's metrics named as the PromQL mapping gives them
// (cloud.google.com/monitoring/promql/promql-mapping). The error-log
// policy reads Cloud Logging's severity, which the kit's workloads write
// when GOOGLE_CLOUD_PROJECT is set (runservice sets it).
package runalerts
