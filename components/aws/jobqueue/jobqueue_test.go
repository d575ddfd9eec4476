package jobqueue

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:worker"

func consumer() Consumer {
	return Consumer{Target: pulumi.String(fnArn), FunctionName: pulumi.String("worker"),
		RoleName: pulumi.String("worker-role"), Timeout: 60 * time.Second}
}

func run(t *testing.T, args Args) (*pulumitest.Graph, *JobQueue) {
	t.Helper()
	var q *JobQueue
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		q, err = New(ctx, "jobs", args)
		return err
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return g, q
}

func TestNewChildrenAndContract(t *testing.T) {
	g, q := run(t, Args{
		Consumer:       consumer(),
		MaxConcurrency: 50,
		AlarmActions:   []pulumi.StringInput{pulumi.String("arn:aws:sns:us-east-1:123456789012:alerts")},
		Senders: []Sender{{Sid: "FromRules", Service: "events.amazonaws.com", ToDLQ: true,
			SourceArns: pulumi.ToStringArray([]string{"arn:aws:events:us-east-1:123456789012:rule/bus/b", "arn:aws:events:us-east-1:123456789012:rule/bus/a"})}},
	})
	wantChildren := []string{
		"aws:cloudwatch/metricAlarm:MetricAlarm jobs-consumer-concurrency",
		"aws:cloudwatch/metricAlarm:MetricAlarm jobs-consumer-errors",
		"aws:cloudwatch/metricAlarm:MetricAlarm jobs-consumer-throttles",
		"aws:cloudwatch/metricAlarm:MetricAlarm jobs-dlq-depth",
		"aws:cloudwatch/metricAlarm:MetricAlarm jobs-oldest-message",
		"aws:iam/rolePolicy:RolePolicy jobs-consumer-policy",
		"aws:lambda/eventSourceMapping:EventSourceMapping jobs-mapping",
		"aws:sqs/queue:Queue jobs-dlq",
		"aws:sqs/queue:Queue jobs-queue",
		"aws:sqs/queuePolicy:QueuePolicy jobs-dlq-policy",
		"aws:sqs/queuePolicy:QueuePolicy jobs-queue-policy",
		"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy jobs-dlq-redrive-allow",
	}
	if got := g.ChildSet(g.Find(TypeToken, "jobs")); !reflect.DeepEqual(got, wantChildren) {
		t.Fatalf("children =\n%q\nwant\n%q", got, wantChildren)
	}
	const queue, dlq = "arn:aws:sqs:us-east-1:123456789012:jobs-queue", "arn:aws:sqs:us-east-1:123456789012:jobs-dlq"
	checks := []struct {
		typ, name, path string
		want            any
	}{
		{"aws:sqs/queue:Queue", "jobs-queue", "visibilityTimeoutSeconds", 360.0},
		{"aws:sqs/queue:Queue", "jobs-queue", "messageRetentionSeconds", 345600.0},
		{"aws:sqs/queue:Queue", "jobs-queue", "receiveWaitTimeSeconds", 20.0},
		{"aws:sqs/queue:Queue", "jobs-queue", "sqsManagedSseEnabled", true},
		{"aws:sqs/queue:Queue", "jobs-queue", "redrivePolicy", `{"deadLetterTargetArn":"` + dlq + `","maxReceiveCount":5}`},
		{"aws:sqs/queue:Queue", "jobs-dlq", "messageRetentionSeconds", 1209600.0},
		{"aws:sqs/queue:Queue", "jobs-dlq", "sqsManagedSseEnabled", true},
		{"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "jobs-dlq-redrive-allow", "redriveAllowPolicy",
			`{"redrivePermission":"byQueue","sourceQueueArns":["` + queue + `"]}`},
		{"aws:sqs/queuePolicy:QueuePolicy", "jobs-queue-policy", "policy", `{"Version":"2012-10-17","Statement":[` +
			`{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":["sqs:*"],"Resource":["` + queue + `"],"Condition":{"Bool":{"aws:SecureTransport":["false"]}}},` +
			`{"Sid":"FromRules","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":["sqs:SendMessage"],"Resource":["` + queue + `"],` +
			`"Condition":{"ArnEquals":{"aws:SourceArn":["arn:aws:events:us-east-1:123456789012:rule/bus/a","arn:aws:events:us-east-1:123456789012:rule/bus/b"]}}}]}`},
		{"aws:sqs/queuePolicy:QueuePolicy", "jobs-dlq-policy", "queueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs-dlq"},
		{"aws:iam/rolePolicy:RolePolicy", "jobs-consumer-policy", "role", "worker-role"},
		{"aws:iam/rolePolicy:RolePolicy", "jobs-consumer-policy", "policy", `{"Version":"2012-10-17","Statement":[` +
			`{"Sid":"ConsumeJobQueue","Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:ChangeMessageVisibility","sqs:GetQueueAttributes"],"Resource":["` + queue + `"]}]}`},
		{"aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "eventSourceArn", queue},
		{"aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "functionName", fnArn},
		{"aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "functionResponseTypes", []any{"ReportBatchItemFailures"}},
		{"aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "scalingConfig.maximumConcurrency", 50.0},
		{"aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "batchSize", 10.0},
		{"aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "maximumBatchingWindowInSeconds", 0.0},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-dlq-depth", "dimensions", map[string]any{"QueueName": "jobs-dlq"}},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-dlq-depth", "threshold", 0.0},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-dlq-depth", "comparisonOperator", "GreaterThanThreshold"},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-oldest-message", "threshold", 900.0},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-consumer-errors", "dimensions", map[string]any{"FunctionName": "worker"}},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-consumer-throttles", "metricName", "Throttles"},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-consumer-concurrency", "metricName", "ConcurrentExecutions"},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-consumer-concurrency", "statistic", "Maximum"},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-consumer-concurrency", "threshold", 45.0},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-consumer-concurrency", "dimensions", map[string]any{"FunctionName": "worker"}},
	}
	for _, al := range g.OfType("aws:cloudwatch/metricAlarm:MetricAlarm") {
		for _, path := range []string{"alarmActions", "okActions"} {
			if got := pulumitest.MustValue(t, g, al.Type, al.Name, path); !reflect.DeepEqual(got, []any{"arn:aws:sns:us-east-1:123456789012:alerts"}) {
				t.Errorf("%s %s = %v, want the alert topic", al.Name, path, got)
			}
		}
	}
	for _, c := range checks {
		if got := pulumitest.MustValue(t, g, c.typ, c.name, c.path); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s =\n%#v\nwant\n%#v", c.name, c.path, got, c.want)
		}
	}
	dlqPolicy := pulumitest.MustValue(t, g, "aws:sqs/queuePolicy:QueuePolicy", "jobs-dlq-policy", "policy").(string)
	if !strings.Contains(dlqPolicy, `"Sid":"FromRules"`) || !strings.Contains(dlqPolicy, `"Resource":["`+dlq+`"]`) {
		t.Errorf("DLQ policy does not admit the rules to the DLQ: %s", dlqPolicy)
	}
	m := g.Find("aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping")
	consumerPolicy := g.Find("aws:iam/rolePolicy:RolePolicy", "jobs-consumer-policy")
	if !contains(m.DependsOn, consumerPolicy.URN) {
		t.Errorf("mapping depends on %v, want the consumer policy %s", m.DependsOn, consumerPolicy.URN)
	}
	if q.Visibility != 6*time.Minute {
		t.Errorf("Visibility = %s", q.Visibility)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestDeferredSenderArns(t *testing.T) {
	// Rules are created after the queue (their targets need its ARN); the
	// queue policy takes their ARNs through a deferred output.
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		arns, resolve := pulumi.DeferredOutput[[]string](ctx.Context())
		_, err := New(ctx, "jobs", Args{Consumer: consumer(), MaxConcurrency: 2,
			Senders: []Sender{{Sid: "FromRules", Service: "events.amazonaws.com", SourceArns: pulumi.StringArrayOutput{OutputState: arns.OutputState}}}})
		resolve(pulumi.ToStringArray([]string{"arn:aws:events:us-east-1:123456789012:rule/bus/late"}).ToStringArrayOutput())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := pulumitest.MustValue(t, g, "aws:sqs/queuePolicy:QueuePolicy", "jobs-queue-policy", "policy").(string)
	if !strings.Contains(p, `"aws:SourceArn":["arn:aws:events:us-east-1:123456789012:rule/bus/late"]`) {
		t.Errorf("policy = %s", p)
	}
	if p := pulumitest.MustValue(t, g, "aws:sqs/queuePolicy:QueuePolicy", "jobs-dlq-policy", "policy").(string); strings.Contains(p, "FromRules") {
		t.Errorf("a sender without ToDLQ was admitted to the DLQ: %s", p)
	}
}

func TestCheckAndWiring(t *testing.T) {
	tests := []struct {
		name string
		args Args
		want []string
	}{
		{"valid", Args{Consumer: consumer(), MaxConcurrency: 2}, nil},
		{"explicit visibility below the floor", Args{Consumer: consumer(), MaxConcurrency: 2, VisibilityTimeout: 2 * time.Minute, BatchWindow: 5 * time.Second}, []string{
			"visibilityTimeout must be at least 6m5s (6 x the consumer's timeout 1m0s + batchWindow 5s), got 2m0s; raise it or leave it zero to derive it",
		}},
		{"batch without window, concurrency missing", Args{Consumer: consumer(), BatchSize: 100}, []string{
			"batchSize 100 needs a batchWindow of at least 1s (SQS requires one above 10); set batchWindow or lower batchSize",
			"maxConcurrency must be between 2 and 1000, got 0; it bounds the consumer's database connections: derive it with jobqueue.MaxConcurrencyFor",
		}},
		{"retention at the DLQ's", Args{Consumer: consumer(), MaxConcurrency: 2, Retention: 14 * 24 * time.Hour}, []string{
			"retention must be at least 1m and below the DLQ's 336h0m0s (a message's age carries over to the DLQ), got 336h0m0s",
		}},
		{"no consumer", Args{MaxConcurrency: 2}, []string{
			"consumer needs Target, FunctionName and RoleName; use jobqueue.ConsumerOf(fn) for a golambda function",
			"consumer.timeout must be between 1s and 15m0s, got 0s; the visibility timeout derives from it",
		}},
		{"sender without sources", Args{Consumer: consumer(), MaxConcurrency: 2, Senders: []Sender{{Service: "events.amazonaws.com"}}}, []string{
			"senders[0].sourceArns are required: a service is admitted only from named sources",
		}},
		{"sender without a service", Args{Consumer: consumer(), MaxConcurrency: 2, Senders: []Sender{{SourceArns: pulumi.StringArray{}}}}, []string{
			"senders[0].service is required: the AWS service principal admitted to send, e.g. events.amazonaws.com",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(append(tt.args.Check(), tt.args.wiring()...).Strings(), "\n")
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Check() + wiring() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// Property: the derived visibility always satisfies its own floor and the
// AWS rule (never below the timeout); the derived concurrency always fits the
// budget it came from and the SQS range.
func TestDerivationProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		timeout := time.Duration(1+r.IntN(900)) * time.Second
		window := time.Duration(r.IntN(301)) * time.Second
		vis := VisibilityFloor(timeout, window)
		if vis < timeout || vis < 6*timeout || vis-window != 6*timeout {
			t.Fatalf("VisibilityFloor(%s, %s) = %s", timeout, window, vis)
		}
		if f := VisibilityRule("q", "k", vis, timeout, window).Check(); len(f) != 0 {
			t.Fatalf("the derived visibility fails its own rule: %v", f)
		}
		slots := r.IntN(5000)
		pool := 1 + r.IntN(4)
		n, ok := MaxConcurrencyFor(slots, pool)
		if n < 2 || n > 1000 {
			t.Fatalf("MaxConcurrencyFor(%d, %d) = %d, outside [2, 1000]", slots, pool, n)
		}
		if ok != (slots/pool >= 2) {
			t.Fatalf("MaxConcurrencyFor(%d, %d) ok = %v", slots, pool, ok)
		}
		if ok && n*pool > slots {
			t.Fatalf("MaxConcurrencyFor(%d, %d) = %d: %d clients exceed the budget", slots, pool, n, n*pool)
		}
		if len(ConcurrencyRange("c", "k", n)) != 0 {
			t.Fatalf("the derived concurrency %d is outside the SQS range", n)
		}
	}
}

// A producer's link carries the queue and exactly the right to send to it.
func TestProducerSendStatement(t *testing.T) {
	p := Producer{URL: pulumi.String("https://sqs/q"), Arn: pulumi.String("arn:aws:sqs:us-east-1:123456789012:q")}
	s := p.SendStatement()
	if s.Sid != "SendToJobQueue" || !reflect.DeepEqual(s.Actions, []string{"sqs:SendMessage"}) || len(s.Resources) != 1 {
		t.Errorf("statement = %+v", s)
	}
	if got, _, _ := pulumitest.Await(s.Resources[0].ToStringOutput()); got != "arn:aws:sqs:us-east-1:123456789012:q" {
		t.Errorf("resource = %v", got)
	}
	if !p.Linked() || (Producer{URL: p.URL}).Linked() {
		t.Error("Linked must need both the URL and the ARN")
	}
}

func TestConcurrencyThreshold(t *testing.T) {
	for max, want := range map[int]float64{2: 1, 10: 9, 50: 45, 90: 81, 1000: 900} {
		if got := concurrencyThreshold(max); got != want {
			t.Errorf("concurrencyThreshold(%d) = %v, want %v", max, got, want)
		}
	}
}
