// Package telemetry is the one observability contract every groundwork
// workload follows, on every platform.
//
// It names the environment a workload reads (the standard OpenTelemetry
// variables plus LOG_FORMAT and LOG_LEVEL), the fields every JSON log line
// carries (time, level, msg, request_id, trace_id, span_id), and how the
// request id and the W3C traceparent travel across asynchronous hops (HTTP
// headers, then SQS message attributes or EventBridge detail fields).
//
// The package is pure Go with no Pulumi or cloud import, so both the Pulumi
// components (which set the environment) and the workloads (which read it)
// compile against the same names. Secret values (the OTLP headers) are never
// part of [Settings.Env]: each platform delivers them through its secret
// store, under the name [EnvHeaders].
package telemetry
