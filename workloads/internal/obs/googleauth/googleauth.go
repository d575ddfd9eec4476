// Package googleauth lets [obs.Setup] export spans to Cloud Trace's OTLP
// endpoint (telemetry.OTLPAuthGoogle, GROUNDWORK_OTLP_AUTH=google): the
// exporter's HTTP client adds an OAuth2 access token from Application Default
// Credentials with the trace.append scope. On Cloud Run those are the
// service's own service account, read from the metadata server.
//
// It is a package of its own so that workloads outside Google Cloud do not
// link Google's credential code:
//
//	tel, err := obs.Setup(ctx, googleauth.Option())
//
// Setup calls the option only when GROUNDWORK_OTLP_AUTH=google and an OTLP
// endpoint is configured. Missing credentials are logged once and the
// workload runs without exporting spans.
package googleauth

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// TraceAppendScope is the narrowest OAuth2 scope that writes spans.
const TraceAppendScope = "https://www.googleapis.com/auth/trace.append"

// ExportTimeout bounds one export request, as the OTLP exporter's own client
// does by default (OTEL_EXPORTER_OTLP_TIMEOUT, 10 s); a client given to the
// exporter replaces that setting.
const ExportTimeout = 10 * time.Second

// Option registers Application Default Credentials for
// GROUNDWORK_OTLP_AUTH=google.
func Option() obs.Option {
	return obs.WithOTLPAuth(telemetry.OTLPAuthGoogle, DefaultClient)
}

// OptionWithTokenSource registers ts instead of Application Default
// Credentials, for callers holding their own credentials, and tests.
func OptionWithTokenSource(ts oauth2.TokenSource) obs.Option {
	return obs.WithOTLPAuth(telemetry.OTLPAuthGoogle, func(context.Context) (*http.Client, error) {
		return Client(ts), nil
	})
}

// DefaultClient returns [Client] over Application Default Credentials with
// [TraceAppendScope]. It fails when no credentials can be found; tokens are
// fetched, and refreshed, on the first export and later ones.
func DefaultClient(ctx context.Context) (*http.Client, error) {
	// The token source keeps using this context to refresh tokens, for the
	// life of the process: it must not be cancelled with Setup's.
	creds, err := google.FindDefaultCredentials(context.WithoutCancel(ctx), TraceAppendScope)
	if err != nil {
		return nil, fmt.Errorf("googleauth: find Application Default Credentials: %w", err)
	}
	return Client(creds.TokenSource), nil
}

// Client returns an HTTP client that sends "Authorization: Bearer <token>"
// with tokens from ts, reused until they expire, and gives up on a request
// after [ExportTimeout].
func Client(ts oauth2.TokenSource) *http.Client {
	return &http.Client{
		Timeout: ExportTimeout,
		Transport: &oauth2.Transport{
			Source: oauth2.ReuseTokenSource(nil, ts),
			Base:   http.DefaultTransport.(*http.Transport).Clone(),
		},
	}
}
