package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

func TestRequestID(t *testing.T) {
	h := newHarness(t, Config{})
	rec := h.do(http.MethodGet, "/v1/notes/42", "", telemetry.HeaderRequestID, "caller-id.1")
	if rec.Header().Get(telemetry.HeaderRequestID) != "caller-id.1" || decode(t, rec)[telemetry.FieldRequestID] != "caller-id.1" {
		t.Errorf("incoming id not echoed: header %q body %s", rec.Header().Get(telemetry.HeaderRequestID), rec.Body.String())
	}
	if got := h.accessLine(t)[telemetry.FieldRequestID]; got != "caller-id.1" {
		t.Errorf("log request_id = %v", got)
	}

	for _, bad := range []string{"", "has space", `x"; drop`, strings.Repeat("a", 129)} {
		rec := h.do(http.MethodGet, "/healthz", "", telemetry.HeaderRequestID, bad)
		got := rec.Header().Get(telemetry.HeaderRequestID)
		if got == bad || len(got) != 32 || !obs.ValidRequestID(got) {
			t.Errorf("invalid id %q answered with %q, want a new one", bad, got)
		}
	}
}

func TestSpanContinuesTraceparent(t *testing.T) {
	h := newHarness(t, Config{})
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	h.do(http.MethodGet, "/v1/notes/42", "",
		telemetry.HeaderTraceparent, tp,
		HeaderCloudTraceContext, "105445aa7843bc8bf206b12000100000/1;o=1")

	spans := h.spans.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	s := spans[0]
	if s.SpanContext().TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" ||
		s.Parent().SpanID().String() != "00f067aa0ba902b7" || !s.Parent().IsRemote() {
		t.Errorf("span trace %s parent %s: traceparent not continued", s.SpanContext().TraceID(), s.Parent().SpanID())
	}
	if s.Name() != "GET /v1/notes/{id}" || s.SpanKind() != trace.SpanKindServer {
		t.Errorf("span %q kind %v", s.Name(), s.SpanKind())
	}
	line := h.accessLine(t)
	if line[telemetry.FieldTraceID] != "4bf92f3577b34da6a3ce929d0e0e4736" || line[telemetry.FieldSpanID] != s.SpanContext().SpanID().String() {
		t.Errorf("log trace fields = %v %v", line[telemetry.FieldTraceID], line[telemetry.FieldSpanID])
	}
}

func TestSpanContinuesCloudTraceContext(t *testing.T) {
	h := newHarness(t, Config{})
	h.do(http.MethodGet, "/healthz", "", HeaderCloudTraceContext, "105445AA7843BC8BF206B12000100000/2882400018;o=1")
	s := h.spans.Ended()[0]
	if s.SpanContext().TraceID().String() != "105445aa7843bc8bf206b12000100000" ||
		s.Parent().SpanID().String() != "00000000abcdef12" || !s.SpanContext().IsSampled() {
		t.Errorf("span trace %s parent %s sampled %v", s.SpanContext().TraceID(), s.Parent().SpanID(), s.SpanContext().IsSampled())
	}
}

