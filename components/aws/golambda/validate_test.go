package golambda

import (
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		args Args
		want []string
	}{
		{"valid", Args{Package: "./x", Timeout: time.Minute}, nil},
		{"no timeout, no code", Args{}, []string{
			"Package is required: the Go main package to build, e.g. ./cmd/worker (or set Zip to a prebuilt package)",
			"Timeout is required: the platform default of 3s is a trap; set it explicitly, e.g. 60s for a queue worker, 10s for a webhook receiver",
		}},
		{"timeout over the limit", Args{Package: "./x", Timeout: 20 * time.Minute}, []string{
			"Timeout must be at most 15m0s (Lambda limit), got 20m0s; move longer work to a container job",
		}},
		{"fractional timeout", Args{Package: "./x", Timeout: 1500 * time.Millisecond}, []string{
			"Timeout must be whole seconds (Lambda's unit), got 1.5s",
		}},
		{"memory, retention, levels", Args{Package: "./x", Timeout: time.Minute, MemoryMB: 64, LogRetentionDays: 2, SystemLogLevel: "ERROR"}, []string{
			"MemoryMB must be between 128 and 10240, got 64",
			"LogRetentionDays must be one of [1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653] (CloudWatch Logs values), got 2",
			`SystemLogLevel must be DEBUG, INFO or WARN, got "ERROR"`,
		}},
		{"provisioned over reserved", Args{Package: "./x", Timeout: time.Minute, ReservedConcurrency: 1, ProvisionedConcurrency: 2}, []string{
			"ProvisionedConcurrency (2) must not exceed ReservedConcurrency (1); raise the reservation or lower the provisioned count",
		}},
		{"env names", Args{Package: "./x", Timeout: time.Minute,
			Environment: map[string]pulumi.StringInput{"AWS_REGION": pulumi.String("x"), "1BAD": pulumi.String("x"), "DUP_SECRET_ARN": pulumi.String("x")},
			Secrets:     []SecretEnv{{Env: "DUP_SECRET_ARN"}, {Env: "DATABASE_URL"}}}, []string{
			`environment variable name "1BAD" is invalid: use letters, digits and _, starting with a letter`,
			"environment variable AWS_REGION is reserved by Lambda; choose another name",
			"environment variable DUP_SECRET_ARN is set twice (Environment and Secrets)",
			"secret environment variable DATABASE_URL must end in _SECRET_ARN: it carries an ARN, never the value",
		}},
		{"telemetry", Args{Package: "./x", Timeout: time.Minute, Telemetry: telemetry.Settings{Endpoint: "otlp.example.com"}}, []string{
			`telemetry.otlpEndpoint must be an http(s) URL such as https://otlp.example.com, got "otlp.example.com"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.args.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Validate() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestNewFailsBeforeRegistering(t *testing.T) {
	_, err := New(nil, "fn", Args{Package: "./x"})
	if err == nil || !strings.HasPrefix(err.Error(), `golambda "fn": Timeout is required`) {
		t.Fatalf("err = %v", err)
	}
}
