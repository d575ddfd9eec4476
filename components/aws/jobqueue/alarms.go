package jobqueue

import (
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type alarm struct {
	suffix, description, namespace, metric, statistic string
	dimensions                                        pulumi.StringMap
	threshold                                         float64
	comparison                                        string
}

func createAlarms(ctx *pulumi.Context, name string, a Args, q *JobQueue, tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) error {
	fn := pulumi.StringMap{"FunctionName": a.Consumer.FunctionName}
	alarms := []alarm{
		{suffixAlarmDLQ, "messages reached the dead-letter queue: inspect and redrive them", "AWS/SQS",
			"ApproximateNumberOfMessagesVisible", "Maximum", pulumi.StringMap{"QueueName": q.DLQ.Name}, 0, "GreaterThanThreshold"},
		{suffixAlarmAge, "the oldest job has waited too long: the consumer is behind or failing", "AWS/SQS",
			"ApproximateAgeOfOldestMessage", "Maximum", pulumi.StringMap{"QueueName": q.Queue.Name}, a.OldestMessageAlarm.Seconds(), "GreaterThanOrEqualToThreshold"},
		{suffixAlarmErrors, "the consumer failed whole invocations (crash or timeout)", "AWS/Lambda",
			"Errors", "Sum", fn, 1, "GreaterThanOrEqualToThreshold"},
		{suffixAlarmThrottles, "the consumer was throttled: reserved or account concurrency is below MaxConcurrency", "AWS/Lambda",
			"Throttles", "Sum", fn, 1, "GreaterThanOrEqualToThreshold"},
	}
	for _, al := range alarms {
		_, err := cloudwatch.NewMetricAlarm(ctx, name+al.suffix, &cloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.String(al.description),
			Namespace:          pulumi.String(al.namespace),
			MetricName:         pulumi.String(al.metric),
			Statistic:          pulumi.String(al.statistic),
			Dimensions:         al.dimensions,
			Period:             seconds(AlarmPeriod),
			EvaluationPeriods:  pulumi.Int(1),
			Threshold:          pulumi.Float64(al.threshold),
			ComparisonOperator: pulumi.String(al.comparison),
			TreatMissingData:   pulumi.String("notBreaching"),
			AlarmActions:       toAny(a.AlarmActions),
			OkActions:          toAny(a.AlarmActions),
			Tags:               tags,
		}, parent)
		if err != nil {
			return err
		}
	}
	return nil
}

func toAny(in []pulumi.StringInput) pulumi.Array {
	out := pulumi.Array{}
	for _, s := range in {
		out = append(out, s)
	}
	return out
}
