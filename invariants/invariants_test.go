package invariants

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/scheduler"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

type comp struct{ pulumi.ResourceState }

// longQueue is 75 characters: with Pulumi's suffix, 83, over SQS's 80.
var longQueue = strings.Repeat("q", 75)

// A program that breaks every rule once, and keeps each rule once.
func program(ctx *pulumi.Context) error {
	c := &comp{}
	if err := ctx.RegisterComponentResource("test:index:Comp", "c", c); err != nil {
		return err
	}
	in := pulumi.Parent(c)
	logs, _ := cloudwatch.NewLogGroup(ctx, "kept-logs", &cloudwatch.LogGroupArgs{RetentionInDays: pulumi.Int(30)}, in)
	_, _ = lambda.NewFunction(ctx, "good-fn", &lambda.FunctionArgs{Role: pulumi.String("r"), Timeout: pulumi.Int(10),
		LoggingConfig: &lambda.FunctionLoggingConfigArgs{LogFormat: pulumi.String("JSON"), LogGroup: logs.Name}}, in)
	_, _ = lambda.NewFunction(ctx, "bad-fn", &lambda.FunctionArgs{Role: pulumi.String("r"),
		Environment: &lambda.FunctionEnvironmentArgs{Variables: pulumi.StringMap{
			"DATABASE_URL": pulumi.String("postgres://app:hunter2@db/app"),
			"TOKEN":        pulumi.String("tok-123456"),
			"HIDDEN":       pulumi.ToSecret(pulumi.String("tok-123456")).(pulumi.StringOutput),
			"LOGS":         pulumi.String("r2://logs/workers/{DATE}?account-id=a&access-key-id=b&secret-access-key=c0ffee"),
		}},
	}, in)
	dlq, _ := sqs.NewQueue(ctx, "dlq", &sqs.QueueArgs{}, in)
	_, _ = sqs.NewQueue(ctx, "work", &sqs.QueueArgs{RedrivePolicy: pulumi.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":5}`, dlq.Arn)}, in)
	_, _ = sqs.NewQueue(ctx, "orphan", &sqs.QueueArgs{})
	_, _ = sqs.NewQueue(ctx, longQueue, &sqs.QueueArgs{RedrivePolicy: pulumi.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":5}`, dlq.Arn)}, in)
	_, _ = cloudwatch.NewEventRule(ctx, "spaced", &cloudwatch.EventRuleArgs{Name: pulumi.String("has space"), EventPattern: pulumi.String(`{"source":["a"]}`)}, in)
	_, _ = cloudwatch.NewEventTarget(ctx, "bare-target", &cloudwatch.EventTargetArgs{Rule: pulumi.String("r"), Arn: pulumi.String("a")}, in)
	_, _ = scheduler.NewSchedule(ctx, "bare-schedule", &scheduler.ScheduleArgs{ScheduleExpression: pulumi.String("rate(1 hour)"),
		FlexibleTimeWindow: scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
		Target:             scheduler.ScheduleTargetArgs{Arn: pulumi.String("a"), RoleArn: pulumi.String("r")}}, in)
	_, _ = iam.NewRolePolicy(ctx, "greedy", &iam.RolePolicyArgs{Role: pulumi.String("r"),
		Policy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Action":["s3:*"],"Resource":"*"}]}`)}, in)
	return nil
}

func TestEveryRuleFires(t *testing.T) {
	g, err := pulumitest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, v := range Check(g, Options{Secrets: []string{"tok-123456"}}) {
		got = append(got, v.String())
	}
	want := []string{
		`lambda-explicit-timeout: aws:lambda/function:Function bad-fn: no explicit timeout (the platform default of 3s is a trap)`,
		`lambda-json-logs-with-retention: aws:lambda/function:Function bad-fn: log group "" is not created in this graph (Lambda would create one that never expires)`,
		`lambda-json-logs-with-retention: aws:lambda/function:Function bad-fn: loggingConfig.logFormat is "", want JSON`,
		`name-within-service-limits: aws:cloudwatch/eventRule:EventRule spaced: name "has space" has characters the service refuses (docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html)`,
		`name-within-service-limits: aws:sqs/queue:Queue ` + longQueue + `: its name will be 83 characters (the logical name and Pulumi's 8-character suffix); the service allows 80 (docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html); shorten the component's name`,
		`no-secret-in-plain-input: aws:lambda/function:Function bad-fn: a plain (non-secret) input holds a URL with a credential in its query; pass it as a Pulumi secret (pulumi.ToSecret) or keep it out of the resource`,
		`no-secret-in-plain-input: aws:lambda/function:Function bad-fn: a plain (non-secret) input holds a URL with a password; pass it as a Pulumi secret (pulumi.ToSecret) or keep it out of the resource`,
		`no-secret-in-plain-input: aws:lambda/function:Function bad-fn: a plain (non-secret) input holds a configured secret; pass it as a Pulumi secret (pulumi.ToSecret) or keep it out of the resource`,
		`no-wildcard-allow: aws:iam/rolePolicy:RolePolicy greedy: policy allows "sqs:*"; grant the exact actions`,
		`parented-to-component: aws:sqs/queue:Queue orphan: registered at the stack root; create it inside a component`,
		`queue-has-dlq: aws:sqs/queue:Queue orphan: no redrivePolicy, and no queue dead-letters into it`,
		`target-retry-and-dlq: aws:cloudwatch/eventTarget:EventTarget bare-target: no deadLetterConfig.arn: undeliverable events would be dropped silently`,
		`target-retry-and-dlq: aws:cloudwatch/eventTarget:EventTarget bare-target: no retryPolicy.maximumEventAgeInSeconds (the platform retries 24h, then drops the event)`,
		`target-retry-and-dlq: aws:cloudwatch/eventTarget:EventTarget bare-target: no retryPolicy.maximumRetryAttempts (the platform retries 24h, then drops the event)`,
		`target-retry-and-dlq: aws:scheduler/schedule:Schedule bare-schedule: no target.deadLetterConfig.arn: undeliverable events would be dropped silently`,
		`target-retry-and-dlq: aws:scheduler/schedule:Schedule bare-schedule: no target.retryPolicy.maximumEventAgeInSeconds (the platform retries 24h, then drops the event)`,
		`target-retry-and-dlq: aws:scheduler/schedule:Schedule bare-schedule: no target.retryPolicy.maximumRetryAttempts (the platform retries 24h, then drops the event)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations =\n%s\nwant\n%s", join(got), join(want))
	}
}

func join(ss []string) string {
	out := ""
	for _, s := range ss {
		out += s + "\n"
	}
	return out
}
