package jobs

import (
	"cmp"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/cwdash"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/aws/routemetrics"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/cost"
)

// Metric prefixes of the worker's and the receiver's route metrics.
const (
	workerMetrics  = "worker"
	webhookMetrics = "webhook"
)

// namespace is where the stack's route metrics live.
func namespace(ctx *pulumi.Context) string {
	return "groundwork/" + ctx.Project() + "-" + ctx.Stack()
}

// createRouteMetrics puts the worker's jobs and the receiver's requests on
// per-route metrics.
func (p *Plan) createRouteMetrics(ctx *pulumi.Context, bp *Blueprint, parent pulumi.ResourceOption) error {
	type unit struct {
		name, prefix, msg string
		fn                *golambda.Function
	}
	units := []unit{{Name + "-worker-routes", workerMetrics, telemetry.MsgJob, bp.Worker}}
	if bp.Webhook != nil {
		// Every receiver's lines feed the same metrics: their routes differ.
		for i, fn := range bp.Webhook.Receivers {
			name := Name + "-webhook-routes"
			if i > 0 {
				name = Name + "-webhook-" + p.Webhook.Endpoints[i].Name + "-routes"
			}
			units = append(units, unit{name, webhookMetrics, telemetry.MsgRequest, fn})
		}
	}
	for _, u := range units {
		if _, err := routemetrics.New(ctx, u.name, routemetrics.Args{LogGroupName: u.fn.LogGroupName, Namespace: namespace(ctx),
			Prefix: u.prefix, Msg: u.msg}, parent); err != nil {
			return err
		}
	}
	return nil
}

// createDashboard is the stack's dashboard: cost by route first, then p95
// by route, errors, the DLQ, the oldest message and the worker's
// concurrency against the connection budget.
func (p *Plan) createDashboard(ctx *pulumi.Context, bp *Blueprint, parent pulumi.ResourceOption) error {
	region := aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{}, pulumi.Parent(bp)).Region()
	inputs := []any{region, bp.Worker.Name, bp.Queue.Queue.Name, bp.Queue.DLQ.Name}
	if bp.Webhook != nil {
		inputs = append(inputs, bp.Webhook.API.ID(), bp.Webhook.Stage.Name)
		for _, fn := range bp.Webhook.Receivers {
			inputs = append(inputs, fn.Name)
		}
	}
	ns := namespace(ctx)
	body := pulumi.All(inputs...).ApplyT(func(v []any) string {
		d := dashboardIn{region: v[0].(string), worker: v[1].(string), queue: v[2].(string), dlq: v[3].(string), namespace: ns}
		if len(v) > 4 {
			d.apiID, d.stage = string(v[4].(pulumi.ID)), v[5].(string)
			for _, r := range v[6:] {
				d.receivers = append(d.receivers, r.(string))
			}
		}
		return p.dashboard(d).JSON()
	}).(pulumi.StringOutput)
	_, err := cloudwatch.NewDashboard(ctx, Name+"-dashboard", &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(ctx.Project() + "-" + ctx.Stack()),
		DashboardBody: body,
	}, parent)
	return err
}

type dashboardIn struct {
	region, worker, queue, dlq, namespace string
	apiID, stage                          string
	receivers                             []string
}

