package obs

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

func TestSetupWithoutExporterStillMintsIDs(t *testing.T) {
	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterNone)
	t.Setenv(telemetry.EnvEndpoint, "http://127.0.0.1:1")
	t.Setenv(telemetry.EnvServiceName, "svc")
	t.Setenv(telemetry.EnvLogLevel, "debug")
	var buf bytes.Buffer
	tel, err := Setup(context.Background(), WithLogWriter(&buf))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	if tel.Exporting {
		t.Error("exporting with OTEL_TRACES_EXPORTER=none")
	}
	ctx, span := otel.Tracer("test").Start(context.Background(), "op")
	span.End()
	if !span.SpanContext().IsValid() || !span.SpanContext().IsSampled() {
		t.Errorf("span context = %+v, want valid and sampled", span.SpanContext())
	}
	tel.Logger.DebugContext(ctx, "hello")
	got := lines(t, &buf)
	if got[len(got)-1][telemetry.FieldTraceID] != span.SpanContext().TraceID().String() {
		t.Errorf("log = %v", got)
	}
}

func TestSetupExportsWithExplicitHeaders(t *testing.T) {
	got := make(chan *http.Request, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()

	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterOTLP)
	t.Setenv(telemetry.EnvEndpoint, srv.URL)
	t.Setenv(telemetry.EnvHeaders, "x-api-key=from-env")
	t.Setenv(telemetry.EnvSamplerArg, "1")
	var buf bytes.Buffer
	tel, err := Setup(context.Background(),
		WithLogWriter(&buf), WithOTLPHeaders(map[string]string{"x-api-key": "from-secret"}))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	if !tel.Exporting {
		t.Fatal("not exporting with an endpoint set")
	}
	_, span := otel.Tracer("test").Start(context.Background(), "op")
	span.End()
	if err := tel.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-got:
		if r.URL.Path != "/v1/traces" || r.Header.Get("x-api-key") != "from-secret" {
			t.Errorf("export request %s with x-api-key %q", r.URL.Path, r.Header.Get("x-api-key"))
		}
	default:
		t.Fatal("no export request after ForceFlush")
	}
}

func TestSampleRatio(t *testing.T) {
	for in, want := range map[string]float64{"": 1, "0.25": 0.25, "0": 0, " 1 ": 1} {
		if got, err := sampleRatio(in); err != nil || got != want {
			t.Errorf("sampleRatio(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"2", "-1", "half"} {
		if got, err := sampleRatio(in); err == nil || got != telemetry.DefaultSampleRatio {
			t.Errorf("sampleRatio(%q) = %v, %v; want default and error", in, got, err)
		}
	}
}

func TestParseOTLPHeaders(t *testing.T) {
	got, err := ParseOTLPHeaders("Authorization=Basic%20abc, x-team = ops ,")
	if err != nil || len(got) != 2 || got["Authorization"] != "Basic abc" || got["x-team"] != "ops" {
		t.Errorf("ParseOTLPHeaders = %v, %v", got, err)
	}
	for _, bad := range []string{"", "novalue", "=v", "k=%zz"} {
		if _, err := ParseOTLPHeaders(bad); err == nil {
			t.Errorf("ParseOTLPHeaders(%q) accepted", bad)
		}
	}
	_, err = ParseOTLPHeaders("token-s3cret")
	if err == nil || bytes.Contains([]byte(err.Error()), []byte("s3cret")) {
		t.Errorf("error %v must not echo the entry", err)
	}
}
