// Package logread reads the units of work out of a workload's logs: the one
// JSON line each HTTP request (msg "request") or queue message (msg "job")
// ends with, carrying its route and duration_ms (the contract in
// components/telemetry/worklog.go). It is what `groundwork cost --logs`
// prices, route by route.
//
// [Read] detects the format from the content, never the file name, after
// undoing gzip (detected by its magic bytes):
//
//   - [Lines]: JSON lines as the workloads print them (what a terminal,
//     wrangler dev or the runtime tests capture). Lines that are not JSON,
//     such as Lambda's START, END and REPORT text lines, are skipped.
//   - [CloudWatch]: `aws logs filter-log-events --output json`, one or more
//     documents (one per page) whose events' messages are the lines.
//     Lambda's JSON-format system lines (platform.report) in them give the
//     billed duration of each invocation ([Invocation]).
//   - [CloudLogging]: `gcloud logging read --format=json`, an array of
//     LogEntry objects whose jsonPayload is the line Cloud Run parsed.
//   - [Logpush]: Cloudflare Logpush NDJSON of the workers_trace_events
//     dataset, one trace event per invocation; the Worker's line is a
//     string in Logs[].Message, and the event's CPUTimeMs is attributed to
//     it.
//
// Counted are only lines with msg "request" or "job", a string route and a
// numeric duration_ms; a file with none is an error that says which of the
// three its lines lacked.
package logread
