package runalerts

import (
	"fmt"
	"math"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/monitoring"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Thresholds, each with its reason.
const (
	// ErrorRatio: more than 5% of requests answered 5xx for five minutes is
	// an outage for some users, not noise.
	ErrorRatio = 0.05
	// LatencyShare: a p99 at 80% of the handler's deadline means requests
	// are about to be cut with 504s.
	LatencyShare = 0.8
	// InstanceShare: 80% of the maximum leaves a burst nowhere to go; the
	// maximum is the connection budget's, so raising it needs the database.
	InstanceShare = 0.8
	// Window is how long a metric condition must hold.
	Window = "300s"
	// LogRateLimit is at most one mail per five minutes from error logs
	// (Cloud Monitoring requires a limit on log-match alerts).
	LogRateLimit = "300s"
	// AutoClose closes an incident whose condition stopped holding.
	AutoClose = "1800s"

	suffixEmail      = "-email-"
	suffix5xx        = "-5xx"
	suffixLatency    = "-latency"
	suffixInstances  = "-instances"
	suffixErrors     = "-error-logs"
	suffixJobFailure = "-job-failed"
)

// ErrorLogFilter is the error-log policy's filter for a service: entries at
// ERROR or above, which Cloud Logging reads from the line's severity field
// (cloud.google.com/logging/docs/structured-logging).
func ErrorLogFilter(service string) string {
	return `resource.type="cloud_run_revision" AND resource.labels.service_name="` + service + `" AND severity>=ERROR`
}

type policy struct {
	suffix, title, doc string
	// query is PromQL with {service} and {job} for the names.
	query string
	// logFilter, when set, makes a log-match condition instead.
	logFilter string
	needsJob  bool
}

func (a Args) policies() []policy {
	svc := `monitored_resource="cloud_run_revision",service_name="{service}"`
	out := []policy{
		{suffix: suffix5xx, title: "5xx ratio",
			doc:   fmt.Sprintf("More than %.0f%% of requests answered 5xx for 5 minutes.", ErrorRatio*100),
			query: fmt.Sprintf(`sum(rate(run_googleapis_com:request_count{`+svc+`,response_code_class="5xx"}[5m])) / sum(rate(run_googleapis_com:request_count{`+svc+`}[5m])) > %g`, ErrorRatio)},
		{suffix: suffixLatency, title: "p99 latency near the handler deadline",
			doc: fmt.Sprintf("The p99 latency passed %.0f%% of the handler's %s deadline: requests are about to be cut with 504s.", LatencyShare*100, a.HandlerTimeout),
			query: fmt.Sprintf(`histogram_quantile(0.99, sum by (le) (rate(run_googleapis_com:request_latencies_bucket{`+svc+`}[5m]))) > %d`,
				int(LatencyShare*float64(a.HandlerTimeout.Milliseconds())))},
		{suffix: suffixInstances, title: "instances near the maximum",
			doc: fmt.Sprintf("The service runs %.0f%% of its %d instances, the most its database connection budget allows.", InstanceShare*100, a.MaxInstances),
			query: fmt.Sprintf(`sum(run_googleapis_com:container_instance_count{`+svc+`}) >= %d`,
				max(1, int(math.Ceil(InstanceShare*float64(a.MaxInstances)))))},
		{suffix: suffixErrors, title: "error-level log entries", doc: "The service logged an entry at ERROR or above.",
			logFilter: ErrorLogFilter("{service}")},
	}
	if a.Job != nil {
		out = append(out, policy{suffix: suffixJobFailure, title: "job execution failed", needsJob: true,
			doc:   "An execution of the job failed; for migrations, the schema is not where the service expects it.",
			query: `sum(increase(run_googleapis_com:job_completed_execution_count{monitored_resource="cloud_run_job",job_name="{job}",result="failed"}[10m])) > 0`})
	}
	return out
}

func (p policy) args(a Args, channels pulumi.StringArray) *monitoring.AlertPolicyArgs {
	job := a.Job
	if job == nil {
		job = pulumi.String("")
	}
	text := pulumi.All(a.Service, job).ApplyT(func(v []any) string {
		tmpl := p.query
		if p.logFilter != "" {
			tmpl = p.logFilter
		}
		return strings.NewReplacer("{service}", v[0].(string), "{job}", v[1].(string)).Replace(tmpl)
	}).(pulumi.StringOutput)
	cond := &monitoring.AlertPolicyConditionArgs{DisplayName: pulumi.String(p.title)}
	strategy := &monitoring.AlertPolicyAlertStrategyArgs{AutoClose: pulumi.String(AutoClose)}
	if p.logFilter != "" {
		cond.ConditionMatchedLog = &monitoring.AlertPolicyConditionConditionMatchedLogArgs{Filter: text}
		strategy.NotificationRateLimit = &monitoring.AlertPolicyAlertStrategyNotificationRateLimitArgs{Period: pulumi.String(LogRateLimit)}
	} else {
		cond.ConditionPrometheusQueryLanguage = &monitoring.AlertPolicyConditionConditionPrometheusQueryLanguageArgs{
			Query: text, Duration: pulumi.String(Window), EvaluationInterval: pulumi.String("60s"),
		}
	}
	return &monitoring.AlertPolicyArgs{
		Project:              project(a.Project),
		DisplayName:          pulumi.Sprintf("%s: %s", a.Service, p.title),
		Combiner:             pulumi.String("OR"),
		Conditions:           monitoring.AlertPolicyConditionArray{cond},
		NotificationChannels: channels,
		AlertStrategy:        strategy,
		Documentation:        &monitoring.AlertPolicyDocumentationArgs{Content: pulumi.String(p.doc), MimeType: pulumi.String("text/markdown")},
		UserLabels:           pulumi.ToStringMap(a.Labels),
	}
}

// project is the input for a child's project: nil leaves the provider's.
func project(p string) pulumi.StringPtrInput {
	if p == "" {
		return nil
	}
	return pulumi.String(p)
}
