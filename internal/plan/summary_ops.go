package plan

import (
	"fmt"
	"strings"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

// Summaries of the operations plumbing: where alerts go and where logs are
// kept.
func init() {
	for typ, f := range map[string]func(r *pulumitest.Resource) string{
		"aws:kms/key:Key": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("rotation %s, deletion window %sd", str(r, "enableKeyRotation"), num(r, "deletionWindowInDays"))
		},
		"aws:kms/alias:Alias":             func(r *pulumitest.Resource) string { return str(r, "name") },
		"aws:sns/topic:Topic":             func(r *pulumitest.Resource) string { return "encrypted with " + str(r, "kmsMasterKeyId") },
		"aws:sns/topicPolicy:TopicPolicy": policySummary("policy"),
		"aws:sns/topicSubscription:TopicSubscription": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("%s %s (pending until its owner confirms)", str(r, "protocol"), str(r, "endpoint"))
		},
		"aws:cloudwatch/metricAlarm:MetricAlarm": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("%s %s %s %s %s, notifies %s on alarm and %s on ok", str(r, "namespace"), str(r, "metricName"), str(r, "statistic"),
				str(r, "comparisonOperator"), num(r, "threshold"), count(r, "alarmActions"), count(r, "okActions"))
		},
		"gcp:monitoring/notificationChannel:NotificationChannel": func(r *pulumitest.Resource) string {
			return str(r, "type") + " " + str(r, "labels.email_address")
		},
		"gcp:monitoring/alertPolicy:AlertPolicy": func(r *pulumitest.Resource) string {
			cond := str(r, "conditions[0].conditionPrometheusQueryLanguage.query")
			if cond == "-" {
				cond = "log match " + str(r, "conditions[0].conditionMatchedLog.filter") + ", at most one mail per " + str(r, "alertStrategy.notificationRateLimit.period")
			}
			return fmt.Sprintf("%s, notifies %s channel(s)", cond, count(r, "notificationChannels"))
		},
		"cloudflare:index/r2Bucket:R2Bucket": func(r *pulumitest.Resource) string { return str(r, "name") },
		"cloudflare:index/apiToken:ApiToken": func(r *pulumitest.Resource) string {
			v, _ := r.Input("policies[0].resources")
			m, _ := v.Plain().(map[string]any)
			var on []string
			for k := range m {
				on = append(on, k)
			}
			return fmt.Sprintf("%s permission group(s) %s on %s", str(r, "policies[0].effect"), list(r, "policies[0].permissionGroups"), strings.Join(on, ","))
		},
		"cloudflare:index/logpushJob:LogpushJob": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("%s to %s, filter %s", str(r, "dataset"), str(r, "destinationConf"), str(r, "filter"))
		},
		"cloudflare:index/notificationPolicy:NotificationPolicy": func(r *pulumitest.Resource) string {
			s := str(r, "alertType")
			if c := list(r, "filters.affectedComponents"); c != "-" {
				s += " on " + c
			}
			return fmt.Sprintf("%s, %s email(s)", s, count(r, "emailIntegrations"))
		},
	} {
		summaries[typ] = f
	}
}
