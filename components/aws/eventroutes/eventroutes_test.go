package eventroutes

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/delivery"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

const queue, dlq = "arn:aws:sqs:us-east-1:123456789012:jobs-queue", "arn:aws:sqs:us-east-1:123456789012:jobs-dlq"

func TestNew(t *testing.T) {
	var routes *EventRoutes
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		routes, err = New(ctx, "events", Args{
			Target: jobqueue.Target{Arn: pulumi.String(queue), DLQArn: pulumi.String(dlq)},
			Rules:  []Rule{{Name: "order-placed", Pattern: json.RawMessage(`{ "source": ["app.orders"], "detail-type": ["order.placed"] }`)}},
			Retry:  delivery.Retry{Attempts: 5},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws:cloudwatch/eventBus:EventBus events-bus",
		"aws:cloudwatch/eventRule:EventRule events-order-placed",
		"aws:cloudwatch/eventTarget:EventTarget events-order-placed-target",
	}
	if got := g.ChildSet(g.Find(TypeToken, "events")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
	rule := g.Find("aws:cloudwatch/eventRule:EventRule", "events-order-placed")
	if p, _ := rule.String("eventPattern"); p != `{"detail-type":["order.placed"],"source":["app.orders"]}` {
		t.Errorf("pattern = %s", p)
	}
	if b, _ := rule.String("eventBusName"); b != "events-bus" {
		t.Errorf("rule on bus %q, want the custom bus", b)
	}
	target := g.Find("aws:cloudwatch/eventTarget:EventTarget", "events-order-placed-target").Redacted()
	wantTarget := map[string]any{
		"rule": "events-order-placed", "eventBusName": "events-bus", "arn": queue,
		"retryPolicy":      map[string]any{"maximumRetryAttempts": 5.0, "maximumEventAgeInSeconds": 3600.0},
		"deadLetterConfig": map[string]any{"arn": dlq},
	}
	if !reflect.DeepEqual(target, wantTarget) {
		t.Errorf("target =\n%#v\nwant\n%#v", target, wantTarget)
	}
	arns, _, err := pulumitest.Await(routes.RuleArns)
	if err != nil || !reflect.DeepEqual(arns, []string{"arn:aws:events:us-east-1:123456789012:rule/events-bus/events-order-placed"}) {
		t.Errorf("RuleArns = %v (%v)", arns, err)
	}
}

func TestCheck(t *testing.T) {
	args := Args{Rules: []Rule{
		{Name: "a", Pattern: json.RawMessage(`{}`)},
		{Name: "b", Pattern: json.RawMessage(`{"sourc": ["x"]}`)},
	}, Retry: delivery.Retry{Attempts: 200}}
	want := strings.Join([]string{
		`rules[0].pattern must be a non-empty JSON object such as {"source": ["app.orders"]}`,
		`rules[1].pattern matches unknown event field "sourc"; event fields are source, detail-type, detail, resources, account, region, id, time, version`,
		"retry.attempts must be between 0 and 185, got 200",
	}, "\n")
	if got := strings.Join(args.Check().Strings(), "\n"); got != want {
		t.Errorf("Check() =\n%v\nwant\n%s", got, want)
	}
	_, err := New(nil, "events", args)
	if err == nil || !strings.HasSuffix(err.Error(), "target needs the queue ARN and its DLQ ARN; use jobqueue's Target()") {
		t.Errorf("New without a target = %v", err)
	}
}

func TestPatternStructure(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{`{"source": ["app.orders"], "detail": {"amount": [{"numeric": [">", 100]}], "tier": ["gold", null]}}`, ""},
		{`{"source": "app.orders"}`, `p.source must be a list of values or matchers, such as ["app.orders"] or [{"prefix": "app."}], or an object of nested fields; a bare value matches nothing`},
		{`{"detail": {"status": "paid"}}`, `p.detail.status must be a list of values or matchers, such as ["app.orders"] or [{"prefix": "app."}], or an object of nested fields; a bare value matches nothing`},
		{`{"source": []}`, "p.source is an empty list, which matches nothing; list the values to match"},
		{`{"detail": {}}`, "p.detail is an empty object; give the nested fields to match"},
		{`{"source": [{"startsWith": "app."}]}`, `p.source[0] uses matcher "startsWith"; matchers are anything-but, cidr, equals-ignore-case, exists, numeric, prefix, suffix, wildcard`},
		{`{"source": [{"prefix": "a", "suffix": "b"}]}`, `p.source[0] must be one matcher such as {"prefix": "app."}; matchers are anything-but, cidr, equals-ignore-case, exists, numeric, prefix, suffix, wildcard`},
		{`["app.orders"]`, `p must be a non-empty JSON object such as {"source": ["app.orders"]}`},
		{`{"source": ["` + strings.Repeat("a", 2100) + `"]}`, "p is 2116 bytes, over EventBridge's default quota of 2048 characters; split the rule, or raise the quota and the kit's limit together"},
	}
	for _, tt := range tests {
		var out problem.List
		checkPattern("p", json.RawMessage(tt.pattern), &out)
		if got := strings.Join(out.Strings(), "\n"); got != tt.want {
			t.Errorf("checkPattern(%.60s) =\n%s\nwant\n%s", tt.pattern, got, tt.want)
		}
	}
}
