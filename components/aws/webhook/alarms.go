package webhook

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// createAlarms watches the HTTP API's own 5xx and 4xx counts (namespace
// AWS/ApiGateway, dimensions ApiId and Stage,
// docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html):
// 5xx bursts are the receiver failing senders, 4xx bursts are senders
// failing the signature check (a rotated key, or someone probing).
func createAlarms(ctx *pulumi.Context, name string, a Args, api *apigatewayv2.Api, stage *apigatewayv2.Stage, t pulumi.StringMap, parent pulumi.ResourceOption) error {
	dims := pulumi.StringMap{"ApiId": api.ID().ToStringOutput(), "Stage": stage.Name}
	for _, al := range []struct {
		suffix, metric, description string
		threshold                   int
	}{
		{suffixAlarm5xx, "5xx", fmt.Sprintf("the webhook answered %d or more 5xx in %s: the receiver fails senders, who will retry and then give up", Alarm5xxBurst, AlarmWindow), Alarm5xxBurst},
		{suffixAlarm4xx, "4xx", fmt.Sprintf("the webhook answered %d or more 4xx in %s: a sender's signing key no longer matches, or someone is probing", Alarm4xxBurst, AlarmWindow), Alarm4xxBurst},
	} {
		if _, err := cloudwatch.NewMetricAlarm(ctx, name+al.suffix, &cloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.String(al.description),
			Namespace:          pulumi.String("AWS/ApiGateway"),
			MetricName:         pulumi.String(al.metric),
			Statistic:          pulumi.String("Sum"),
			Dimensions:         dims,
			Period:             pulumi.Int(int(AlarmWindow.Seconds())),
			EvaluationPeriods:  pulumi.Int(1),
			Threshold:          pulumi.Float64(float64(al.threshold)),
			ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
			TreatMissingData:   pulumi.String("notBreaching"),
			AlarmActions:       toArray(a.AlarmActions),
			OkActions:          toArray(a.AlarmActions),
			Tags:               t,
		}, parent); err != nil {
			return err
		}
	}
	return nil
}

func toArray(in []pulumi.StringInput) pulumi.Array {
	out := pulumi.Array{}
	for _, s := range in {
		out = append(out, s)
	}
	return out
}
