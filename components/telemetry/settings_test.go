package telemetry

import (
	"reflect"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/components/problem"
)

func TestEnv(t *testing.T) {
	ratio := 0.1
	got := Settings{ServiceName: "jobs-worker", Endpoint: "https://otlp.example.com", SampleRatio: &ratio,
		Environment: "prod eu", Version: "abc123", CloudProvider: "aws", LogLevel: "warn"}.Env()
	want := map[string]string{
		EnvServiceName:        "jobs-worker",
		EnvEndpoint:           "https://otlp.example.com",
		EnvProtocol:           "http/protobuf",
		EnvTracesExporter:     "otlp",
		EnvSampler:            "parentbased_traceidratio",
		EnvSamplerArg:         "0.1",
		EnvResourceAttributes: "cloud.provider=aws,deployment.environment=prod%20eu,service.version=abc123",
		EnvLogFormat:          "json",
		EnvLogLevel:           "warn",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Env() =\n%v\nwant\n%v", got, want)
	}
	if _, ok := got[EnvHeaders]; ok {
		t.Error("the headers (a secret) must never be in the plain environment")
	}
}

func TestEnvWithoutEndpointKeepsTraceIDsButExportsNothing(t *testing.T) {
	got := Settings{ServiceName: "s"}.Env()
	if got[EnvTracesExporter] != "none" || got[EnvSamplerArg] != "1" || got[EnvLogLevel] != "info" {
		t.Errorf("Env() = %v", got)
	}
	if _, ok := got[EnvEndpoint]; ok {
		t.Error("endpoint set without one configured")
	}
}

func TestCheck(t *testing.T) {
	bad := 1.5
	var got problem.List
	got.Extend("telemetry", Settings{Endpoint: "https://user:pw@otlp.example.com", SampleRatio: &bad, LogLevel: "verbose"}.Check())
	want := []string{
		"telemetry.serviceName is required (it becomes OTEL_SERVICE_NAME)",
		"telemetry.otlpEndpoint must not carry credentials in the URL; put them in telemetry.otlpHeaders (a secret)",
		"telemetry.sampleRatio must be between 0 and 1, got 1.5; use 0.1 to sample one trace in ten",
		`telemetry.logLevel must be one of debug, info, warn, error, got "verbose"`,
	}
	if !reflect.DeepEqual(got.Strings(), want) {
		t.Errorf("Check() =\n%s\nwant\n%s", strings.Join(got.Strings(), "\n"), strings.Join(want, "\n"))
	}
}
