// Command receiver is the webhook receiver Lambda (API Gateway HTTP API,
// payload format 2.0): it verifies signed webhooks and queues them on SQS.
// The logic is in package receiver; this file reads the environment and
// wires the dependencies.
//
// Environment (names from components/workloadenv and components/telemetry):
//
//	WEBHOOK_SECRET_ARN       Secrets Manager ARN of the HMAC signing key
//	JOB_QUEUE_URL            SQS queue to send to
//	WEBHOOK_PATH             served path (default /webhook)
//	WEBHOOK_MAX_BODY_BYTES   body cap (default 262144)
//	WEBHOOK_TOLERANCE        replay window (default 5m)
//	HANDLER_TIMEOUT          per-request deadline (default 8s)
//	ENQUEUE_TIMEOUT          SendMessage deadline (default 3s)
//	SECRET_FETCH_TIMEOUT     each secret read at init (default 3s)
//	OTEL_EXPORTER_OTLP_HEADERS_SECRET_ARN, OTEL_*, LOG_LEVEL: telemetry
//
// WEBHOOK_SECRET, when set, is the signing key itself and takes precedence
// over WEBHOOK_SECRET_ARN. It is for local runs and tests only; deployed
// functions get the ARN. AWS_ENDPOINT_URL_SQS points the SQS client at a
// local fake.
//
// If the signing key or the queue URL cannot be had, the function still
// starts, logs why once, and answers every request 503 (fail closed).
package main

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/lambdaboot"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/internal/sqsqueue"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/receiver"
)

func main() {
	ctx := context.Background()
	env := &envconf.Reader{}
	boot, err := lambdaboot.Init(ctx, env)
	if err != nil {
		lambdaboot.Fatal(nil, err)
	}
	log := boot.Logger

	h := &receiver.Handler{
		Path:           env.String(workloadenv.WebhookPath, workloadenv.DefaultWebhookPath),
		MaxBodyBytes:   int64(env.Int(workloadenv.WebhookMaxBodyBytes, workloadenv.DefaultWebhookMaxBodyBytes)),
		Tolerance:      env.Duration(workloadenv.WebhookTolerance, workloadenv.DefaultWebhookTolerance),
		HandlerTimeout: env.Duration(workloadenv.HandlerTimeout, workloadenv.DefaultHandlerTimeout),
		EnqueueTimeout: env.Duration(workloadenv.EnqueueTimeout, workloadenv.DefaultEnqueueTimeout),
		Instruments:    obs.Instruments{Tracer: boot.Telemetry.Tracer("github.com/groundwork-iac/groundwork/workloads/jobs/receiver"), Logger: log},
		Flush:          boot.Telemetry.ForceFlush,
	}
	if err := env.Err(); err != nil {
		lambdaboot.Fatal(log, err)
	}

	key, err := boot.Secret(ctx, workloadenv.LocalWebhookSecret, workloadenv.WebhookSecretARN)
	if err != nil {
		log.Error("webhook signing key unavailable; answering 503 to every request", "error", err)
	} else {
		h.Key = []byte(key)
	}
	if url := env.String(workloadenv.JobQueueURL, ""); url != "" {
		h.Queue = &sqsqueue.Queue{Client: sqs.NewFromConfig(boot.AWS), URL: url}
	} else {
		log.Error("job queue unavailable; answering 503 to every request",
			"error", errors.New(workloadenv.JobQueueURL+" is not set"))
	}
	log.Info("receiver ready", "path", h.Path, "exporting_spans", boot.Telemetry.Exporting)

	lambda.StartWithOptions(h.Handle, lambda.WithEnableSIGTERM(func() {
		_ = boot.Telemetry.Shutdown(context.Background())
	}))
}
