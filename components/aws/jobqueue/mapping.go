package jobqueue

import (
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func createMapping(ctx *pulumi.Context, name string, a Args, q *JobQueue, parent pulumi.ResourceOrInvokeOption) (*lambda.EventSourceMapping, error) {
	ma := &lambda.EventSourceMappingArgs{
		EventSourceArn:                 q.Queue.Arn,
		FunctionName:                   a.Consumer.Target,
		BatchSize:                      pulumi.Int(a.BatchSize),
		MaximumBatchingWindowInSeconds: seconds(a.BatchWindow),
		FunctionResponseTypes:          pulumi.StringArray{pulumi.String(ReportBatchItemFailures)},
		ScalingConfig:                  &lambda.EventSourceMappingScalingConfigArgs{MaximumConcurrency: pulumi.Int(a.MaxConcurrency)},
		Enabled:                        pulumi.Bool(true),
	}
	if t := a.Transforms.Mapping; t != nil {
		t(ma)
	}
	// The mapping checks the consumer's permissions when it is created.
	return lambda.NewEventSourceMapping(ctx, name+suffixMapping, ma, parent, pulumi.DependsOn(q.consumerReady))
}
