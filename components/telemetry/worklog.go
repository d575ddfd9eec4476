package telemetry

import "time"

// The line that ends each unit of work: one JSON line per HTTP request, per
// queue message, per event, written when the unit ends, with the route and
// the duration. Cost by route is read from these lines: CloudWatch metric
// filters (jobs), Cloud Logging log-based metrics (api), and
// `groundwork cost --logs` offline; the edge Worker also writes the same
// route and duration to Workers Analytics Engine.
const (
	// MsgRequest ends an HTTP request (api, edge, the webhook receiver).
	MsgRequest = "request"
	// MsgJob ends a queue message (the jobs worker), whatever sent it: the
	// webhook, a schedule or an event rule.
	MsgJob = "job"

	// FieldRoute is the unit's route: for HTTP the method and the route
	// template ("GET /v1/items/{id}"), never the raw path (each distinct
	// value is a metric series: raw paths would explode the count); for a
	// job its kind. A request no route matched has RouteUnmatched.
	FieldRoute = "route"
	// FieldDurationMS is the unit's wall time in milliseconds, a number.
	FieldDurationMS = "duration_ms"
	// FieldStatus is an HTTP request's response status.
	FieldStatus = "status"
	// FieldOutcome is a job's outcome: OutcomeProcessed, OutcomeDuplicate or
	// OutcomeFailed.
	FieldOutcome = "outcome"
	// FieldCPUMS is CPU time in milliseconds where the platform reports it:
	// Cloudflare's trace events carry it per invocation (CPUTimeMs, in
	// Logpush); no runtime here exposes a request's own CPU time to its
	// code, so workloads do not log it.
	FieldCPUMS = "cpu_ms"
	// FieldMethod and FieldPath are an HTTP request's method and raw path,
	// for people; metrics never key on the path.
	FieldMethod = "method"
	FieldPath   = "path"

	// RouteUnmatched is the route of a request no route matched: every
	// 404 of a scanner is one series, not one per path.
	RouteUnmatched = "unmatched"

	OutcomeProcessed = "processed"
	OutcomeDuplicate = "duplicate"
	OutcomeFailed    = "failed"
)

// Route is the route field of an HTTP request's line: the method and the
// template, or RouteUnmatched when no route matched.
func Route(method, template string) string {
	if template == "" {
		return RouteUnmatched
	}
	return method + " " + template
}

// Millis is a duration as FieldDurationMS carries it: milliseconds with
// microsecond precision, so sub-millisecond units do not log as 0.
func Millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
