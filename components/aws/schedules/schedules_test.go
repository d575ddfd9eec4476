package schedules

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

const queue, dlq = "arn:aws:sqs:us-east-1:123456789012:jobs-queue", "arn:aws:sqs:us-east-1:123456789012:jobs-dlq"

func target() jobqueue.Target {
	return jobqueue.Target{Arn: pulumi.String(queue), DLQArn: pulumi.String(dlq)}
}

func TestNew(t *testing.T) {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "sched", Args{Target: target(), Schedules: []Schedule{
			{Name: "nightly-report", Expression: "cron(0 3 * * ? *)", Timezone: "Europe/Paris", Payload: json.RawMessage(`{"report": "daily"}`)},
			{Name: "heartbeat", Expression: "rate(5 minutes)"},
		}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws:iam/role:Role sched-role",
		"aws:iam/rolePolicy:RolePolicy sched-policy",
		"aws:scheduler/schedule:Schedule sched-heartbeat",
		"aws:scheduler/schedule:Schedule sched-nightly-report",
		"aws:scheduler/scheduleGroup:ScheduleGroup sched-group",
	}
	if got := g.ChildSet(g.Find(TypeToken, "sched")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
	s := g.Find("aws:scheduler/schedule:Schedule", "sched-nightly-report")
	got := s.Redacted()
	wantInputs := map[string]any{
		"groupName":                  "sched-group",
		"description":                `puts job "nightly-report" on the queue`,
		"scheduleExpression":         "cron(0 3 * * ? *)",
		"scheduleExpressionTimezone": "Europe/Paris",
		"state":                      "ENABLED",
		"flexibleTimeWindow":         map[string]any{"mode": "OFF"},
		"target": map[string]any{
			"arn":              queue,
			"roleArn":          "arn:aws:iam::123456789012:role/sched-role",
			"input":            `{"kind":"nightly-report","payload":{"report":"daily"}}`,
			"retryPolicy":      map[string]any{"maximumRetryAttempts": 3.0, "maximumEventAgeInSeconds": 3600.0},
			"deadLetterConfig": map[string]any{"arn": dlq},
		},
	}
	if !reflect.DeepEqual(got, wantInputs) {
		t.Errorf("schedule inputs =\n%#v\nwant\n%#v", got, wantInputs)
	}
	if tz, _ := g.Find("aws:scheduler/schedule:Schedule", "sched-heartbeat").String("scheduleExpressionTimezone"); tz != "UTC" {
		t.Errorf("default timezone = %q, want UTC", tz)
	}
	trust, _ := g.Find("aws:iam/role:Role", "sched-role").String("assumeRolePolicy")
	if want := `{"Version":"2012-10-17","Statement":[{"Sid":"AssumeFromOwnAccount","Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]}}}]}`; trust != want {
		t.Errorf("trust = %s", trust)
	}
	policy, _ := g.Find("aws:iam/rolePolicy:RolePolicy", "sched-policy").String("policy")
	if want := `{"Version":"2012-10-17","Statement":[{"Sid":"DeliverJobs","Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["` + queue + `","` + dlq + `"]}]}`; policy != want {
		t.Errorf("policy = %s", policy)
	}
}

func TestCheck(t *testing.T) {
	args := Args{Target: target(), Schedules: []Schedule{
		{Name: "ok", Expression: "rate(1 hour)"},
		{Name: "Bad_Name", Expression: "rate(1 hours)"},
		{Name: "ok", Expression: "cron(0 3 * * *)", Timezone: "Mars/Olympus", Payload: json.RawMessage(`{`)},
		{Name: "once", Expression: "at(2030-01-01T09:00:00)"},
	}}
	want := strings.Join([]string{
		`schedules[1].expression must use the singular unit with 1 and the plural otherwise, e.g. rate(1 hour), rate(5 minutes), got "rate(1 hours)"`,
		`schedules[2].expression is not a valid cron(): it has 5 fields; EventBridge cron takes 6: minutes hours day-of-month month day-of-week year`,
		`schedules[2].timezone must be an IANA zone such as Europe/Paris or UTC, got "Mars/Olympus"`,
		`schedules[2].payload must be valid JSON`,
		`schedules[1].name must be 1-40 lower-case letters, digits or dashes, not starting or ending with a dash, got "Bad_Name"`,
		`schedules[2].name "ok" is used twice; names must be unique`,
	}, "\n")
	if got := strings.Join(args.Check().Strings(), "\n"); got != want {
		t.Errorf("Check() =\n%v\nwant\n%s", got, want)
	}
}
