package edge

import (
	"reflect"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

const (
	scriptType = "cloudflare:index/workersScript:WorkersScript"
	jobType    = "cloudflare:index/logpushJob:LogpushJob"
)

func mustRun(t *testing.T, s stackconfig.Settings) *pulumitest.Graph {
	t.Helper()
	g, err := run(t, s)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func bindings(t *testing.T, g *pulumitest.Graph) map[string]any {
	t.Helper()
	vars := map[string]any{}
	for _, b := range pulumitest.MustValue(t, g, scriptType, "edge-script", "plainTextBindings").([]any) {
		m := b.(map[string]any)
		vars[m["name"].(string)] = m["text"]
	}
	return vars
}

// On the paid plan the Worker's events go to the kit's bucket, the job
// keeps the deployed script's events only, and the Worker binds the same
// bucket and runs its cleanup on the trigger its vars name.
func TestLogsGoToTheKitsBucketWhichTheWorkerCleans(t *testing.T) {
	g := mustRun(t, settings())
	script := g.Find(scriptType, "edge-script")
	name, _ := script.String("name")
	if filter, _ := g.Find(jobType, "edge-logs-job").String("filter"); filter != `{"where":{"key":"ScriptName","operator":"eq","value":"`+name+`"}}` {
		t.Errorf("job filter = %s, want the script %s", filter, name)
	}
	bucket, _ := g.Find("cloudflare:index/r2Bucket:R2Bucket", "edge-logs-bucket").String("name")
	if got := pulumitest.MustValue(t, g, scriptType, "edge-script", "r2BucketBindings"); !reflect.DeepEqual(got, []any{map[string]any{"name": "LOG_BUCKET", "bucketName": bucket}}) {
		t.Errorf("r2BucketBindings = %v, want LOG_BUCKET on %s", got, bucket)
	}
	if logpush, _ := script.Input("logpush"); logpush.V != true {
		t.Errorf("logpush = %v", logpush.V)
	}
	vars := bindings(t, g)
	for k, want := range map[string]string{"LOG_RETENTION_DAYS": "30", "LOG_PREFIX": "workers/", "LOG_CLEANUP_CRON": "17 4 * * *"} {
		if vars[k] != want {
			t.Errorf("var %s = %v, want %s", k, vars[k], want)
		}
	}
	if dest, _ := g.Find(jobType, "edge-logs-job").Input("destinationConf"); !dest.Secret || !strings.HasPrefix(dest.Plain().(string), "r2://"+bucket+"/"+vars["LOG_PREFIX"].(string)+"{DATE}?") {
		t.Errorf("destination %+v does not write where the Worker cleans", dest.Secret)
	}
	crons := pulumitest.MustValue(t, g, "cloudflare:index/workersCronTrigger:WorkersCronTrigger", "edge-cron", "schedules")
	if !reflect.DeepEqual(crons, []any{"0 * * * *", vars["LOG_CLEANUP_CRON"]}) {
		t.Errorf("crons = %v", crons)
	}
	policy := g.Find("cloudflare:index/notificationPolicy:NotificationPolicy", "edge-alerts-incidents")
	if got, _ := policy.Input("filters.affectedComponents"); !reflect.DeepEqual(got.Plain(), []any{"Workers", "Logs", "R2"}) {
		t.Errorf("incident components = %v", got.Plain())
	}
	if got, _ := policy.Input("emailIntegrations"); !reflect.DeepEqual(got.Plain(), []any{map[string]any{"id": "oncall@example.com"}}) {
		t.Errorf("email integrations = %v", got.Plain())
	}
}

func TestATeamsDestinationReplacesTheBucket(t *testing.T) {
	s := settings()
	s.Edge.Logs = stackconfig.EdgeLogs{Destination: secret.New("https://logs.example.com/cf?header_Authorization=Bearer%20tok-77f1"), JobDisabledAlert: true}
	g := mustRun(t, s)
	if n := len(g.OfType("cloudflare:index/r2Bucket:R2Bucket")) + len(g.OfType("cloudflare:index/apiToken:ApiToken")); n != 0 {
		t.Errorf("%d buckets and tokens for a destination the team owns", n)
	}
	if dest, _ := g.Find(jobType, "edge-logs-job").Input("destinationConf"); !dest.Secret {
		t.Error("the team's destination is not a secret")
	}
	if _, ok := g.Find(scriptType, "edge-script").Input("r2BucketBindings"); ok {
		t.Error("the Worker binds a bucket the kit does not own")
	}
	vars := bindings(t, g)
	for _, k := range []string{"LOG_RETENTION_DAYS", "LOG_PREFIX", "LOG_CLEANUP_CRON"} {
		if _, ok := vars[k]; ok {
			t.Errorf("var %s set without the kit's bucket", k)
		}
	}
	if p := g.Find("cloudflare:index/notificationPolicy:NotificationPolicy", "edge-alerts-logpush-disabled"); p == nil {
		t.Error("no Logpush notification though edge.logs.jobDisabledAlert is set")
	}
}

func TestTheFreePlanKeepsNoLogs(t *testing.T) {
	s := settings()
	s.Edge.Plan = "free"
	s.Database.MaxConnections = 60
	g := mustRun(t, s)
	if n := len(g.OfType(jobType)); n != 0 {
		t.Errorf("%d Logpush jobs on the free plan", n)
	}
	if logpush, _ := g.Find(scriptType, "edge-script").Input("logpush"); logpush.V != false {
		t.Errorf("logpush = %v on the free plan", logpush.V)
	}
	if crons := pulumitest.MustValue(t, g, "cloudflare:index/workersCronTrigger:WorkersCronTrigger", "edge-cron", "schedules"); !reflect.DeepEqual(crons, []any{"0 * * * *"}) {
		t.Errorf("crons = %v", crons)
	}
}

func TestBadLogSettingsAreNamed(t *testing.T) {
	const canary = "Zq7e1c0ffeeKw"
	tests := []struct {
		name   string
		mutate func(*stackconfig.Settings)
		want   string
	}{
		{"cleanup schedule taken", func(s *stackconfig.Settings) { s.Edge.Crons = []string{"17 4 * * *"} },
			`groundwork:edge.crons[0] is "17 4 * * *", the schedule the kit runs the log cleanup on; pick another minute`},
		{"retention", func(s *stackconfig.Settings) { s.Edge.Logs.RetentionDays = -1 },
			"groundwork:edge.logs.retentionDays must be between 1 and 3650 days, got -1; leave it unset for 30"},
		{"free plan with a destination", func(s *stackconfig.Settings) {
			s.Edge.Plan = "free"
			s.Edge.Logs.Destination = secret.New("https://logs.example.com/" + canary)
		}, "groundwork:edge.logs.destination is set but no logs are kept: edge.plan is not paid, and Workers Logpush needs Workers Paid"},
		{"unproven s3", func(s *stackconfig.Settings) {
			s.Edge.Logs.Destination = secret.New("s3://acme/edge?secret-access-key=" + canary)
		},
			"groundwork:edge.logs.ownershipChallenge is required for destinations on Amazon S3: Cloudflare writes it into the destination (developers.cloudflare.com/logs/logpush/logpush-job/logpush-ownership-challenge/); copy it here"},
		{"retention with a destination", func(s *stackconfig.Settings) {
			s.Edge.Logs.Destination = secret.New("https://logs.example.com/" + canary)
			s.Edge.Logs.RetentionDays = 7
		}, "groundwork:edge.logs.retentionDays applies to the kit's bucket only; a destination the team names keeps files as long as it is set to"},
		{"job alert without anyone", func(s *stackconfig.Settings) {
			s.Alerts = stackconfig.Alerts{}
			s.Edge.Logs.JobDisabledAlert = true
		}, "groundwork:edge.logs.jobDisabledAlert needs alerts.emails: the notification has no one to reach"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings()
			tt.mutate(&s)
			_, err := Prepare(s)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Prepare() =\n%v\nwant\n%s", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), canary[:8]) {
				t.Error("the error quotes the destination")
			}
		})
	}
}

// Cost by route: the Worker writes one data point per request to the
// stack's dataset, which the README's SQL reads.
func TestTheWorkerBindsTheAnalyticsDataset(t *testing.T) {
	g := mustRun(t, settings())
	got := pulumitest.MustValue(t, g, scriptType, "edge-script", "analyticsEngineBindings")
	if want := []any{map[string]any{"name": "ANALYTICS", "dataset": "groundwork_test_edge"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("analyticsEngineBindings = %v, want %v", got, want)
	}
}
