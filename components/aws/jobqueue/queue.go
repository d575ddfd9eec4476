package jobqueue

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func createDLQ(ctx *pulumi.Context, name string, a Args, tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) (*sqs.Queue, error) {
	qa := &sqs.QueueArgs{
		MessageRetentionSeconds: seconds(DLQRetention),
		SqsManagedSseEnabled:    pulumi.Bool(true),
		Tags:                    tags,
	}
	if t := a.Transforms.DLQ; t != nil {
		t(qa)
	}
	return sqs.NewQueue(ctx, name+suffixDLQ, qa, parent)
}

func createQueue(ctx *pulumi.Context, name string, a Args, dlq *sqs.Queue, tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) (*sqs.Queue, error) {
	redrive := dlq.Arn.ApplyT(func(arn string) (string, error) {
		b, err := json.Marshal(map[string]any{"deadLetterTargetArn": arn, "maxReceiveCount": a.MaxReceiveCount})
		return string(b), err
	}).(pulumi.StringOutput)
	qa := &sqs.QueueArgs{
		VisibilityTimeoutSeconds: seconds(a.VisibilityTimeout),
		MessageRetentionSeconds:  seconds(a.Retention),
		ReceiveWaitTimeSeconds:   seconds(ReceiveWaitTime),
		SqsManagedSseEnabled:     pulumi.Bool(true),
		RedrivePolicy:            redrive,
		Tags:                     tags,
	}
	if t := a.Transforms.Queue; t != nil {
		t(qa)
	}
	queue, err := sqs.NewQueue(ctx, name+suffixQueue, qa, parent)
	if err != nil {
		return nil, err
	}
	// Only the work queue may redrive into the DLQ, and be redriven back.
	allow := queue.Arn.ApplyT(func(arn string) (string, error) {
		b, err := json.Marshal(map[string]any{"redrivePermission": "byQueue", "sourceQueueArns": []string{arn}})
		return string(b), err
	}).(pulumi.StringOutput)
	_, err = sqs.NewRedriveAllowPolicy(ctx, name+suffixRedriveAllow, &sqs.RedriveAllowPolicyArgs{
		QueueUrl:           dlq.Url,
		RedriveAllowPolicy: allow,
	}, parent)
	return queue, err
}
