// Package lambdaboot is the init sequence the kit's AWS Lambda workloads
// share: load the AWS configuration, read the OTLP headers from Secrets
// Manager when OTEL_EXPORTER_OTLP_HEADERS_SECRET_ARN is set, set up telemetry
// with [obs.Setup], and read further secrets by ARN with a local override.
//
// Init never fails for a secret it cannot read: it logs the problem and
// carries on, so each workload decides how to fail closed.
package lambdaboot

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/awssecret"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// DefaultSecretFetchTimeout bounds each secret read at init (see workloadenv).
const DefaultSecretFetchTimeout = workloadenv.DefaultSecretFetchTimeout

// Boot is what a Lambda workload has after init.
type Boot struct {
	AWS       aws.Config
	Telemetry *obs.Telemetry
	Logger    *slog.Logger
	// Secrets reads Secrets Manager; SecretTimeout bounds each read.
	Secrets       awssecret.Client
	SecretTimeout time.Duration
	env           *envconf.Reader
}

// Init runs the shared init sequence, reading SECRET_FETCH_TIMEOUT and
// OTEL_EXPORTER_OTLP_HEADERS_SECRET_ARN through env (so malformed values are
// reported with the workload's own). It returns an error only when the AWS
// configuration or telemetry cannot be set up at all.
func Init(ctx context.Context, env *envconf.Reader) (*Boot, error) {
	timeout := env.Duration(workloadenv.SecretFetchTimeout, DefaultSecretFetchTimeout)
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	b := &Boot{
		AWS:           cfg,
		Secrets:       secretsmanager.NewFromConfig(cfg),
		SecretTimeout: timeout,
		env:           env,
	}

	var headers map[string]string
	var headersErr error
	if arn := env.String(workloadenv.OTLPHeadersSecretARN, ""); arn != "" {
		var raw string
		raw, headersErr = awssecret.Fetch(ctx, b.Secrets, arn, timeout)
		if headersErr == nil {
			headers, headersErr = obs.ParseOTLPHeaders(raw)
		}
	}
	tel, err := obs.Setup(ctx, obs.WithOTLPHeaders(headers))
	if err != nil {
		return nil, err
	}
	b.Telemetry, b.Logger = tel, tel.Logger
	if headersErr != nil {
		b.Logger.Error("OTLP headers unavailable; exporting spans without them", "error", headersErr)
	}
	return b, nil
}

// Secret returns the secret for a workload: the value of the local-only
// variable localEnv when it is set (local runs and tests), else the value of
// the Secrets Manager secret whose ARN is in arnEnv.
func (b *Boot) Secret(ctx context.Context, localEnv, arnEnv string) (string, error) {
	if v := b.env.String(localEnv, ""); v != "" {
		return v, nil
	}
	arn := b.env.String(arnEnv, "")
	if arn == "" {
		return "", fmt.Errorf("%s is not set (nor, for local runs, %s)", arnEnv, localEnv)
	}
	return awssecret.Fetch(ctx, b.Secrets, arn, b.SecretTimeout)
}

// Fatal logs err as the reason the workload cannot start and exits 1. logger
// may be nil when init failed before telemetry was set up.
func Fatal(logger *slog.Logger, err error) {
	if logger == nil {
		logger = obs.NewLogger(os.Stdout, slog.LevelInfo)
	}
	logger.Error("cannot start", "error", err)
	os.Exit(1)
}
