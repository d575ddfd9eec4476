package runalerts

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

const svcMatch = `monitored_resource="cloud_run_revision",service_name="api-svc"`

func run(t *testing.T, args Args) (*pulumitest.Graph, *Alerts) {
	t.Helper()
	var al *Alerts
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		al, err = New(ctx, "api-alerts", args)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, al
}

func TestPoliciesAreSetAgainstTheServiceLimits(t *testing.T) {
	g, al := run(t, Args{
		Service: pulumi.String("api-svc"), Job: pulumi.String("api-migrate"),
		MaxInstances: 7, HandlerTimeout: 25 * time.Second,
		Emails: []string{"oncall@example.com"}, Channels: []string{"projects/acme-prod/notificationChannels/123"},
		Project: "acme-prod", Labels: map[string]string{"app": "api"},
	})
	email := "api-alerts-email-" + hash("oncall@example.com")
	want := []string{
		"gcp:monitoring/alertPolicy:AlertPolicy api-alerts-5xx",
		"gcp:monitoring/alertPolicy:AlertPolicy api-alerts-error-logs",
		"gcp:monitoring/alertPolicy:AlertPolicy api-alerts-instances",
		"gcp:monitoring/alertPolicy:AlertPolicy api-alerts-job-failed",
		"gcp:monitoring/alertPolicy:AlertPolicy api-alerts-latency",
		"gcp:monitoring/notificationChannel:NotificationChannel " + email,
	}
	if got := g.ChildSet(g.Find(TypeToken, "api-alerts")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children =\n%q\nwant\n%q", got, want)
	}
	ch := g.Find("gcp:monitoring/notificationChannel:NotificationChannel", email).Redacted()
	wantCh := map[string]any{"project": "acme-prod", "type": "email", "displayName": "groundwork test: oncall@example.com",
		"labels": map[string]any{"email_address": "oncall@example.com"}, "userLabels": map[string]any{"app": "api"}}
	if !reflect.DeepEqual(ch, wantCh) {
		t.Errorf("channel =\n%v\nwant\n%v", ch, wantCh)
	}
	channelName, _, _ := pulumitest.Await(al.Channels[0].Name)
	if !strings.HasPrefix(channelName.(string), "projects/acme-prod/notificationChannels/") {
		t.Fatalf("channel name = %v", channelName)
	}
	queries := map[string]string{
		"api-alerts-5xx": `sum(rate(run_googleapis_com:request_count{` + svcMatch + `,response_code_class="5xx"}[5m])) / sum(rate(run_googleapis_com:request_count{` + svcMatch + `}[5m])) > 0.05`,
		// 80% of 25 s, in the metric's milliseconds.
		"api-alerts-latency": `histogram_quantile(0.99, sum by (le) (rate(run_googleapis_com:request_latencies_bucket{` + svcMatch + `}[5m]))) > 20000`,
		// ceil(0.8 × 7) = 6.
		"api-alerts-instances":  `sum(run_googleapis_com:container_instance_count{` + svcMatch + `}) >= 6`,
		"api-alerts-job-failed": `sum(increase(run_googleapis_com:job_completed_execution_count{monitored_resource="cloud_run_job",job_name="api-migrate",result="failed"}[10m])) > 0`,
	}
	for name, q := range queries {
		p := g.Find("gcp:monitoring/alertPolicy:AlertPolicy", name)
		cond, _ := p.Input("conditions[0].conditionPrometheusQueryLanguage")
		want := map[string]any{"query": q, "duration": "300s", "evaluationInterval": "60s"}
		if got := cond.Plain(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s condition =\n%v\nwant\n%v", name, got, want)
		}
		if got := pulumitest.MustValue(t, g, "gcp:monitoring/alertPolicy:AlertPolicy", name, "alertStrategy"); !reflect.DeepEqual(got, map[string]any{"autoClose": "1800s"}) {
			t.Errorf("%s strategy = %v", name, got)
		}
	}
	logs := g.Find("gcp:monitoring/alertPolicy:AlertPolicy", "api-alerts-error-logs").Redacted()
	wantLogs := map[string]any{
		"project": "acme-prod", "displayName": "api-svc: error-level log entries", "combiner": "OR",
		"conditions": []any{map[string]any{"displayName": "error-level log entries", "conditionMatchedLog": map[string]any{
			"filter": `resource.type="cloud_run_revision" AND resource.labels.service_name="api-svc" AND severity>=ERROR`}}},
		"notificationChannels": []any{"projects/acme-prod/notificationChannels/123", channelName},
		"alertStrategy":        map[string]any{"autoClose": "1800s", "notificationRateLimit": map[string]any{"period": "300s"}},
		"documentation":        map[string]any{"content": "The service logged an entry at ERROR or above.", "mimeType": "text/markdown"},
		"userLabels":           map[string]any{"app": "api"},
	}
	if !reflect.DeepEqual(logs, wantLogs) {
		t.Errorf("error-log policy =\n%v\nwant\n%v", logs, wantLogs)
	}
	for _, p := range g.OfType("gcp:monitoring/alertPolicy:AlertPolicy") {
		got, _ := p.Input("notificationChannels")
		if !reflect.DeepEqual(got.Plain(), []any{"projects/acme-prod/notificationChannels/123", channelName}) {
			t.Errorf("%s notifies %v", p.Name, got.Plain())
		}
	}
}

func TestWithoutAJobThereIsNoJobPolicy(t *testing.T) {
	g, _ := run(t, Args{Service: pulumi.String("api-svc"), MaxInstances: 1, HandlerTimeout: time.Second,
		Channels: []string{"projects/acme-prod/notificationChannels/9"}})
	if p := g.Find("gcp:monitoring/alertPolicy:AlertPolicy", "api-alerts-job-failed"); p != nil {
		t.Error("a job policy without a job")
	}
	if n := len(g.OfType("gcp:monitoring/notificationChannel:NotificationChannel")); n != 0 {
		t.Errorf("%d channels created for existing ones", n)
	}
	// One instance: the alert fires at one, never at zero.
	q, _ := g.Find("gcp:monitoring/alertPolicy:AlertPolicy", "api-alerts-instances").String("conditions[0].conditionPrometheusQueryLanguage.query")
	if !strings.HasSuffix(q, ">= 1") {
		t.Errorf("instances query = %s", q)
	}
	if p, ok := g.Find("gcp:monitoring/alertPolicy:AlertPolicy", "api-alerts-5xx").Input("project"); ok {
		t.Errorf("project = %v, want none (the provider's)", p.V)
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{Emails: []string{"ops"}, Channels: []string{"123"}}.Check().Strings(), "\n")
	want := `emails[0] must be an email address such as oncall@example.com, got "ops"` + "\n" +
		`channels[0] must be a channel's name, projects/PROJECT/notificationChannels/ID, got "123"` + "\n" +
		`maxInstances must be at least 1, got 0` + "\n" +
		`handlerTimeout is required: the latency alert is set against it`
	if got != want {
		t.Errorf("Check() =\n%s\nwant\n%s", got, want)
	}
	if got := (Args{MaxInstances: 1, HandlerTimeout: time.Second}).Check().Strings(); len(got) != 1 || got[0] != "emails or channels are required: somewhere the alerts reach a person" {
		t.Errorf("no destination: %q", got)
	}
	if _, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "a", Args{MaxInstances: 1, HandlerTimeout: time.Second, Emails: []string{"a@example.com"}})
		return err
	}); err == nil || !strings.Contains(err.Error(), `runalerts "a": service is required`) {
		t.Errorf("no service: %v", err)
	}
}
