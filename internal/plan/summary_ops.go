package plan

import (
	"encoding/json"
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
		"aws:cloudwatch/dashboard:Dashboard": func(r *pulumitest.Resource) string {
			var d struct {
				Widgets []struct {
					Properties struct {
						Title string `json:"title"`
					} `json:"properties"`
				} `json:"widgets"`
			}
			if body, err := r.String("dashboardBody"); err != nil || json.Unmarshal([]byte(body), &d) != nil || len(d.Widgets) == 0 {
				return "-"
			}
			return fmt.Sprintf("%s %d widgets, first: %s", str(r, "dashboardName"), len(d.Widgets), d.Widgets[0].Properties.Title)
		},
		"aws:cloudwatch/logMetricFilter:LogMetricFilter": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("%s/%s = %s by route (%s), on %s", str(r, "metricTransformation.namespace"), str(r, "metricTransformation.name"),
				str(r, "metricTransformation.value"), str(r, "metricTransformation.dimensions.route"), str(r, "pattern"))
		},
		"gcp:monitoring/dashboard:Dashboard": func(r *pulumitest.Resource) string {
			var d struct {
				MosaicLayout struct {
					Tiles []struct {
						Widget struct {
							Title string `json:"title"`
						} `json:"widget"`
					} `json:"tiles"`
				} `json:"mosaicLayout"`
			}
			if body, err := r.String("dashboardJson"); err != nil || json.Unmarshal([]byte(body), &d) != nil || len(d.MosaicLayout.Tiles) == 0 {
				return "-"
			}
			return fmt.Sprintf("%d charts, first: %s", len(d.MosaicLayout.Tiles), d.MosaicLayout.Tiles[0].Widget.Title)
		},
		"gcp:logging/metric:Metric": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("%s %s of %s by %s", str(r, "name"), str(r, "metricDescriptor.valueType"), str(r, "valueExtractor"), str(r, "metricDescriptor.labels[0].key"))
		},
		"gcp:projects/service:Service": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("%s, kept on at destroy %v", str(r, "service"), str(r, "disableOnDestroy") == "false")
		},
		"gcp:artifactregistry/repository:Repository": func(r *pulumitest.Resource) string {
			return fmt.Sprintf("%s %s, cleanup %s, dry run %s", str(r, "repositoryId"), str(r, "format"), count(r, "cleanupPolicies")+" policies", str(r, "cleanupPolicyDryRun"))
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
