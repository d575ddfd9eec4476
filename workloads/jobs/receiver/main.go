// Command receiver is one webhook endpoint's receiver Lambda (API Gateway
// HTTP API, payload format 2.0): it verifies the sender's webhooks by the
// sender's own scheme and queues them on SQS. The logic is in package
// receiver; this file reads the environment and wires the dependencies.
//
// Environment (names from components/workloadenv and components/telemetry):
//
//	WEBHOOK_ENDPOINT         the endpoint's name; namespaces idempotency keys
//	WEBHOOK_SCHEME           standard, stripe, github, slack or shopify
//	WEBHOOK_SECRET_ARN       Secrets Manager secret: a JSON array of the
//	                         endpoint's signing secrets, as the sender prints them
//	WEBHOOK_SECRET_VERSION   that secret's version id (read by nobody: a
//	                         rotation changes it, so new instances start)
//	WEBHOOK_PATH             served path (default /webhook)
//	WEBHOOK_MAX_BODY_BYTES   body cap (default 262144)
//	WEBHOOK_TOLERANCE        signed timestamp window (default: the scheme's, 5m)
//	JOB_QUEUE_URL            SQS queue to send to
//	HANDLER_TIMEOUT          per-request deadline (default 8s)
//	ENQUEUE_TIMEOUT          SendMessage deadline (default 3s)
//	SECRET_FETCH_TIMEOUT     each secret read at init (default 3s)
//	OTEL_EXPORTER_OTLP_HEADERS_SECRET_ARN, OTEL_*, LOG_LEVEL: telemetry
//
// WEBHOOK_SECRETS, when set, is the JSON array itself and takes precedence
// over WEBHOOK_SECRET_ARN. It is for local runs and tests only; deployed
// functions get the ARN. AWS_ENDPOINT_URL_SQS points the SQS client at a
// local fake.
//
// If the secrets, the scheme, the endpoint's name or the queue URL cannot be
// had, the function still starts, logs why once (never a secret), and
// answers every request 503 (fail closed).
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

	endpoint := receiver.Endpoint{
		Name:         env.String(workloadenv.WebhookEndpoint, ""),
		Scheme:       env.String(workloadenv.WebhookScheme, ""),
		Tolerance:    env.Duration(workloadenv.WebhookTolerance, 0),
		MaxBodyBytes: int64(env.Int(workloadenv.WebhookMaxBodyBytes, workloadenv.DefaultWebhookMaxBodyBytes)),
	}
	h := &receiver.Handler{
		Endpoint:       endpoint.Name,
		Path:           env.String(workloadenv.WebhookPath, workloadenv.DefaultWebhookPath),
		HandlerTimeout: env.Duration(workloadenv.HandlerTimeout, workloadenv.DefaultHandlerTimeout),
		EnqueueTimeout: env.Duration(workloadenv.EnqueueTimeout, workloadenv.DefaultEnqueueTimeout),
		Instruments:    obs.Instruments{Tracer: boot.Telemetry.Tracer("github.com/groundwork-iac/groundwork/workloads/jobs/receiver"), Logger: log},
		Flush:          boot.Telemetry.ForceFlush,
	}
	if err := env.Err(); err != nil {
		lambdaboot.Fatal(log, err)
	}

	endpoint.SecretsFrom = workloadenv.LocalWebhookSecrets
	if env.String(workloadenv.LocalWebhookSecrets, "") == "" {
		endpoint.SecretsFrom = "the secret " + env.String(workloadenv.WebhookSecretARN, "") + " (" + workloadenv.WebhookSecretARN + ")"
	}
	endpoint.Secrets, err = boot.Secret(ctx, workloadenv.LocalWebhookSecrets, workloadenv.WebhookSecretARN)
	if err == nil {
		h.Verifier, err = endpoint.Verifier()
	}
	if err != nil {
		log.Error("webhook verification unavailable; answering 503 to every request",
			"endpoint", endpoint.Name, "scheme", endpoint.Scheme, "error", err)
	}
	if url := env.String(workloadenv.JobQueueURL, ""); url != "" {
		h.Queue = &sqsqueue.Queue{Client: sqs.NewFromConfig(boot.AWS), URL: url}
	} else {
		log.Error("job queue unavailable; answering 503 to every request",
			"error", errors.New(workloadenv.JobQueueURL+" is not set"))
	}
	log.Info("receiver ready", "endpoint", h.Endpoint, "scheme", endpoint.Scheme, "path", h.Path,
		"secret_version", env.String(workloadenv.WebhookSecretVersion, ""), "exporting_spans", boot.Telemetry.Exporting)

	lambda.StartWithOptions(h.Handle, lambda.WithEnableSIGTERM(func() {
		_ = boot.Telemetry.Shutdown(context.Background())
	}))
}
