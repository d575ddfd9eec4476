// Package eventroutes creates a custom EventBridge event bus and rules that
// route matching events into a job queue. Each target has a bounded retry
// policy and dead-letters into the queue's DLQ; the queue admits exactly
// these rules (pass RuleArns to jobqueue's Senders).
//
// Events arrive on the queue as the whole EventBridge event; the kit's worker
// takes the job's kind from detail-type and its payload from detail, and
// continues request_id and traceparent found in detail.
package eventroutes

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/delivery"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/tags"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:EventRoutes"

// EventsPrincipal is the service that delivers rule targets.
const EventsPrincipal = "events.amazonaws.com"

const (
	suffixBus    = "-bus"
	suffixTarget = "-target"
)

// patternFields are the top-level fields an event pattern may match.
var patternFields = map[string]bool{"version": true, "id": true, "detail-type": true, "source": true,
	"account": true, "time": true, "region": true, "resources": true, "detail": true}

// Args configure the routes.
type Args struct {
	// Target is the queue events go to. Required.
	Target jobqueue.Target
	// Rules, one rule and target each.
	Rules []Rule
	// Retry bounds redelivery; zero values mean the delivery defaults.
	Retry delivery.Retry
	// Tags are added to every child that takes tags.
	Tags map[string]string
}

// Rule routes events matching Pattern.
type Rule struct {
	// Name is part of the child names: 1-40 of a-z, 0-9, -.
	Name string
	// Pattern is an EventBridge event pattern (a JSON object).
	Pattern json.RawMessage
}

// EventRoutes is the component.
type EventRoutes struct {
	pulumi.ResourceState

	Bus   *cloudwatch.EventBus
	Rules []*cloudwatch.EventRule

	BusName pulumi.StringOutput `pulumi:"busName"`
	BusArn  pulumi.StringOutput `pulumi:"busArn"`
	// RuleArns are the rules' ARNs, for the queue policy's source condition.
	RuleArns pulumi.StringArrayOutput `pulumi:"ruleArns"`
}

// New creates the bus, rules and targets.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*EventRoutes, error) {
	problems := args.Check()
	if args.Target.Arn == nil || args.Target.DLQArn == nil {
		problems.Add("target", "needs the queue ARN and its DLQ ARN; use jobqueue's Target()")
	}
	if err := problems.ErrIn(fmt.Sprintf("eventroutes %q", name)); err != nil {
		return nil, err
	}
	retry := args.Retry.WithDefaults()
	r := &EventRoutes{}
	if err := ctx.RegisterComponentResource(TypeToken, name, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)
	t := pulumi.ToStringMap(tags.For(ctx.Project(), ctx.Stack(), name, args.Tags))
	var err error
	if r.Bus, err = cloudwatch.NewEventBus(ctx, name+suffixBus, &cloudwatch.EventBusArgs{
		Description: pulumi.Sprintf("events routed to jobs by %s", name),
		Tags:        t,
	}, parent); err != nil {
		return nil, err
	}
	var arns pulumi.StringArray
	for _, rule := range args.Rules {
		er, err := cloudwatch.NewEventRule(ctx, name+"-"+rule.Name, &cloudwatch.EventRuleArgs{
			EventBusName: r.Bus.Name,
			Description:  pulumi.Sprintf("routes %s events to the job queue", rule.Name),
			EventPattern: pulumi.String(compact(rule.Pattern)),
			State:        pulumi.String("ENABLED"),
			Tags:         t,
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := cloudwatch.NewEventTarget(ctx, name+"-"+rule.Name+suffixTarget, &cloudwatch.EventTargetArgs{
			Rule:         er.Name,
			EventBusName: r.Bus.Name,
			Arn:          args.Target.Arn,
			RetryPolicy: &cloudwatch.EventTargetRetryPolicyArgs{
				MaximumRetryAttempts:     pulumi.Int(retry.Attempts),
				MaximumEventAgeInSeconds: pulumi.Int(int(retry.MaxEventAge.Seconds())),
			},
			DeadLetterConfig: &cloudwatch.EventTargetDeadLetterConfigArgs{Arn: args.Target.DLQArn},
		}, parent, pulumi.DependsOn(args.Target.Ready)); err != nil {
			return nil, err
		}
		r.Rules = append(r.Rules, er)
		arns = append(arns, er.Arn)
	}
	r.BusName, r.BusArn, r.RuleArns = r.Bus.Name, r.Bus.Arn, arns.ToStringArrayOutput()
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"busName": r.BusName, "busArn": r.BusArn, "ruleArns": r.RuleArns})
}

// Check is pure: it checks the settings and returns every problem at once,
// each with its fix. New also checks that Target is wired.
func (a Args) Check() problem.List {
	var out problem.List
	names := make([]string, len(a.Rules))
	for i, r := range a.Rules {
		names[i] = r.Name
		checkPattern(fmt.Sprintf("rules[%d].pattern", i), r.Pattern, &out)
	}
	out = append(out, delivery.CheckNames("rules", names)...)
	out.Extend("retry", a.Retry.Check())
	return out
}

func compact(raw json.RawMessage) string {
	var v any
	_ = json.Unmarshal(raw, &v)
	b, _ := json.Marshal(v)
	return string(b)
}
