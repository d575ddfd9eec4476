package obs

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// Cloud Logging's special JSON fields: a line written to stdout on Cloud Run
// with these keys is linked to its trace in Cloud Trace and shown at its
// severity.
const (
	GoogleTraceKey        = "logging.googleapis.com/trace"
	GoogleSpanIDKey       = "logging.googleapis.com/spanId"
	GoogleTraceSampledKey = "logging.googleapis.com/trace_sampled"
	GoogleSeverityKey     = "severity"
)

// HandlerOptions adjust the handler of [NewHandlerWith] and [NewLoggerWith].
// The zero value adds only the contract's fields.
type HandlerOptions struct {
	// GoogleCloudProject, when set, adds Cloud Logging's fields to every
	// line, beside the contract's: severity (DEBUG, INFO, WARNING, ERROR) and,
	// when a span is active, logging.googleapis.com/trace
	// ("projects/<project>/traces/<trace id>"), logging.googleapis.com/spanId
	// and logging.googleapis.com/trace_sampled. [Setup] sets it from
	// GOOGLE_CLOUD_PROJECT.
	GoogleCloudProject string
}

// appendGoogleFields appends Cloud Logging's fields to attrs when a project
// is configured.
func (o HandlerOptions) appendGoogleFields(ctx context.Context, attrs []slog.Attr, level slog.Level) []slog.Attr {
	if o.GoogleCloudProject == "" {
		return attrs
	}
	attrs = append(attrs, slog.String(GoogleSeverityKey, Severity(level)))
	if ctx == nil {
		return attrs
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		attrs = append(attrs,
			slog.String(GoogleTraceKey, "projects/"+o.GoogleCloudProject+"/traces/"+sc.TraceID().String()),
			slog.String(GoogleSpanIDKey, sc.SpanID().String()),
			slog.Bool(GoogleTraceSampledKey, sc.IsSampled()))
	}
	return attrs
}

// Severity maps a slog level to Cloud Logging's severity: below info is
// DEBUG, below warn INFO, below error WARNING, and ERROR from there up.
func Severity(level slog.Level) string {
	switch {
	case level < slog.LevelInfo:
		return "DEBUG"
	case level < slog.LevelWarn:
		return "INFO"
	case level < slog.LevelError:
		return "WARNING"
	}
	return "ERROR"
}