func (p *Plan) dashboard(d dashboardIn) cwdash.Body {
	memory := func(mb int) float64 { return float64(cmp.Or(mb, golambda.DefaultMemoryMB)) }
	search := func(prefix, metric, stat string) string {
		return cwdash.Search(d.namespace, []string{routemetrics.Dimension}, routemetrics.Name(prefix, metric), stat)
	}
	// Cost by route over the dashboard's range: each route's time priced at
	// the function's GB-seconds, and its units at their request prices
	// (cost.PricesDate's list prices).
	costLines := []cwdash.Line{
		cwdash.Expr("wd", "", search(workerMetrics, routemetrics.MetricDuration, "Sum"), false),
		cwdash.Expr("wn", "", search(workerMetrics, routemetrics.MetricCount, "Sum"), false),
		cwdash.Expr("wc", "worker compute", fmt.Sprintf("wd * %.6g", cost.LambdaPerMs(memory(p.Worker.MemoryMB))), true),
		cwdash.Expr("wr", "worker requests + SQS", fmt.Sprintf("wn * %.6g", cost.WorkerMessageUSD()), true),
	}
	p95 := []cwdash.Line{cwdash.Expr("wp", "worker p95", search(workerMetrics, routemetrics.MetricDuration, "p95"), true)}
	errors := []cwdash.Line{cwdash.Metric("AWS/Lambda", "Errors", cwdash.Options{Stat: "Sum", Label: "worker errors"}, "FunctionName", d.worker)}
	if len(d.receivers) > 0 {
		webhookMemory := 0
		if p.Webhook != nil {
			webhookMemory = p.Webhook.MemoryMB
		}
		costLines = append(costLines,
			cwdash.Expr("rd", "", search(webhookMetrics, routemetrics.MetricDuration, "Sum"), false),
			cwdash.Expr("rn", "", search(webhookMetrics, routemetrics.MetricCount, "Sum"), false),
			cwdash.Expr("rc", "webhook compute", fmt.Sprintf("rd * %.6g", cost.LambdaPerMs(memory(webhookMemory))), true),
			cwdash.Expr("rr", "webhook requests", fmt.Sprintf("rn * %.6g", cost.WebhookRequestUSD()), true))
		p95 = append(p95, cwdash.Expr("rp", "webhook p95", search(webhookMetrics, routemetrics.MetricDuration, "p95"), true))
		for i, r := range d.receivers {
			errors = append(errors, cwdash.Metric("AWS/Lambda", "Errors", cwdash.Options{Stat: "Sum",
				Label: p.Webhook.Endpoints[i].Name + " receiver errors"}, "FunctionName", r))
		}
		errors = append(errors,
			cwdash.Metric("AWS/ApiGateway", "5xx", cwdash.Options{Stat: "Sum", Label: "webhook 5xx"}, "ApiId", d.apiID, "Stage", d.stage),
			cwdash.Metric("AWS/ApiGateway", "4xx", cwdash.Options{Stat: "Sum", Label: "webhook 4xx"}, "ApiId", d.apiID, "Stage", d.stage))
	}
	widget := func(title, view string, period int, lines []cwdash.Line, ann ...cwdash.Annotation) cwdash.Widget {
		w := cwdash.Widget{Properties: cwdash.Properties{Title: title, Region: d.region, View: view, Period: period, Metrics: lines}}
		if len(ann) > 0 {
			w.Properties.Annotations = &cwdash.Annotations{Horizontal: ann}
		}
		return w
	}
	first := widget("Cost by route, USD over the range (list prices of "+cost.PricesDate+")", "bar", 300, costLines)
	first.Properties.SetPeriodToTimeRange = true
	oldest := jobqueue.DefaultOldestMessageAlarm
	if p.Queue.OldestMessageAlarm > 0 {
		oldest = p.Queue.OldestMessageAlarm
	}
	return cwdash.Layout(first,
		widget("p95 duration by route (ms)", "timeSeries", 300, p95),
		widget("Errors", "timeSeries", 60, errors),
		widget("Dead-letter queue depth", "timeSeries", 60, []cwdash.Line{
			cwdash.Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", cwdash.Options{Stat: "Maximum", Label: "DLQ"}, "QueueName", d.dlq)},
			cwdash.Annotation{Label: "alarm", Value: 0}),
		widget("Age of the oldest message (s)", "timeSeries", 60, []cwdash.Line{
			cwdash.Metric("AWS/SQS", "ApproximateAgeOfOldestMessage", cwdash.Options{Stat: "Maximum", Label: "queue"}, "QueueName", d.queue)},
			cwdash.Annotation{Label: "alarm", Value: oldest.Seconds()}),
		widget("Worker concurrency against the connection budget", "timeSeries", 60, []cwdash.Line{
			cwdash.Metric("AWS/Lambda", "ConcurrentExecutions", cwdash.Options{Stat: "Maximum", Label: "worker"}, "FunctionName", d.worker)},
			cwdash.Annotation{Label: "max concurrency (budget)", Value: float64(p.Queue.MaxConcurrency)}),
	)
}
