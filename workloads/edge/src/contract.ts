// The names and defaults this Worker shares with the Go side of the kit.
//
// They mirror, value for value, components/telemetry/contract.go and
// defaults.go (the telemetry contract every workload follows) and
// components/workloadenv/workloadenv.go and defaults.go (the runtime knobs).
// TypeScript cannot import Go constants; contract_test.go (a Go test in
// this directory) fails when a name or value here differs from Go's, or
// when a constant here mirrors nothing.
//
// The kit's components always set every binding explicitly; the defaults
// below only serve local runs (wrangler dev, tests) where a binding is unset.

// Telemetry environment (components/telemetry/contract.go).
export const EnvServiceName = "OTEL_SERVICE_NAME";
export const EnvEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
export const EnvProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
/** Secret: a secret-text binding, never a plain one. */
export const EnvHeaders = "OTEL_EXPORTER_OTLP_HEADERS";
export const EnvTracesExporter = "OTEL_TRACES_EXPORTER";
export const EnvSampler = "OTEL_TRACES_SAMPLER";
export const EnvSamplerArg = "OTEL_TRACES_SAMPLER_ARG";
export const EnvResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES";
export const EnvLogFormat = "LOG_FORMAT";
export const EnvLogLevel = "LOG_LEVEL";

// Fields every JSON log line carries, besides time, level and msg.
export const FieldRequestID = "request_id";
export const FieldTraceID = "trace_id";
export const FieldSpanID = "span_id";

// The line that ends each request (components/telemetry/worklog.go): the
// route is the method and the template ("GET /v1/items/{id}"), or
// RouteUnmatched; the duration is in milliseconds.
export const MsgRequest = "request";
export const FieldRoute = "route";
export const FieldDurationMS = "duration_ms";
export const FieldStatus = "status";
export const FieldMethod = "method";
export const FieldPath = "path";
export const RouteUnmatched = "unmatched";

// Propagation headers.
export const HeaderRequestID = "X-Request-ID";
export const HeaderTraceparent = "traceparent";

// Values the contract fixes.
export const LogFormatJSON = "json";
export const ProtocolHTTPProtobuf = "http/protobuf";
export const SamplerParentRatio = "parentbased_traceidratio";
export const ExporterNone = "none";
export const ExporterOTLP = "otlp";

// Telemetry defaults (components/telemetry/defaults.go).
export const DefaultSampleRatio = 1.0;
export const DefaultLogLevel = "info";

// Runtime knobs (components/workloadenv/workloadenv.go). Durations are Go
// duration strings such as "5s" or "250ms".
export const HyperdriveBinding = "HYPERDRIVE";
export const DBStatementTimeout = "DB_STATEMENT_TIMEOUT";
export const DBConnectTimeout = "DB_CONNECT_TIMEOUT";
export const HandlerTimeout = "HANDLER_TIMEOUT";
export const OTLPExportTimeout = "OTLP_EXPORT_TIMEOUT";
/** The R2 binding to the bucket Logpush writes to; unset when the kit does not own it. */
export const LogBucketBinding = "LOG_BUCKET";
export const LogRetentionDays = "LOG_RETENTION_DAYS";
export const LogPrefix = "LOG_PREFIX";
export const LogCleanupCron = "LOG_CLEANUP_CRON";

// Runtime defaults (components/workloadenv/defaults.go); durations in
// milliseconds.
/** DefaultStatementTimeout. */
export const DefaultStatementTimeoutMs = 10_000;
/** DefaultConnectTimeout. */
export const DefaultConnectTimeoutMs = 5_000;
/** DefaultWorkerHandlerTimeout: the Worker's per-request deadline. */
export const DefaultHandlerTimeoutMs = 30_000;
/** DefaultOTLPExportTimeout: one span export, inside what waitUntil allows. */
export const DefaultOTLPExportTimeoutMs = 5_000;
/**
 * AnalyticsBinding: Workers Analytics Engine, one data point per request
 * (index1 and blob1 the route, blob2 the method, blob3 the status, double1
 * the duration in ms).
 */
export const AnalyticsBinding = "ANALYTICS";
/** DefaultLogRetentionDays: Logpush files are kept this many days. */
export const DefaultLogRetentionDays = 30;
/** DefaultLogPrefix: Logpush writes LogPrefix + YYYYMMDD + "/" + file. */
export const DefaultLogPrefix = "workers/";
/** DefaultLogCleanupCron: the trigger that runs the retention cleanup. */
export const DefaultLogCleanupCron = "17 4 * * *";

/** Env is what the Worker finds on `env`: every binding the kit sets. */
export interface Env {
  [HyperdriveBinding]: Hyperdrive;
  [EnvServiceName]?: string;
  [EnvEndpoint]?: string;
  [EnvProtocol]?: string;
  [EnvHeaders]?: string;
  [EnvTracesExporter]?: string;
  [EnvSampler]?: string;
  [EnvSamplerArg]?: string;
  [EnvResourceAttributes]?: string;
  [EnvLogFormat]?: string;
  [EnvLogLevel]?: string;
  [DBConnectTimeout]?: string;
  [DBStatementTimeout]?: string;
  [HandlerTimeout]?: string;
  [OTLPExportTimeout]?: string;
  [LogBucketBinding]?: R2Bucket;
  [LogRetentionDays]?: string;
  [LogPrefix]?: string;
  [LogCleanupCron]?: string;
  [AnalyticsBinding]?: AnalyticsEngineDataset;
}
