package schedules

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/scheduler"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/delivery"
	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/tags"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:Schedules"

const (
	// DefaultTimezone: schedules run in UTC unless told otherwise, so a
	// daylight-saving change never skips or doubles a run by surprise.
	DefaultTimezone = "UTC"
	// SchedulerPrincipal assumes the delivery role.
	SchedulerPrincipal = "scheduler.amazonaws.com"
	// flexibleWindowOff: fire at the scheduled time, not within a window.
	flexibleWindowOff = "OFF"

	suffixGroup  = "-group"
	suffixRole   = "-role"
	suffixPolicy = "-policy"
)

// Args configure the schedules.
type Args struct {
	// Target is the queue the jobs go to. Required.
	Target jobqueue.Target
	// Schedules, one schedule each.
	Schedules []Schedule
	// Retry bounds redelivery; zero values mean delivery.DefaultRetryAttempts
	// and delivery.DefaultMaxEventAge.
	Retry delivery.Retry
	// Tags are added to every child that takes tags.
	Tags map[string]string
}

// Schedule is one recurring or one-time job.
type Schedule struct {
	// Name becomes the job's kind and part of the child name: 1-40 of a-z, 0-9, -.
	Name string
	// Expression is rate(5 minutes), cron(0 9 * * ? *) or at(2030-01-01T00:00:00).
	Expression string
	// Timezone is an IANA name. If empty, DefaultTimezone.
	Timezone string
	// Payload is the job's JSON payload. If empty, {}.
	Payload json.RawMessage
	// Disabled creates the schedule switched off.
	Disabled bool
}

// Schedules is the component.
type Schedules struct {
	pulumi.ResourceState

	Group     *scheduler.ScheduleGroup
	Role      *iam.Role
	Schedules []*scheduler.Schedule

	GroupName pulumi.StringOutput `pulumi:"groupName"`
}

// New creates the group, the role and the schedules.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Schedules, error) {
	problems := args.Check()
	if args.Target.Arn == nil || args.Target.DLQArn == nil {
		problems.Add("target", "needs the queue ARN and its DLQ ARN; use jobqueue's Target()")
	}
	if err := problems.ErrIn(fmt.Sprintf("schedules %q", name)); err != nil {
		return nil, err
	}
	retry := args.Retry.WithDefaults()
	s := &Schedules{}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(s)
	t := pulumi.ToStringMap(tags.For(ctx.Project(), ctx.Stack(), name, args.Tags))
	var err error
	if s.Group, err = scheduler.NewScheduleGroup(ctx, name+suffixGroup, &scheduler.ScheduleGroupArgs{Tags: t}, parent); err != nil {
		return nil, err
	}
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	if s.Role, err = iam.NewRole(ctx, name+suffixRole, &iam.RoleArgs{
		Description:      pulumi.Sprintf("EventBridge Scheduler delivery role of %s", name),
		AssumeRolePolicy: iampolicy.AssumeRole(SchedulerPrincipal, account),
		Tags:             t,
	}, parent); err != nil {
		return nil, err
	}
	policy, err := iam.NewRolePolicy(ctx, name+suffixPolicy, &iam.RolePolicyArgs{
		Role: s.Role.Name,
		Policy: iampolicy.Document(iampolicy.Statement{Sid: "DeliverJobs", Actions: jobqueue.ProducerActions,
			Resources: iampolicy.Inputs(args.Target.Arn, args.Target.DLQArn)}),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, sc := range args.Schedules {
		created, err := createSchedule(ctx, name, sc, s, args.Target, retry, policy, parent)
		if err != nil {
			return nil, err
		}
		s.Schedules = append(s.Schedules, created)
	}
	s.GroupName = s.Group.Name
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"groupName": s.GroupName})
}

// Envelope is the job body a schedule delivers.
func Envelope(kind string, payload json.RawMessage) string {
	if len(payload) == 0 {
		payload = json.RawMessage(`{}`)
	}
	b, _ := json.Marshal(struct {
		Kind    string          `json:"kind"`
		Payload json.RawMessage `json:"payload"`
	}{kind, payload})
	return string(b)
}

func createSchedule(ctx *pulumi.Context, name string, sc Schedule, s *Schedules, target jobqueue.Target, retry delivery.Retry,
	policy *iam.RolePolicy, parent pulumi.ResourceOrInvokeOption) (*scheduler.Schedule, error) {
	tz := sc.Timezone
	if tz == "" {
		tz = DefaultTimezone
	}
	state := "ENABLED"
	if sc.Disabled {
		state = "DISABLED"
	}
	return scheduler.NewSchedule(ctx, name+"-"+sc.Name, &scheduler.ScheduleArgs{
		GroupName:                  s.Group.Name,
		Description:                pulumi.Sprintf("puts job %q on the queue", sc.Name),
		ScheduleExpression:         pulumi.String(sc.Expression),
		ScheduleExpressionTimezone: pulumi.String(tz),
		State:                      pulumi.String(state),
		FlexibleTimeWindow:         scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String(flexibleWindowOff)},
		Target: scheduler.ScheduleTargetArgs{
			Arn:     target.Arn,
			RoleArn: s.Role.Arn,
			Input:   pulumi.String(Envelope(sc.Name, sc.Payload)),
			RetryPolicy: &scheduler.ScheduleTargetRetryPolicyArgs{
				MaximumRetryAttempts:     pulumi.Int(retry.Attempts),
				MaximumEventAgeInSeconds: pulumi.Int(int(retry.MaxEventAge.Seconds())),
			},
			DeadLetterConfig: &scheduler.ScheduleTargetDeadLetterConfigArgs{Arn: target.DLQArn},
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{policy}))
}
