// Package awslimits holds the AWS service limits the kit validates against,
// each with its source. Pure Go: the budgets package and the AWS components
// share it without importing a cloud SDK.
package awslimits

import "time"

const (
	// LambdaMaxTimeout: a Lambda invocation runs at most 15 minutes.
	// docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
	LambdaMaxTimeout = 15 * time.Minute
	// LambdaInitLimit: the init phase of an on-demand function is cut at 10 s.
	// docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
	LambdaInitLimit = 10 * time.Second
	// LambdaMinMemoryMB and LambdaMaxMemoryMB bound MemorySize.
	// docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
	LambdaMinMemoryMB = 128
	LambdaMaxMemoryMB = 10240

	// SQSMinMaximumConcurrency and SQSMaxMaximumConcurrency bound the event
	// source mapping's ScalingConfig.MaximumConcurrency.
	// docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
	SQSMinMaximumConcurrency = 2
	SQSMaxMaximumConcurrency = 1000
	// SQSVisibilityFactor: AWS guidance sets a queue's visibility timeout to
	// at least six times the consuming function's timeout, so throttled
	// retries do not make a message visible while it is still being handled.
	// docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
	SQSVisibilityFactor = 6
	// SQSMaxMessageBytes: a message's body and attributes together (the
	// classic limit; queues created since August 2025 may accept 1 MiB, but
	// not every API client and provider version does).
	SQSMaxMessageBytes = 256 * 1024
	// LambdaMaxPayloadBytes: a synchronous invocation's request payload.
	LambdaMaxPayloadBytes = 6 * 1024 * 1024
	// SQSMaxVisibilityTimeout: 12 hours.
	SQSMaxVisibilityTimeout = 12 * time.Hour
	// SQSMaxRetention: 14 days, for the queue and its DLQ.
	SQSMaxRetention = 14 * 24 * time.Hour
	// SQSMaxBatchSize for a standard queue event source; above 10 a batching
	// window of at least 1 s is required.
	SQSMaxBatchSize           = 10000
	SQSBatchSizeWithoutWindow = 10
	// SQSMaxBatchWindow: MaximumBatchingWindowInSeconds is at most 300.
	SQSMaxBatchWindow = 5 * time.Minute

	// HTTPAPIMaxIntegrationTimeout: an API Gateway HTTP API integration waits
	// at most 30 s.
	// docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
	HTTPAPIMaxIntegrationTimeout = 30 * time.Second

	// SchedulerMaxRetryAttempts and SchedulerMaxEventAge bound a Scheduler
	// target's RetryPolicy (EventBridge rule targets share them).
	SchedulerMaxRetryAttempts = 185
	SchedulerMaxEventAge      = 24 * time.Hour
	SchedulerMinEventAge      = time.Minute
)
