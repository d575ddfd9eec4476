package telemetry

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// Settings describe one workload's telemetry. The zero value of each field
// means the default named in its comment.
type Settings struct {
	// ServiceName becomes OTEL_SERVICE_NAME and the service.name resource
	// attribute. Required.
	ServiceName string
	// Endpoint is the OTLP/HTTP base URL (the SDK appends /v1/traces). Empty
	// means spans are not exported (OTEL_TRACES_EXPORTER=none); trace ids are
	// still generated and logged.
	Endpoint string
	// SampleRatio is the ratio of new traces sampled, in [0, 1]. Nil means
	// DefaultSampleRatio.
	SampleRatio *float64
	// Environment becomes deployment.environment (the stack name).
	Environment string
	// Version becomes service.version (the kit uses the artifact's hash).
	Version string
	// CloudProvider becomes cloud.provider (aws, gcp, cloudflare).
	CloudProvider string
	// LogLevel is debug, info, warn or error. Empty means DefaultLogLevel.
	LogLevel string
}

// Bounds on what reaches a workload's environment.
const (
	// MaxEndpointBytes: no OTLP endpoint URL needs more.
	MaxEndpointBytes = 2048
	// MaxHeadersBytes: Lambda's whole environment is 4 KB.
	MaxHeadersBytes = 2048
)

var logLevels = map[string]bool{"debug": true, "info": true, "warn": true, "error": true}

// Check reports every problem at once; fields are the keys under
// groundwork:telemetry.
func (s Settings) Check() problem.List {
	var out problem.List
	if s.ServiceName == "" {
		out.Add("serviceName", "is required (it becomes OTEL_SERVICE_NAME)")
	}
	if s.Endpoint != "" {
		u, err := url.Parse(s.Endpoint)
		switch {
		case len(s.Endpoint) > MaxEndpointBytes:
			out.Add("otlpEndpoint", "is %d bytes, more than the %d a URL needs", len(s.Endpoint), MaxEndpointBytes)
		case strings.Contains(s.Endpoint, "@") || (err == nil && u.User != nil):
			// Not quoted: what precedes the @ is a credential.
			out.Add("otlpEndpoint", "must not carry credentials in the URL; put them in telemetry.otlpHeaders (a secret)")
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s.Endpoint, " \t\r\n"):
			out.Add("otlpEndpoint", "must be an http(s) URL such as https://otlp.example.com, got %q", s.Endpoint)
		}
	}
	if r := s.SampleRatio; r != nil && (*r < 0 || *r > 1) {
		out.Add("sampleRatio", "must be between 0 and 1, got %v; use 0.1 to sample one trace in ten", *r)
	}
	if s.LogLevel != "" && !logLevels[s.LogLevel] {
		out.Add("logLevel", "must be one of debug, info, warn, error, got %q", s.LogLevel)
	}
	return out
}

// Ratio is the effective sample ratio.
func (s Settings) Ratio() float64 {
	if s.SampleRatio == nil {
		return DefaultSampleRatio
	}
	return *s.SampleRatio
}

// Env is the plain (non-secret) environment of the contract. OTLP headers are
// not in it: platforms deliver EnvHeaders from their secret store.
func (s Settings) Env() map[string]string {
	level := s.LogLevel
	if level == "" {
		level = DefaultLogLevel
	}
	env := map[string]string{
		EnvServiceName:    s.ServiceName,
		EnvProtocol:       ProtocolHTTPProtobuf,
		EnvSampler:        SamplerParentRatio,
		EnvSamplerArg:     strconv.FormatFloat(s.Ratio(), 'f', -1, 64),
		EnvLogFormat:      LogFormatJSON,
		EnvLogLevel:       level,
		EnvTracesExporter: ExporterNone,
	}
	if s.Endpoint != "" {
		env[EnvEndpoint] = s.Endpoint
		env[EnvTracesExporter] = ExporterOTLP
	}
	if attrs := s.resourceAttributes(); attrs != "" {
		env[EnvResourceAttributes] = attrs
	}
	return env
}

// resourceAttributes percent-encodes values as the OpenTelemetry spec reads
// them (a space is %20, never +).
func (s Settings) resourceAttributes() string {
	kv := map[string]string{
		"deployment.environment": s.Environment,
		"service.version":        s.Version,
		"cloud.provider":         s.CloudProvider,
	}
	keys := make([]string, 0, len(kv))
	for k, v := range kv {
		if v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + url.PathEscape(kv[k])
	}
	return strings.Join(parts, ",")
}

// headerKey is an HTTP token (RFC 9110, section 5.6.2).
var headerKey = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")

// CheckHeaders checks OTEL_EXPORTER_OTLP_HEADERS, a secret, for the form
// the OpenTelemetry specification gives it: comma-separated key=value pairs
// (opentelemetry.io/docs/specs/otel/protocol/exporter/#specifying-headers-via-environment-variables).
// Its problems say which pair is wrong and never what it holds.
func CheckHeaders(headers string) problem.List {
	var out problem.List
	if len(headers) > MaxHeadersBytes {
		out.Add("otlpHeaders", "is %d bytes, more than the %d any exporter's headers need", len(headers), MaxHeadersBytes)
		return out
	}
	for i, pair := range strings.Split(headers, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
		switch {
		case !ok:
			out.Add("otlpHeaders", "pair %d has no '=': write key=value pairs separated by commas, e.g. x-api-key=KEY", i+1)
		case !headerKey.MatchString(strings.TrimSpace(k)):
			out.Add("otlpHeaders", "pair %d has an empty key or one that is not an HTTP header name", i+1)
		case strings.TrimSpace(v) == "":
			out.Add("otlpHeaders", "pair %d has an empty value", i+1)
		}
	}
	return out
}
