package telemetry

// Environment variables every workload reads. The OTEL_* names are the
// OpenTelemetry SDK's own, so any SDK configures itself from them.
const (
	EnvServiceName        = "OTEL_SERVICE_NAME"
	EnvEndpoint           = "OTEL_EXPORTER_OTLP_ENDPOINT"
	EnvProtocol           = "OTEL_EXPORTER_OTLP_PROTOCOL"
	EnvHeaders            = "OTEL_EXPORTER_OTLP_HEADERS" // secret: delivered by the platform's secret store
	EnvTracesExporter     = "OTEL_TRACES_EXPORTER"
	EnvSampler            = "OTEL_TRACES_SAMPLER"
	EnvSamplerArg         = "OTEL_TRACES_SAMPLER_ARG"
	EnvResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES"
	EnvLogFormat          = "LOG_FORMAT"
	EnvLogLevel           = "LOG_LEVEL"
	// EnvOTLPAuth, when "google", makes the exporter attach Google
	// credentials (Application Default Credentials, scope trace.append):
	// how a workload on GCP exports straight to Cloud Trace's OTLP endpoint.
	EnvOTLPAuth = "GROUNDWORK_OTLP_AUTH"
)

// Fields every JSON log line carries, besides time, level and msg.
const (
	FieldRequestID = "request_id"
	FieldTraceID   = "trace_id"
	FieldSpanID    = "span_id"
)

// Propagation: the names under which the request id and the W3C trace
// context travel. HTTP uses the headers; SQS uses message attributes with
// the attribute names; EventBridge events carry them as detail fields with
// the same names.
const (
	HeaderRequestID   = "X-Request-ID"
	HeaderTraceparent = "traceparent"
	AttrRequestID     = "request_id"
	AttrTraceparent   = "traceparent"
	// AttrIdempotencyKey names the message attribute a consumer deduplicates
	// on; when absent, consumers use the transport's message id.
	AttrIdempotencyKey = "idempotency_key"
)

// Values the contract fixes.
const (
	// LogFormatJSON is the only log format the kit deploys: plaintext logs
	// cannot be filtered or alerted on.
	LogFormatJSON = "json"
	// ProtocolHTTPProtobuf is OTLP over HTTP: it works from every runtime,
	// Workers included, where gRPC does not.
	ProtocolHTTPProtobuf = "http/protobuf"
	// SamplerParentRatio honours an upstream sampling decision and samples
	// new traces at OTEL_TRACES_SAMPLER_ARG.
	SamplerParentRatio = "parentbased_traceidratio"
	// ExporterNone keeps trace ids in logs but exports no spans; used when no
	// OTLP endpoint is configured.
	ExporterNone = "none"
	// ExporterOTLP exports spans to OTEL_EXPORTER_OTLP_ENDPOINT.
	ExporterOTLP = "otlp"
	// OTLPAuthGoogle is the EnvOTLPAuth value for Google credentials.
	OTLPAuthGoogle = "google"
	// GoogleOTLPEndpoint is Cloud Trace's OTLP endpoint (the Telemetry API).
	GoogleOTLPEndpoint = "https://telemetry.googleapis.com"
)