func TestParseCloudTraceContext(t *testing.T) {
	for in, want := range map[string]string{
		"105445aa7843bc8bf206b12000100000/1;o=1":                    "105445aa7843bc8bf206b12000100000 0000000000000001 sampled",
		"105445aa7843bc8bf206b12000100000/18446744073709551615;o=0": "105445aa7843bc8bf206b12000100000 ffffffffffffffff -",
		"105445aa7843bc8bf206b12000100000/255":                      "105445aa7843bc8bf206b12000100000 00000000000000ff -",
		"":                                                          "",
		"105445aa7843bc8bf206b12000100000":                          "",
		"105445aa7843bc8bf206b12000100000/0;o=1":                    "",
		"105445aa7843bc8bf206b12000100000/x;o=1":                    "",
		"105445aa7843bc8bf206b1200010000/1;o=1":                     "",
		"00000000000000000000000000000000/1;o=1":                    "",
		"105445aa7843bc8bf206b12000100000/18446744073709551616;o=1": "",
	} {
		sc, ok := ParseCloudTraceContext(in)
		got := ""
		if ok {
			sampled := "-"
			if sc.IsSampled() {
				sampled = "sampled"
			}
			got = sc.TraceID().String() + " " + sc.SpanID().String() + " " + sampled
			if !sc.IsRemote() {
				t.Errorf("%q: not remote", in)
			}
		}
		if got != want {
			t.Errorf("ParseCloudTraceContext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeadlineApplied(t *testing.T) {
	for _, timeout := range []time.Duration{50 * time.Millisecond, 0} {
		h := newHarness(t, Config{HandlerTimeout: timeout})
		want := h.srv.HandlerTimeout()
		h.store.hook = func(ctx context.Context) {
			if timeout > 0 {
				<-ctx.Done()
			}
		}
		h.store.err = context.DeadlineExceeded
		before := time.Now()
		rec := h.do(http.MethodGet, "/v1/notes", "")
		after := time.Now()
		assertError(t, rec, http.StatusGatewayTimeout, msgTimeout)
		if dl := h.store.deadline; dl.Before(before.Add(want)) || dl.After(after.Add(want)) {
			t.Errorf("timeout %v: store saw deadline %v after the start, want %v", timeout, dl.Sub(before), want)
		}
		if timeout > 0 && after.Sub(before) > 2*time.Second {
			t.Errorf("request took %v with a %v deadline", after.Sub(before), timeout)
		}
	}
	if got := newHarness(t, Config{}).srv.HandlerTimeout(); got != workloadenv.DefaultHTTPHandlerTimeout {
		t.Errorf("default HandlerTimeout = %v", got)
	}
}

func TestPanicBecomes500(t *testing.T) {
	h := newHarness(t, Config{})
	h.store.hook = func(context.Context) { panic("boom") }
	rec := h.do(http.MethodPost, "/v1/notes", `{"body": "x"}`)
	assertError(t, rec, http.StatusInternalServerError, msgInternal)
	if strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("answer leaks the panic: %s", rec.Body.String())
	}
	if h.accessLine(t)["status"] != float64(http.StatusInternalServerError) {
		t.Errorf("access log = %v", h.accessLine(t))
	}
	if !strings.Contains(h.logs.String(), `"msg":"panic serving request"`) || !strings.Contains(h.logs.String(), "boom") {
		t.Errorf("panic not logged:\n%s", h.logs.String())
	}
}

func TestAccessLogLine(t *testing.T) {
	h := newHarness(t, Config{})
	rec := h.do(http.MethodPost, "/v1/notes", `{"body": "hi"}`)
	line := h.accessLine(t)
	for _, key := range []string{slog.TimeKey, slog.LevelKey, slog.MessageKey,
		telemetry.FieldRequestID, telemetry.FieldTraceID, telemetry.FieldSpanID} {
		if v, ok := line[key].(string); !ok || v == "" {
			t.Errorf("%q = %v", key, line[key])
		}
	}
	if line["method"] != "POST" || line["route"] != "POST /v1/notes" || line["status"] != float64(http.StatusCreated) ||
		line["bytes"] != float64(rec.Body.Len()) || line[slog.LevelKey] != "INFO" {
		t.Errorf("line = %v", line)
	}
	if d, ok := line["duration_ms"].(float64); !ok || d < 0 {
		t.Errorf("duration_ms = %v", line["duration_ms"])
	}
}

func TestLogLinesCarryCloudLoggingFields(t *testing.T) {
	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterNone)
	t.Setenv(workloadenv.GoogleCloudProject, "my-project")
	var buf lockedBuffer
	tel, err := obs.Setup(context.Background(), obs.WithLogWriter(&buf))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	srv := New(&fakeStore{}, Config{}, obs.Instruments{Tracer: tel.Tracer("test"), Logger: tel.Logger})
	start := len(buf.String())
	req, _ := http.NewRequest(http.MethodGet, "/v1/notes/42", nil)
	req.Header.Set(HeaderCloudTraceContext, "105445aa7843bc8bf206b12000100000/1;o=1")
	srv.ServeHTTP(discardWriter{}, req)

	lines := decodeLines(t, buf.String()[start:])
	if len(lines) != 1 {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String()[start:])
	}
	line := lines[0]
	if line[obs.GoogleTraceKey] != "projects/my-project/traces/105445aa7843bc8bf206b12000100000" ||
		line[obs.GoogleSpanIDKey] != line[telemetry.FieldSpanID] || line[obs.GoogleSeverityKey] != "INFO" {
		t.Errorf("line = %v", line)
	}
	for _, key := range []string{slog.TimeKey, slog.LevelKey, slog.MessageKey,
		telemetry.FieldRequestID, telemetry.FieldTraceID, telemetry.FieldSpanID} {
		if _, ok := line[key]; !ok {
			t.Errorf("missing %q", key)
		}
	}
}

// discardWriter is a ResponseWriter that keeps nothing.
type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}

// A path no route matches is logged as one route, whatever the path: a
// scanner's 404s are one metric series.
func TestUnmatchedPathsAreOneRoute(t *testing.T) {
	h := newHarness(t, Config{})
	h.do(http.MethodGet, "/wp-login.php", "")
	line := h.accessLine(t)
	if line[telemetry.FieldRoute] != telemetry.RouteUnmatched || line[telemetry.FieldPath] != "/wp-login.php" || line["status"] != float64(http.StatusNotFound) {
		t.Errorf("line = %v", line)
	}
}
