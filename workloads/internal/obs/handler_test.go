package obs

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// lines decodes every JSON line in buf.
func lines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func TestLogLineHasContractKeysAtStartup(t *testing.T) {
	var buf bytes.Buffer
	NewLogger(&buf, slog.LevelInfo).Info("starting", "k", "v")

	got := lines(t, &buf)[0]
	for _, key := range []string{slog.TimeKey, slog.LevelKey, slog.MessageKey} {
		if _, ok := got[key]; !ok {
			t.Errorf("missing %q in %v", key, got)
		}
	}
	for _, key := range []string{telemetry.FieldRequestID, telemetry.FieldTraceID, telemetry.FieldSpanID} {
		v, ok := got[key]
		if !ok || v != "" {
			t.Errorf("%q = %v (present %v), want empty string", key, v, ok)
		}
	}
	if got["k"] != "v" || got[slog.MessageKey] != "starting" {
		t.Errorf("line = %v", got)
	}
}

func TestLogLineCarriesSpanAndRequestID(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, span := tp.Tracer("test").Start(context.Background(), "op")
	defer span.End()
	ctx = WithRequestID(ctx, "req-1")

	var buf bytes.Buffer
	logger := NewLogger(&buf, slog.LevelDebug)
	logger.DebugContext(ctx, "plain")
	logger.With("a", 1).WithGroup("g").With("b", 2).InfoContext(ctx, "grouped", "c", 3)

	sc := span.SpanContext()
	for i, got := range lines(t, &buf) {
		if got[telemetry.FieldTraceID] != sc.TraceID().String() {
			t.Errorf("line %d trace_id = %v, want %s", i, got[telemetry.FieldTraceID], sc.TraceID())
		}
		if got[telemetry.FieldSpanID] != sc.SpanID().String() {
			t.Errorf("line %d span_id = %v, want %s", i, got[telemetry.FieldSpanID], sc.SpanID())
		}
		if got[telemetry.FieldRequestID] != "req-1" {
			t.Errorf("line %d request_id = %v, want req-1", i, got[telemetry.FieldRequestID])
		}
		if i == 1 {
			g, _ := got["g"].(map[string]any)
			if got["a"] != 1.0 || g["b"] != 2.0 || g["c"] != 3.0 {
				t.Errorf("grouped line = %v", got)
			}
		}
	}
}

func TestLevelFiltering(t *testing.T) {
	var buf bytes.Buffer
	NewLogger(&buf, slog.LevelWarn).Info("hidden")
	if buf.Len() != 0 {
		t.Errorf("info logged at warn level: %s", buf.String())
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{
		"": slog.LevelInfo, "debug": slog.LevelDebug, "INFO": slog.LevelInfo,
		"warn": slog.LevelWarn, "error": slog.LevelError,
	} {
		got, err := ParseLevel(in)
		if err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if got, err := ParseLevel("loud"); err == nil || got != slog.LevelInfo {
		t.Errorf("ParseLevel(loud) = %v, %v; want info and an error", got, err)
	}
}

func TestRequestID(t *testing.T) {
	if RequestID(context.Background()) != "" {
		t.Error("request id without one set")
	}
	a, b := NewRequestID(), NewRequestID()
	if len(a) != 32 || a == b || !ValidRequestID(a) {
		t.Errorf("NewRequestID = %q, %q", a, b)
	}
	for id, want := range map[string]bool{
		"abc-123": true, "9f1c.2:x_y": true, "": false, "has space": false,
		"quote\"": false, strings.Repeat("a", 129): false,
	} {
		if ValidRequestID(id) != want {
			t.Errorf("ValidRequestID(%q) = %v", id, !want)
		}
	}
}
