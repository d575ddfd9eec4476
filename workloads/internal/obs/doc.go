// Package obs sets up logging and tracing for the kit's Go workloads, following
// the telemetry contract in components/telemetry.
//
// [Setup] reads the contract's environment and returns a [Telemetry]: a
// *slog.Logger writing one JSON object per line to stdout, and an
// OpenTelemetry TracerProvider that exports over OTLP/HTTP when an endpoint is
// configured (and still mints trace and span ids when it is not). The W3C
// TraceContext propagator is installed globally.
//
// Every log line carries time, level, msg, request_id, trace_id and span_id.
// The last three come from the context passed to the logger's *Context
// methods: the request id set with [WithRequestID] and the active span. They
// are empty strings when unknown (at startup, for instance), never absent, so
// queries over the logs can rely on them.
//
// On Google Cloud, GOOGLE_CLOUD_PROJECT adds Cloud Logging's trace and
// severity fields to every line ([HandlerOptions]), and GROUNDWORK_OTLP_AUTH=google
// with the option of package googleauth exports spans to Cloud Trace's OTLP
// endpoint with Application Default Credentials ([WithOTLPAuth]).
//
// Short-lived runtimes (AWS Lambda freezes the sandbox between invocations)
// call [Telemetry.ForceFlush] at the end of every invocation.
package obs
