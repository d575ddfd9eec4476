package jobs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/invariants"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

const (
	pooled  = "postgres://app:pw-7f3a@ep-a-123-pooler.us-east-2.aws.neon.tech/app"
	direct  = "postgres://app:pw-7f3a@ep-a-123.us-east-2.aws.neon.tech/app?sslmode=require"
	headers = "x-api-key=otlp-key-9c1"
	signing = "signing-key-5e2d-0123456789abcdef0123456789"
)

func settings() stackconfig.Settings {
	return stackconfig.Settings{
		Project: "groundwork", Stack: "test", Blueprint: Name, Mode: stackconfig.ScaleToZero,
		Database: database.Endpoint{Provider: database.Neon, PooledURL: secret.New(pooled), DirectURL: secret.New(direct),
			MaxConnections: 100, ReservedConnections: 10},
		Telemetry: stackconfig.Telemetry{OTLPEndpoint: "https://otlp.example.com", OTLPHeaders: secret.New(headers)},
		Jobs: &stackconfig.Jobs{
			Webhook:   stackconfig.JobsWebhook{Enabled: true, SigningSecret: secret.New(signing)},
			Schedules: []stackconfig.Schedule{{Name: "nightly", Expression: "cron(0 3 * * ? *)"}},
			Events:    []stackconfig.Event{{Name: "order-placed", Pattern: json.RawMessage(`{"source":["app.orders"]}`)}},
		},
	}
}

func run(t *testing.T, s stackconfig.Settings) (*pulumitest.Graph, error) {
	t.Helper()
	return pulumitest.Run(func(ctx *pulumi.Context) error {
		p, err := Prepare(s)
		if err != nil {
			return err
		}
		_, err = p.Create(ctx)
		return err
	})
}

func mustRun(t *testing.T, s stackconfig.Settings) *pulumitest.Graph {
	t.Helper()
	g, err := run(t, s)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return g
}

func TestRunComposesTheBlueprint(t *testing.T) {
	g := mustRun(t, settings())
	want := []string{
		"aws:cloudwatch/dashboard:Dashboard jobs-dashboard",
		"groundwork:aws:EventRoutes jobs-events",
		"groundwork:aws:GoFunction jobs-worker",
		"groundwork:aws:JobQueue jobs",
		"groundwork:aws:RouteMetrics jobs-webhook-routes",
		"groundwork:aws:RouteMetrics jobs-worker-routes",
		"groundwork:aws:Schedules jobs-schedules",
		"groundwork:aws:Secret jobs-db-url",
		"groundwork:aws:Secret jobs-otlp-headers",
		"groundwork:aws:WebhookIngress jobs-webhook",
	}
	if got := g.ChildSet(g.Find(TypeToken, Name)); !reflect.DeepEqual(got, want) {
		t.Fatalf("children =\n%q\nwant\n%q", got, want)
	}
	// The app path gets the pooled URL, as a secret, with TLS enforced.
	v, _ := g.Find("aws:secretsmanager/secretVersion:SecretVersion", "jobs-db-url-version").Input("secretString")
	if !v.Secret || v.Plain() != pooled+"?sslmode=require" {
		t.Errorf("db url secret = %+v, want the pooled URL with sslmode=require, as a secret", v)
	}
	env := pulumitest.MustValue(t, g, "aws:lambda/function:Function", "jobs-worker-function", "environment.variables").(map[string]any)
	wantEnv := map[string]any{
		"DB_POOL_SIZE":                          "1",
		"DB_STATEMENT_TIMEOUT":                  "10s",
		"DB_CONNECT_TIMEOUT":                    "5s",
		"MESSAGE_TIMEOUT":                       "20s",
		"SECRET_FETCH_TIMEOUT":                  "3s",
		"DATABASE_URL_SECRET_ARN":               "arn:aws:secretsmanager:us-east-1:123456789012:secret:jobs-db-url-secret-AbCdEf",
		"OTEL_EXPORTER_OTLP_HEADERS_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:jobs-otlp-headers-secret-AbCdEf",
		"OTEL_SERVICE_NAME":                     "jobs-worker",
		"OTEL_EXPORTER_OTLP_ENDPOINT":           "https://otlp.example.com",
	}
	for k, w := range wantEnv {
		if env[k] != w {
			t.Errorf("worker env %s = %v, want %v", k, env[k], w)
		}
	}
	for k := range env {
		if k == "DATABASE_URL" || k == "OTEL_EXPORTER_OTLP_HEADERS" {
			t.Errorf("worker env carries %s as a value; it must come from Secrets Manager", k)
		}
	}
	// Derived from the budget: min(90% of 100, 100 - 10) = 90 connections, one each.
	if got := pulumitest.MustValue(t, g, "aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "scalingConfig.maximumConcurrency"); got != 90.0 {
		t.Errorf("maximumConcurrency = %v, want 90 (derived from the connection budget)", got)
	}
	if got := pulumitest.MustValue(t, g, "aws:sqs/queue:Queue", "jobs-queue", "visibilityTimeoutSeconds"); got != 360.0 {
		t.Errorf("visibility = %v, want 360 (6 x 60s)", got)
	}
	policy := pulumitest.MustValue(t, g, "aws:sqs/queuePolicy:QueuePolicy", "jobs-queue-policy", "policy").(string)
	if !strings.Contains(policy, `"aws:SourceArn":["arn:aws:events:us-east-1:123456789012:rule/jobs-events-bus/jobs-events-order-placed"]`) {
		t.Errorf("queue policy does not admit exactly the rule: %s", policy)
	}
	if got := pulumitest.MustValue(t, g, "aws:lambda/function:Function", "jobs-worker-function", "tags.blueprint"); got != "jobs" {
		t.Errorf("worker tag blueprint = %v", got)
	}
	if _, ok := g.Find("aws:lambda/function:Function", "jobs-webhook-receiver-function").Input("publish"); !ok {
		t.Error("receiver has no publish input")
	}
	if vs := invariants.Check(g, invariants.Options{Secrets: []string{pooled, direct, "pw-7f3a", headers, signing}}); len(vs) > 0 {
		t.Errorf("invariants: %v", vs)
	}
}

