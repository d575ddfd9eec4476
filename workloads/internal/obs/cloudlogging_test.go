package obs

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

var contractKeys = []string{slog.TimeKey, slog.LevelKey, slog.MessageKey,
	telemetry.FieldRequestID, telemetry.FieldTraceID, telemetry.FieldSpanID}

func TestGoogleFieldsWithSpan(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, span := tp.Tracer("test").Start(context.Background(), "op")
	defer span.End()

	var buf bytes.Buffer
	logger := NewLoggerWith(&buf, slog.LevelDebug, HandlerOptions{GoogleCloudProject: "my-proj"})
	logger.WarnContext(ctx, "slow")
	logger.WithGroup("g").ErrorContext(ctx, "grouped", "k", "v")

	sc := span.SpanContext()
	for i, got := range lines(t, &buf) {
		for _, key := range contractKeys {
			if _, ok := got[key]; !ok {
				t.Errorf("line %d misses %q: %v", i, key, got)
			}
		}
		if want := "projects/my-proj/traces/" + sc.TraceID().String(); got[GoogleTraceKey] != want {
			t.Errorf("line %d trace = %v, want %s", i, got[GoogleTraceKey], want)
		}
		if got[GoogleSpanIDKey] != sc.SpanID().String() || got[GoogleTraceSampledKey] != true {
			t.Errorf("line %d span fields = %v %v", i, got[GoogleSpanIDKey], got[GoogleTraceSampledKey])
		}
		if want := []string{"WARNING", "ERROR"}[i]; got[GoogleSeverityKey] != want {
			t.Errorf("line %d severity = %v, want %s", i, got[GoogleSeverityKey], want)
		}
	}
}

func TestGoogleFieldsWithoutSpanOrProject(t *testing.T) {
	var buf bytes.Buffer
	NewLoggerWith(&buf, slog.LevelInfo, HandlerOptions{GoogleCloudProject: "p"}).Info("starting")
	NewLogger(&buf, slog.LevelInfo).Info("plain")
	got := lines(t, &buf)
	if got[0][GoogleSeverityKey] != "INFO" {
		t.Errorf("severity = %v", got[0][GoogleSeverityKey])
	}
	if _, ok := got[0][GoogleTraceKey]; ok {
		t.Errorf("trace field without a span: %v", got[0])
	}
	for _, key := range []string{GoogleSeverityKey, GoogleTraceKey, GoogleSpanIDKey} {
		if _, ok := got[1][key]; ok {
			t.Errorf("%q present without a project: %v", key, got[1])
		}
	}
}

func TestSeverity(t *testing.T) {
	for level, want := range map[slog.Level]string{
		slog.LevelDebug - 4: "DEBUG", slog.LevelDebug: "DEBUG", slog.LevelInfo: "INFO", slog.LevelInfo + 2: "INFO",
		slog.LevelWarn: "WARNING", slog.LevelError: "ERROR", slog.LevelError + 4: "ERROR",
	} {
		if got := Severity(level); got != want {
			t.Errorf("Severity(%v) = %s, want %s", level, got, want)
		}
	}
}

func TestSetupAddsGoogleFieldsFromEnv(t *testing.T) {
	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterNone)
	t.Setenv(workloadenv.GoogleCloudProject, "proj-1")
	var buf bytes.Buffer
	tel, err := Setup(context.Background(), WithLogWriter(&buf))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	ctx, span := tel.Tracer("test").Start(context.Background(), "op")
	tel.Logger.InfoContext(ctx, "hello")
	span.End()
	got := lines(t, &buf)
	last := got[len(got)-1]
	if last[GoogleTraceKey] != "projects/proj-1/traces/"+span.SpanContext().TraceID().String() || last[GoogleSeverityKey] != "INFO" {
		t.Errorf("line = %v", last)
	}
}
