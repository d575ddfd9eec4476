package googleauth

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"go.opentelemetry.io/otel"
	"golang.org/x/oauth2"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

func TestClientAddsBearerToken(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
	}))
	defer srv.Close()

	c := Client(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "ya29.test"}))
	resp, err := c.Post(srv.URL+"/v1/traces", "application/x-protobuf", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got != "Bearer ya29.test" {
		t.Errorf("Authorization = %q", got)
	}
	if c.Timeout != ExportTimeout {
		t.Errorf("Timeout = %v", c.Timeout)
	}
}

func TestSetupExportsWithToken(t *testing.T) {
	got := make(chan *http.Request, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r
	}))
	defer srv.Close()
	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterOTLP)
	t.Setenv(telemetry.EnvEndpoint, srv.URL)
	t.Setenv(telemetry.EnvOTLPAuth, telemetry.OTLPAuthGoogle)

	var buf bytes.Buffer
	tel, err := obs.Setup(context.Background(), obs.WithLogWriter(&buf),
		OptionWithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "ya29.test"})))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	_, span := otel.Tracer("test").Start(context.Background(), "op")
	span.End()
	if err := tel.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-got:
		if r.URL.Path != "/v1/traces" || r.Header.Get("Authorization") != "Bearer ya29.test" {
			t.Errorf("export to %s with Authorization %q", r.URL.Path, r.Header.Get("Authorization"))
		}
	default:
		t.Fatalf("no export request; log:\n%s", buf.String())
	}
}

func TestDefaultClientWithoutCredentialsFails(t *testing.T) {
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
	if _, err := DefaultClient(context.Background()); err == nil {
		t.Fatal("DefaultClient succeeded without credentials")
	}
}

func TestSetupWithoutCredentialsDoesNotExport(t *testing.T) {
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterOTLP)
	t.Setenv(telemetry.EnvEndpoint, telemetry.GoogleOTLPEndpoint)
	t.Setenv(telemetry.EnvOTLPAuth, telemetry.OTLPAuthGoogle)
	var buf bytes.Buffer
	tel, err := obs.Setup(context.Background(), obs.WithLogWriter(&buf), Option())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	if tel.Exporting || !bytes.Contains(buf.Bytes(), []byte("no credentials for OTLP export")) {
		t.Errorf("exporting = %v, log:\n%s", tel.Exporting, buf.String())
	}
}
