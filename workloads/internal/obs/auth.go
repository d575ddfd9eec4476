package obs

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// ClientFunc returns the HTTP client the OTLP exporter sends spans with,
// typically one whose transport adds credentials. ctx is [Setup]'s; a
// ClientFunc must not tie the client's lifetime to it.
type ClientFunc func(ctx context.Context) (*http.Client, error)

// WithOTLPAuth makes [Setup] export with the client from f when
// GROUNDWORK_OTLP_AUTH equals scheme. Cloud-specific schemes live in their
// own packages (googleauth for telemetry.OTLPAuthGoogle), so a workload
// links a cloud's credential code only when it asks for it.
func WithOTLPAuth(scheme string, f ClientFunc) Option {
	return func(c *config) {
		if c.auth == nil {
			c.auth = map[string]ClientFunc{}
		}
		c.auth[scheme] = f
	}
}

// exportClient returns the exporter's HTTP client for the GROUNDWORK_OTLP_AUTH
// scheme: nil and true when no scheme is set (the exporter's own client),
// false when spans cannot be exported. Credentials that cannot be found are
// logged once, here, and never stop the workload.
func (c *config) exportClient(ctx context.Context, logger *slog.Logger) (*http.Client, bool) {
	scheme := strings.TrimSpace(os.Getenv(telemetry.EnvOTLPAuth))
	if scheme == "" {
		return nil, true
	}
	f, ok := c.auth[scheme]
	if !ok {
		logger.Warn("unsupported "+telemetry.EnvOTLPAuth+" for this workload; spans are not exported", "auth", scheme)
		return nil, false
	}
	client, err := f(ctx)
	if err != nil || client == nil {
		logger.Warn("no credentials for OTLP export; spans are not exported", "auth", scheme, "error", err)
		return nil, false
	}
	return client, true
}
