// Package runmetrics turns a Cloud Run service's request lines (the log
// contract in components/telemetry: msg "request", route, duration_ms) into
// a log-based metric, a distribution of the duration with the route as a
// label (cloud.google.com/logging/docs/logs-based-metrics/distribution-metrics),
// and a Cloud Monitoring dashboard whose first chart is cost by route.
//
// Its charts are PromQL. A log-based metric named N is
// logging.googleapis.com/user/N, in PromQL logging_googleapis_com:user_N,
// and a distribution is read as a histogram: _sum, _count, _bucket
// (cloud.google.com/monitoring/promql/promql-mapping). The kit names the
// metric with letters, digits and underscores only, so the two names agree
// character for character.
package runmetrics

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/logging"
	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/monitoring"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:RunMetrics"

const (
	// Buckets: exponential, 1 ms growing by 1.4 over 40 buckets, up to
	// about 700 s: every request timeout Cloud Run allows fits.
	bucketCount  = 40
	bucketGrowth = 1.4
	bucketScale  = 1.0

	suffixMetric    = "-duration"
	suffixDashboard = "-dashboard"
)

var metricName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,99}$`)

// Args configure the metric and the dashboard.
type Args struct {
	// Service is the Cloud Run service's name.
	Service pulumi.StringInput
	// MetricName is the log-based metric's name: letters, digits and
	// underscores, at most 100.
	MetricName string
	// Project; if empty, the provider's.
	Project string
	// CostPerMs and CostPerRequest price a request: its share of a busy
	// instance per millisecond, and its request fee (USD).
	CostPerMs, CostPerRequest float64
	// PricesDate dates them, in the chart's title.
	PricesDate string
	// MaxInstances is drawn on the instance chart.
	MaxInstances int
}

// Metrics is the component.
type Metrics struct {
	pulumi.ResourceState

	Metric    *logging.Metric
	Dashboard *monitoring.Dashboard
}

// Check is pure.
func (a Args) Check() problem.List {
	var out problem.List
	if !metricName.MatchString(a.MetricName) {
		out.Add("metricName", "must be 1-100 letters, digits and underscores, starting with a letter, got %q", a.MetricName)
	}
	if a.CostPerMs <= 0 || a.CostPerRequest <= 0 || a.PricesDate == "" {
		out.Add("costPerMs", "costPerRequest and pricesDate are required: the cost chart multiplies by them")
	}
	if a.MaxInstances < 1 {
		out.Add("maxInstances", "must be at least 1, got %d", a.MaxInstances)
	}
	return out
}

// Filter is the metric's log filter for a service's request lines, in the
// logging query language (cloud.google.com/logging/docs/view/logging-query-language).
func Filter(service string) string {
	return fmt.Sprintf(`resource.type="cloud_run_revision" AND resource.labels.service_name="%s" AND jsonPayload.msg="%s"`, service, telemetry.MsgRequest)
}

// PromQL is the metric's name in PromQL.
func PromQL(metric string) string { return "logging_googleapis_com:user_" + metric }

// New creates the metric and the dashboard.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Metrics, error) {
	problems := args.Check()
	if args.Service == nil {
		problems.Add("service", "is required: the Cloud Run service's name output")
	}
	if err := problems.ErrIn(fmt.Sprintf("runmetrics %q", name)); err != nil {
		return nil, err
	}
	m := &Metrics{}
	if err := ctx.RegisterComponentResource(TypeToken, name, m, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(m)
	var project pulumi.StringPtrInput
	if args.Project != "" {
		project = pulumi.String(args.Project)
	}
	var err error
	m.Metric, err = logging.NewMetric(ctx, name+suffixMetric, &logging.MetricArgs{
		Project:     project,
		Name:        pulumi.String(args.MetricName),
		Description: pulumi.String("Request duration by route, from the service's request log lines (groundwork)."),
		Filter:      args.Service.ToStringOutput().ApplyT(Filter).(pulumi.StringOutput),
		MetricDescriptor: &logging.MetricMetricDescriptorArgs{
			MetricKind: pulumi.String("DELTA"),
			ValueType:  pulumi.String("DISTRIBUTION"),
			Unit:       pulumi.String("ms"),
			Labels: logging.MetricMetricDescriptorLabelArray{&logging.MetricMetricDescriptorLabelArgs{
				Key: pulumi.String(telemetry.FieldRoute), ValueType: pulumi.String("STRING"),
				Description: pulumi.String("the method and route template, or unmatched"),
			}},
		},
		ValueExtractor:  pulumi.String("EXTRACT(jsonPayload." + telemetry.FieldDurationMS + ")"),
		LabelExtractors: pulumi.StringMap{telemetry.FieldRoute: pulumi.String("EXTRACT(jsonPayload." + telemetry.FieldRoute + ")")},
		BucketOptions: &logging.MetricBucketOptionsArgs{ExponentialBuckets: &logging.MetricBucketOptionsExponentialBucketsArgs{
			NumFiniteBuckets: pulumi.Int(bucketCount), GrowthFactor: pulumi.Float64(bucketGrowth), Scale: pulumi.Float64(bucketScale),
		}},
	}, parent)
	if err != nil {
		return nil, err
	}
	body := pulumi.All(args.Service, m.Metric.Name).ApplyT(func(v []any) string {
		return args.dashboard(v[0].(string), v[1].(string))
	}).(pulumi.StringOutput)
	if m.Dashboard, err = monitoring.NewDashboard(ctx, name+suffixDashboard, &monitoring.DashboardArgs{
		Project: project, DashboardJson: body,
	}, parent, pulumi.DependsOn([]pulumi.Resource{m.Metric})); err != nil {
		return nil, err
	}
	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{})
}
