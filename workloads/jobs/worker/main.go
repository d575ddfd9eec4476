// Command worker is the job worker Lambda, fed by an SQS event source mapping
// with ReportBatchItemFailures: it writes each job once to PostgreSQL through
// the pooled (transaction-mode) URL, and runs the daily key retention job
// (groundwork-key-retention) that deletes old jobs. The logic is in packages
// worker and store; this file reads the environment and wires the
// dependencies.
//
// Environment (names from components/workloadenv and components/telemetry):
//
//	DATABASE_URL_SECRET_ARN  Secrets Manager ARN of the pooled database URL
//	DB_POOL_SIZE             connections per instance (default 1)
//	DB_CONNECT_TIMEOUT       connect and pool-acquire bound (default 5s)
//	DB_STATEMENT_TIMEOUT     SET LOCAL statement_timeout (default 10s)
//	MESSAGE_TIMEOUT          per-message deadline (default 20s)
//	SECRET_FETCH_TIMEOUT     each secret read at init (default 3s)
//	OTEL_EXPORTER_OTLP_HEADERS_SECRET_ARN, OTEL_*, LOG_LEVEL: telemetry
//
// DATABASE_URL, when set, is the pooled URL itself and takes precedence over
// DATABASE_URL_SECRET_ARN. It is for local runs and tests only; deployed
// functions get the ARN.
//
// The database is not contacted at init. If its URL cannot be had, the
// function still starts, logs why once, and fails every message (they are
// redelivered, then dead-lettered).
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/lambdaboot"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/store"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/worker"
)

func main() {
	ctx := context.Background()
	env := &envconf.Reader{}
	boot, err := lambdaboot.Init(ctx, env)
	if err != nil {
		lambdaboot.Fatal(nil, err)
	}
	log := boot.Logger

	cfg := store.Config{
		PoolSize:         env.Int(workloadenv.DBPoolSize, workloadenv.DefaultPoolSize),
		ConnectTimeout:   env.Duration(workloadenv.DBConnectTimeout, workloadenv.DefaultConnectTimeout),
		StatementTimeout: env.Duration(workloadenv.DBStatementTimeout, workloadenv.DefaultStatementTimeout),
	}
	h := &worker.Handler{
		MessageTimeout: env.Duration(workloadenv.MessageTimeout, worker.DefaultMessageTimeout),
		Instruments:    obs.Instruments{Tracer: boot.Telemetry.Tracer("github.com/groundwork-iac/groundwork/workloads/jobs/worker"), Logger: log},
		Flush:          boot.Telemetry.ForceFlush,
	}
	if err := env.Err(); err != nil {
		lambdaboot.Fatal(log, err)
	}

	h.Store = openStore(ctx, boot, cfg)
	lambda.StartWithOptions(h.Handle, lambda.WithEnableSIGTERM(func() {
		_ = boot.Telemetry.Shutdown(context.Background())
	}))
}

// openStore returns the database store, or a store failing every message
// when the URL cannot be had.
func openStore(ctx context.Context, boot *lambdaboot.Boot, cfg store.Config) worker.Store {
	log := boot.Logger
	url, err := boot.Secret(ctx, workloadenv.LocalDatabaseURL, workloadenv.DatabaseURLSecretARN)
	if err != nil {
		log.Error("database URL unavailable; failing every message", "error", err)
		return worker.Unavailable(err)
	}
	cfg.URL = url
	s, err := store.Open(cfg)
	if err != nil {
		log.Error("database unusable; failing every message", "error", err)
		return worker.Unavailable(err)
	}
	log.Info("worker ready", "database", store.Describe(url), "pool_size", cfg.PoolSize,
		"exporting_spans", boot.Telemetry.Exporting)
	return s
}
