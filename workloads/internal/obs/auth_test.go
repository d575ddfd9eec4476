package obs

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// headerTransport adds one header to every request.
type headerTransport struct{ key, value string }

func (h headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(h.key, h.value)
	return http.DefaultTransport.RoundTrip(r)
}

func TestSetupExportsWithAuthClient(t *testing.T) {
	got := make(chan *http.Request, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterOTLP)
	t.Setenv(telemetry.EnvEndpoint, srv.URL)
	t.Setenv(telemetry.EnvOTLPAuth, "custom")

	var buf bytes.Buffer
	tel, err := Setup(context.Background(), WithLogWriter(&buf),
		WithOTLPAuth("custom", func(context.Context) (*http.Client, error) {
			return &http.Client{Transport: headerTransport{"Authorization", "Bearer t0k"}}, nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	if !tel.Exporting {
		t.Fatal("not exporting")
	}
	_, span := otel.Tracer("test").Start(context.Background(), "op")
	span.End()
	if err := tel.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-got:
		if r.Header.Get("Authorization") != "Bearer t0k" {
			t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
		}
	default:
		t.Fatal("no export request")
	}
}

func TestSetupWithoutCredentialsRunsWithoutExporting(t *testing.T) {
	t.Setenv(telemetry.EnvTracesExporter, telemetry.ExporterOTLP)
	t.Setenv(telemetry.EnvEndpoint, "http://127.0.0.1:1")
	for name, opts := range map[string][]Option{
		"credentials not found": {WithOTLPAuth(telemetry.OTLPAuthGoogle, func(context.Context) (*http.Client, error) {
			return nil, errors.New("could not find default credentials")
		})},
		"scheme not registered": nil,
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(telemetry.EnvOTLPAuth, telemetry.OTLPAuthGoogle)
			var buf bytes.Buffer
			tel, err := Setup(context.Background(), append(opts, WithLogWriter(&buf))...)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tel.Shutdown(context.Background()) }()
			if tel.Exporting {
				t.Error("exporting without credentials")
			}
			if n := strings.Count(buf.String(), "spans are not exported"); n != 1 {
				t.Errorf("want one warning, got %d:\n%s", n, buf.String())
			}
		})
	}
}
