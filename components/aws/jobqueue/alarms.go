package jobqueue

import (
	"fmt"
	"math"

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
		{suffixAlarmConcurrency, fmt.Sprintf("the consumer runs at %d%%+ of the %d instances its connection budget allows: the queue is backing up against the database's limit",
			int(ConcurrencyAlarmRatio*100), a.MaxConcurrency), "AWS/Lambda",
			"ConcurrentExecutions", "Maximum", fn, concurrencyThreshold(a.MaxConcurrency), "GreaterThanOrEqualToThreshold"},
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

// concurrencyThreshold is ConcurrencyAlarmRatio of max, at least one
// instance below it: the alarm warns before the budget is hit.
func concurrencyThreshold(max int) float64 {
	return float64(min(max-1, int(math.Ceil(ConcurrencyAlarmRatio*float64(max)))))
}

func toAny(in []pulumi.StringInput) pulumi.Array {
	out := pulumi.Array{}
	for _, s := range in {
		out = append(out, s)
	}
	return out
}
