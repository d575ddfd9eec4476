package obs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// Telemetry is a workload's logger and tracer provider.
type Telemetry struct {
	// Logger writes JSON lines to stdout; it is also installed as slog's
	// default logger.
	Logger *slog.Logger
	// Provider is installed as the global tracer provider.
	Provider *sdktrace.TracerProvider
	// Exporting reports whether spans leave the process (an OTLP endpoint is
	// configured and OTEL_TRACES_EXPORTER is not "none").
	Exporting bool
}

// Tracer returns a tracer named after the instrumenting package.
func (t *Telemetry) Tracer(name string) trace.Tracer { return t.Provider.Tracer(name) }

// ForceFlush exports every finished span now. Call it at the end of each
// invocation on platforms that freeze the process between invocations.
func (t *Telemetry) ForceFlush(ctx context.Context) error { return t.Provider.ForceFlush(ctx) }

// Shutdown flushes and stops the tracer provider.
func (t *Telemetry) Shutdown(ctx context.Context) error { return t.Provider.Shutdown(ctx) }

// Option adjusts [Setup].
type Option func(*config)

type config struct {
	headers   map[string]string
	logWriter io.Writer
	auth      map[string]ClientFunc
}

// WithOTLPHeaders sets the OTLP export headers explicitly, for when they were
// read from a secret store rather than from OTEL_EXPORTER_OTLP_HEADERS. They
// take precedence over that variable. A nil map changes nothing.
func WithOTLPHeaders(headers map[string]string) Option {
	return func(c *config) { c.headers = headers }
}

// WithLogWriter sends log lines to w instead of stdout.
func WithLogWriter(w io.Writer) Option {
	return func(c *config) { c.logWriter = w }
}

// Setup configures logging and tracing from the telemetry contract's
// environment and installs the tracer provider, the W3C TraceContext
// propagator, an OTel error handler that logs, and the logger as slog's
// default. Values it cannot use are logged as warnings and replaced by their
// defaults; telemetry settings never stop a workload from starting.
//
// When GOOGLE_CLOUD_PROJECT is set, log lines also carry Cloud Logging's
// fields (see [HandlerOptions]). When GROUNDWORK_OTLP_AUTH is set, spans are
// exported with the client registered for it by [WithOTLPAuth]; without one,
// or without credentials, they are not exported.
func Setup(ctx context.Context, opts ...Option) (*Telemetry, error) {
	cfg := config{logWriter: os.Stdout}
	for _, opt := range opts {
		opt(&cfg)
	}

	level, levelErr := ParseLevel(os.Getenv(telemetry.EnvLogLevel))
	project := strings.TrimSpace(os.Getenv(workloadenv.GoogleCloudProject))
	logger := NewLoggerWith(cfg.logWriter, level, HandlerOptions{GoogleCloudProject: project})
	if levelErr != nil {
		logger.Warn("ignoring "+telemetry.EnvLogLevel, "error", levelErr)
	}
	if f := os.Getenv(telemetry.EnvLogFormat); f != "" && f != telemetry.LogFormatJSON {
		logger.Warn("only JSON logs are supported; ignoring "+telemetry.EnvLogFormat, "value", f)
	}

	ratio, err := sampleRatio(os.Getenv(telemetry.EnvSamplerArg))
	if err != nil {
		logger.Warn("ignoring "+telemetry.EnvSamplerArg, "error", err, "ratio", ratio)
	}
	if s := os.Getenv(telemetry.EnvSampler); s != "" && s != telemetry.SamplerParentRatio {
		logger.Warn("unsupported sampler; using "+telemetry.SamplerParentRatio, "sampler", s)
	}

	exporting := exportEnabled(logger)
	var client *http.Client
	if exporting {
		client, exporting = cfg.exportClient(ctx, logger)
	}

	resOpts := []resource.Option{resource.WithService(), resource.WithTelemetrySDK()}
	if client != nil && project != "" {
		// Cloud Trace's OTLP endpoint files spans under this project; the
		// variables below may still override it.
		resOpts = append(resOpts, resource.WithAttributes(attribute.String(gcpProjectIDKey, project)))
	}
	res, err := resource.New(ctx, append(resOpts, resource.WithFromEnv())...)
	if err != nil {
		if res == nil {
			return nil, fmt.Errorf("obs: build resource: %w", err)
		}
		logger.Warn("partial telemetry resource", "error", err)
	}

	tpOpts := []sdktrace.TracerProviderOption{
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio))),
	}
	if exporting {
		var eopts []otlptracehttp.Option
		if cfg.headers != nil {
			eopts = append(eopts, otlptracehttp.WithHeaders(cfg.headers))
		}
		if client != nil {
			eopts = append(eopts, otlptracehttp.WithHTTPClient(client))
		}
		exp, err := otlptracehttp.New(ctx, eopts...)
		if err != nil {
			return nil, fmt.Errorf("obs: create OTLP exporter: %w", err)
		}
		tpOpts = append(tpOpts, sdktrace.WithBatcher(exp))
	}
	tp := sdktrace.NewTracerProvider(tpOpts...)

	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		logger.Warn("telemetry error", "error", err)
	}))
	slog.SetDefault(logger)
	return &Telemetry{Logger: logger, Provider: tp, Exporting: exporting}, nil
}

// gcpProjectIDKey is the resource attribute naming the Google Cloud project
// spans are written to.
const gcpProjectIDKey = "gcp.project_id"

// exportEnabled decides from the environment whether spans are exported.
func exportEnabled(logger *slog.Logger) bool {
	exporter := os.Getenv(telemetry.EnvTracesExporter)
	endpoint := os.Getenv(telemetry.EnvEndpoint)
	switch {
	case exporter == telemetry.ExporterNone:
		return false
	case exporter != "" && exporter != telemetry.ExporterOTLP:
		logger.Warn("unsupported traces exporter; spans are not exported", "exporter", exporter)
		return false
	case endpoint == "":
		if exporter == telemetry.ExporterOTLP {
			logger.Warn(telemetry.EnvEndpoint + " is not set; spans are not exported")
		}
		return false
	}
	if p := os.Getenv(telemetry.EnvProtocol); p != "" && p != telemetry.ProtocolHTTPProtobuf {
		logger.Warn("unsupported OTLP protocol; exporting "+telemetry.ProtocolHTTPProtobuf, "protocol", p)
	}
	return true
}

// ParseLevel parses a LOG_LEVEL value: debug, info, warn or error, in any
// case. Empty means telemetry.DefaultLogLevel. On error it returns the
// default level with the error.
func ParseLevel(s string) (slog.Level, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		s = telemetry.DefaultLogLevel
	}
	switch s {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	def, _ := ParseLevel(telemetry.DefaultLogLevel)
	return def, fmt.Errorf("log level must be one of debug, info, warn, error, got %q", s)
}

// sampleRatio parses OTEL_TRACES_SAMPLER_ARG; empty means
// telemetry.DefaultSampleRatio.
func sampleRatio(s string) (float64, error) {
	if strings.TrimSpace(s) == "" {
		return telemetry.DefaultSampleRatio, nil
	}
	r, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || r < 0 || r > 1 {
		return telemetry.DefaultSampleRatio, fmt.Errorf("sample ratio must be a number between 0 and 1, got %q", s)
	}
	return r, nil
}
