package golambda

import (
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		args Args
		want []string
	}{
		{"valid", Args{Package: "./x", Timeout: time.Minute}, nil},
		{"no timeout, no code", Args{}, []string{
			"package is required: the Go main package to build, e.g. ./cmd/worker (or set Zip to a prebuilt package)",
			"timeout is required: the platform default of 3s is a trap; set it explicitly, e.g. 60s for a queue worker, 10s for a webhook receiver",
		}},
		{"timeout over the limit", Args{Package: "./x", Timeout: 20 * time.Minute}, []string{
			"timeout must be at most 15m0s (Lambda limit), got 20m0s; move longer work to a container job",
		}},
		{"fractional timeout", Args{Package: "./x", Timeout: 1500 * time.Millisecond}, []string{
			"timeout must be whole seconds (Lambda's unit), got 1.5s",
		}},
		{"memory, retention, levels", Args{Package: "./x", Timeout: time.Minute, MemoryMB: 64, LogRetentionDays: 2, SystemLogLevel: "ERROR"}, []string{
			"memoryMB must be between 128 and 10240, got 64",
			"logRetentionDays must be one of [1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653] (CloudWatch Logs values), got 2",
			`systemLogLevel must be DEBUG, INFO or WARN, got "ERROR"`,
		}},
		{"provisioned over reserved", Args{Package: "./x", Timeout: time.Minute, ReservedConcurrency: 1, ProvisionedConcurrency: 2}, []string{
			"provisionedConcurrency (2) must not exceed reservedConcurrency (1); raise the reservation or lower the provisioned count",
		}},
		{"env names", Args{Package: "./x", Timeout: time.Minute,
			Environment: map[string]pulumi.StringInput{"AWS_REGION": pulumi.String("x"), "1BAD": pulumi.String("x"), "DUP_SECRET_ARN": pulumi.String("x")},
			Secrets:     []SecretEnv{{Env: "DUP_SECRET_ARN", ARN: pulumi.String("arn:a")}, {Env: "DATABASE_URL", ARN: pulumi.String("arn:b")}}}, []string{
			`environment variable name "1BAD" is invalid: use two or more letters, digits and _, starting with a letter`,
			"environment variable AWS_REGION is reserved by Lambda; choose another name",
			"secrets variable DUP_SECRET_ARN is set twice (environment and secrets)",
			"secrets variable DATABASE_URL must end in _SECRET_ARN: it carries an ARN, never the value",
		}},
		{"secret without its ARN (wiring)", Args{Package: "./x", Timeout: time.Minute, Secrets: []SecretEnv{{Env: "DB_SECRET_ARN"}}}, []string{
			"secrets entry 0 (DB_SECRET_ARN) has no ARN: pass the secret's ARN output",
		}},
		{"telemetry", Args{Package: "./x", Timeout: time.Minute, Telemetry: telemetry.Settings{Endpoint: "otlp.example.com"}}, []string{
			`telemetry.otlpEndpoint must be an http(s) URL such as https://otlp.example.com, got "otlp.example.com"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.args.withDefaults("fn").check().Strings()
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("check() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestNewFailsBeforeRegistering(t *testing.T) {
	_, err := New(nil, "fn", Args{Package: "./x"})
	if err == nil || !strings.HasPrefix(err.Error(), `golambda "fn": timeout is required`) {
		t.Fatalf("err = %v", err)
	}
}

func TestEnvironmentOverLambdasLimit(t *testing.T) {
	a := Args{Package: "./x", Timeout: time.Minute, Environment: map[string]pulumi.StringInput{"BIG": pulumi.String(strings.Repeat("x", 4000))}}
	got := a.withDefaults("fn").check().Strings()
	if len(got) != 1 || !strings.HasPrefix(got[0], "environment is ") || !strings.HasSuffix(got[0], "over Lambda's 4096: move large values into a secret or the deployment package") {
		t.Errorf("check() = %q", got)
	}
	a.Environment["BIG"] = pulumi.String(strings.Repeat("x", 3000))
	if got := a.withDefaults("fn").check(); len(got) != 0 {
		t.Errorf("3000 bytes and the contract: %q", got.Strings())
	}
}