func TestAlwaysWarmProvisionsOnlyTheReceiver(t *testing.T) {
	s := settings()
	s.Mode = stackconfig.AlwaysWarm
	g := mustRun(t, s)
	pcs := g.OfType("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")
	if len(pcs) != 1 || pcs[0].Name != "jobs-webhook-receiver-provisioned" {
		t.Fatalf("provisioned concurrency on %v, want only the receiver", pcs)
	}
	if n, _ := pcs[0].Number("provisionedConcurrentExecutions"); n != WarmReceivers {
		t.Errorf("provisioned = %v, want %d", n, WarmReceivers)
	}
}

func TestMinimalStackHasNoOptionalParts(t *testing.T) {
	s := settings()
	s.Jobs = nil
	s.Telemetry = stackconfig.Telemetry{}
	g := mustRun(t, s)
	want := []string{"aws:cloudwatch/dashboard:Dashboard jobs-dashboard", "groundwork:aws:GoFunction jobs-worker", "groundwork:aws:JobQueue jobs",
		"groundwork:aws:RouteMetrics jobs-worker-routes", "groundwork:aws:Secret jobs-db-url"}
	if got := g.ChildSet(g.Find(TypeToken, Name)); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
}

func TestBadSettingsFailBeforeAnyResource(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*stackconfig.Settings)
		want   []string
	}{
		{"worker timeout above the Lambda limit", func(s *stackconfig.Settings) { s.Jobs.Worker.Timeout = stackconfig.Duration(20 * time.Minute) }, []string{
			"groundwork:jobs.worker.timeout must be at most 15m0s (Lambda limit), got 20m0s; move longer work to a container job",
		}},
		{"max concurrency above the connection budget", func(s *stackconfig.Settings) { s.Jobs.Worker.MaxConcurrency = 150 }, []string{
			"error: worker connections: worst-case clients jobs.worker.maxConcurrency 150 x 1 = 150 exceed the 90 server connections available (min(90% of max_connections 100, 100 - 10 reserved)); lower jobs.worker.maxConcurrency to at most 90, raise max_connections, or leave jobs.worker.maxConcurrency unset to derive it",
		}},
		{"malformed URL", func(s *stackconfig.Settings) { s.Database.PooledURL = secret.New("ep-a-123-pooler.neon.tech:5432") }, []string{
			`groundwork:database.pooledUrl is not a valid Postgres URL: it does not start with postgres:// or postgresql://; expected postgres://USER:PASSWORD@HOST[:PORT]/DATABASE?sslmode=require`,
		}},
		{"webhook without a signing secret", func(s *stackconfig.Settings) { s.Jobs.Webhook.SigningSecret = secret.Value{} }, []string{
			`groundwork:jobs.webhook.signingSecret is required when the webhook is enabled: generate one and give the same key to the sender: pulumi config set --secret --path 'groundwork:jobs.webhook.signingSecret' "$(openssl rand -hex 32)"`,
		}},
		{"explicit visibility below 6x", func(s *stackconfig.Settings) { s.Jobs.Worker.VisibilityTimeout = stackconfig.Duration(2 * time.Minute) }, []string{
			"groundwork:jobs.worker.visibilityTimeout must be at least 6m0s (6 x the consumer's timeout 1m0s + batchWindow 0s), got 2m0s; raise it or leave it zero to derive it",
		}},
		{"statement timeout outlives the message", func(s *stackconfig.Settings) { s.Jobs.Worker.StatementTimeout = stackconfig.Duration(30 * time.Second) }, []string{
			"error: worker timeouts: pool acquire + statement_timeout (jobs.worker.statementTimeout, 35s) must be shorter than per-message deadline (jobs.worker.messageTimeout, 20s); lower jobs.worker.statementTimeout or raise jobs.worker.messageTimeout",
		}},
		{"bad schedule and bad telemetry", func(s *stackconfig.Settings) {
			s.Jobs.Schedules[0].Expression = "every day"
			s.Telemetry.OTLPEndpoint = "otlp:4318"
		}, []string{
			`groundwork:telemetry.otlpEndpoint must be an http(s) URL such as https://otlp.example.com, got "otlp:4318"`,
			`groundwork:jobs.schedules[0].expression must be a schedule expression such as rate(5 minutes), cron(0 9 * * ? *) (six fields) or at(2030-01-01T09:00:00), got "every day"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings()
			tt.mutate(&s)
			g, err := run(t, s)
			if err == nil {
				t.Fatal("run succeeded, want an error")
			}
			_, prepErr := Prepare(s)
			if prepErr == nil || prepErr.Error() != strings.Join(tt.want, "\n") {
				t.Errorf("Prepare() =\n%v\nwant\n%s", prepErr, strings.Join(tt.want, "\n"))
			}
			if len(g.Resources) != 0 {
				t.Errorf("%d resources registered before the error, want none", len(g.Resources))
			}
			for _, sec := range []string{"pw-7f3a", headers, signing} {
				if strings.Contains(prepErr.Error(), sec) {
					t.Errorf("error leaks a secret: %v", prepErr)
				}
			}
		})
	}
}

// With groundwork:alerts.emails, every alarm notifies the kit's encrypted
// topic on ALARM and on OK; a team's own topic is notified as well.
func TestAlarmsNotifyTheAlertTopic(t *testing.T) {
	s := settings()
	s.Alerts = stackconfig.Alerts{Emails: []string{"oncall@example.com"}, SNSTopicArn: "arn:aws:sns:us-east-1:123456789012:team-pager"}
	g := mustRun(t, s)
	topic := "arn:aws:sns:us-east-1:123456789012:jobs-alerts-topic"
	want := []any{topic, "arn:aws:sns:us-east-1:123456789012:team-pager"}
	var names []string
	for _, al := range g.OfType("aws:cloudwatch/metricAlarm:MetricAlarm") {
		names = append(names, al.Name)
		for _, path := range []string{"alarmActions", "okActions"} {
			if got := pulumitest.MustValue(t, g, al.Type, al.Name, path); !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s = %v, want %v", al.Name, path, got, want)
			}
		}
	}
	sort.Strings(names)
	wantNames := []string{"jobs-consumer-concurrency", "jobs-consumer-errors", "jobs-consumer-throttles", "jobs-dlq-depth",
		"jobs-oldest-message", "jobs-webhook-4xx", "jobs-webhook-5xx"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("alarms = %v, want %v", names, wantNames)
	}
	if sub := g.Find("aws:sns/topicSubscription:TopicSubscription", "jobs-alerts-email-"+emailHash("oncall@example.com")); sub == nil {
		t.Error("no email subscription for oncall@example.com")
	}
	p, _ := Prepare(s)
	for _, f := range p.Report.Warnings() {
		if f.Budget == "alerts" {
			t.Errorf("warning with a destination: %s", f)
		}
	}
}

func TestNoDestinationWarns(t *testing.T) {
	p, err := Prepare(settings())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range p.Report.Warnings() {
		if f.Budget == "alerts" {
			got = append(got, f.String())
		}
	}
	want := "warning: alerts: no alert destination: the queue, worker and webhook alarms change state and notify no one; set alerts.emails or alerts.snsTopicArn"
	if len(got) != 1 || got[0] != want {
		t.Errorf("warnings = %q, want %q", got, want)
	}
}

func emailHash(e string) string {
	sum := sha256.Sum256([]byte(e))
	return hex.EncodeToString(sum[:])[:8]
}

// A component that fails after the queue policy took the rules' deferred
// ARNs must fail the program, not leave it waiting for them. The bound is
// a deadlock guard, not a timing claim: a run takes milliseconds.
func TestAFailingPartFailsTheProgramInsteadOfHanging(t *testing.T) {
	p, err := Prepare(settings())
	if err != nil || p.Events == nil {
		t.Fatalf("Prepare: %v (events %v)", err, p.Events != nil)
	}
	p.Events.Rules[0].Name = "Not A Name" // refused by eventroutes.New, after jobqueue.New
	done := make(chan error, 1)
	go func() {
		_, err := pulumitest.Run(func(ctx *pulumi.Context) error {
			_, err := p.Create(ctx)
			return err
		})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), `eventroutes "jobs-events"`) {
			t.Errorf("Run() = %v, want the eventroutes error", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the program never returned: the queue policy still waits for the rules' ARNs")
	}
}

// EventBridge delivers to SQS only through the queue's resource policy
// (docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions):
// each rule's target waits for the queue's and the DLQ's policies.
func TestEventTargetsWaitForTheQueuePolicies(t *testing.T) {
	g := mustRun(t, settings())
	targets := g.OfType("aws:cloudwatch/eventTarget:EventTarget")
	if len(targets) == 0 {
		t.Fatal("no event targets")
	}
	for _, target := range targets {
		for _, policy := range []string{"jobs-queue-policy", "jobs-dlq-policy"} {
			if urn := g.Find("aws:sqs/queuePolicy:QueuePolicy", policy).URN; !slices.Contains(target.DependsOn, urn) {
				t.Errorf("%s depends on %v, not on %s", target.Name, target.DependsOn, policy)
			}
		}
	}
}
