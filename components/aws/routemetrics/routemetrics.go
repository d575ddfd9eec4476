// Package routemetrics turns the line that ends each unit of work (the log
// contract in components/telemetry: msg "request" or "job", with route and
// duration_ms) into CloudWatch metrics per route, with metric filters on
// the function's log group: the duration (Sum, percentiles) and the count
// (Sum of 1 per unit), both with the route as a dimension.
//
// Each distinct route is a custom metric, so the route must be a template
// or a job kind, never a raw path ("don't specify high-cardinality
// fields", docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html;
// a filter making over 1000 distinct dimension values may be disabled).
// The contract guarantees that: unmatched paths are one route.
package routemetrics

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:RouteMetrics"

// Metric names, after Args.Prefix and a dot.
const (
	MetricDuration = "duration_ms"
	MetricCount    = "count"
	// Dimension is the dimension's name: the route.
	Dimension = telemetry.FieldRoute

	suffixDuration = "-duration"
	suffixCount    = "-count"
)

// Pattern is the filter pattern for the lines ending units of msg: a JSON
// filter (docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html)
// that needs the message, a string route and a numeric duration.
func Pattern(msg string) string {
	return fmt.Sprintf(`{ $.%s = "%s" && $.%s = "*" && $.%s = * }`, "msg", msg, telemetry.FieldRoute, telemetry.FieldDurationMS)
}

// Args configure the filters.
type Args struct {
	// LogGroupName is the function's log group.
	LogGroupName pulumi.StringInput
	// Namespace is the metrics' namespace ("groundwork/PROJECT-STACK").
	Namespace string
	// Prefix names the metrics ("worker" makes worker.duration_ms).
	Prefix string
	// Msg is telemetry.MsgRequest or telemetry.MsgJob.
	Msg string
}

// RouteMetrics is the component.
type RouteMetrics struct {
	pulumi.ResourceState

	// DurationMetric and CountMetric are the metric names.
	DurationMetric, CountMetric string
}

// Check is pure.
func (a Args) Check() problem.List {
	var out problem.List
	if a.Namespace == "" || a.Prefix == "" {
		out.Add("namespace", "and prefix are required: they name the metrics")
	}
	if a.Msg != telemetry.MsgRequest && a.Msg != telemetry.MsgJob {
		out.Add("msg", "must be %q or %q, got %q", telemetry.MsgRequest, telemetry.MsgJob, a.Msg)
	}
	return out
}

// Name is a metric's full name under a prefix.
func Name(prefix, metric string) string { return prefix + "." + metric }

// New creates the two filters.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*RouteMetrics, error) {
	problems := args.Check()
	if args.LogGroupName == nil {
		problems.Add("logGroupName", "is required: the function's log group")
	}
	if err := problems.ErrIn(fmt.Sprintf("routemetrics %q", name)); err != nil {
		return nil, err
	}
	m := &RouteMetrics{DurationMetric: Name(args.Prefix, MetricDuration), CountMetric: Name(args.Prefix, MetricCount)}
	if err := ctx.RegisterComponentResource(TypeToken, name, m, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(m)
	for _, f := range []struct{ suffix, metric, value, unit string }{
		{suffixDuration, m.DurationMetric, "$." + telemetry.FieldDurationMS, "Milliseconds"},
		{suffixCount, m.CountMetric, "1", "Count"},
	} {
		if _, err := cloudwatch.NewLogMetricFilter(ctx, name+f.suffix, &cloudwatch.LogMetricFilterArgs{
			LogGroupName: args.LogGroupName,
			Pattern:      pulumi.String(Pattern(args.Msg)),
			MetricTransformation: &cloudwatch.LogMetricFilterMetricTransformationArgs{
				Namespace:  pulumi.String(args.Namespace),
				Name:       pulumi.String(f.metric),
				Value:      pulumi.String(f.value),
				Unit:       pulumi.String(f.unit),
				Dimensions: pulumi.StringMap{Dimension: pulumi.String("$." + telemetry.FieldRoute)},
			},
		}, parent); err != nil {
			return nil, err
		}
	}
	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{})
}
