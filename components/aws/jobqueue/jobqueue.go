package jobqueue

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
	"github.com/groundwork-iac/groundwork/components/tags"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:JobQueue"

// Args configure a job queue. Zero values mean the default named in each comment.
type Args struct {
	// Consumer processes the messages. Required.
	Consumer Consumer
	// BatchSize, 1-10000; above 10 needs a BatchWindow. If zero, DefaultBatchSize.
	BatchSize int
	// BatchWindow is how long Lambda gathers a batch, at most 5m. Zero: none.
	BatchWindow time.Duration
	// MaxConcurrency caps concurrent consumer instances (2-1000), bounding
	// the database connections they hold. Required: derive it from the
	// connection budget with budgets.MaxConcurrencyFor.
	MaxConcurrency int
	// VisibilityTimeout; if zero, 6 x Consumer.Timeout + BatchWindow. An
	// explicit value below that is an error.
	VisibilityTimeout time.Duration
	// MaxReceiveCount is how many deliveries before the DLQ, at least 1. If
	// zero, DefaultMaxReceiveCount.
	MaxReceiveCount int
	// Retention of the work queue, below DLQRetention. If zero, DefaultRetention.
	Retention time.Duration
	// Senders are AWS services admitted to send, each only from its source ARNs.
	Senders []Sender
	// OldestMessageAlarm is the age of the oldest message that raises an
	// alarm. If zero, DefaultOldestMessageAlarm.
	OldestMessageAlarm time.Duration
	// AlarmActions are notified when an alarm fires and when it recovers
	// (an alerttopic's TopicArn). Without them the alarms notify no one.
	AlarmActions []pulumi.StringInput
	// Tags are added to every child.
	Tags map[string]string
	// Transforms adjust children after defaults; the escape hatch.
	Transforms Transforms
}

// Consumer is the function behind the event source mapping.
type Consumer struct {
	// Target is the function or alias ARN the mapping invokes.
	Target pulumi.StringInput
	// FunctionName is the function's name, for the consumer alarms.
	FunctionName pulumi.StringInput
	// RoleName is the function's role; the queue grants it ConsumerActions.
	RoleName pulumi.StringInput
	// Timeout is the function's timeout; the visibility timeout derives from it.
	Timeout time.Duration
	// DependsOn are resources the mapping waits for (the function's own policy).
	DependsOn []pulumi.Resource
}

// ConsumerOf describes a golambda function as a consumer.
func ConsumerOf(fn *golambda.Function) Consumer {
	return Consumer{Target: fn.TargetArn, FunctionName: fn.Name, RoleName: fn.RoleName, Timeout: fn.Timeout, DependsOn: fn.Ready()}
}

// Sender is an AWS service admitted to send to the queue (and, with ToDLQ,
// to the DLQ, as EventBridge does for undeliverable events).
type Sender struct {
	Sid        string
	Service    string
	SourceArns pulumi.StringArrayInput
	ToDLQ      bool
}

// Transforms adjust child arguments after the kit's defaults are applied.
type Transforms struct {
	Queue   func(*sqs.QueueArgs)
	DLQ     func(*sqs.QueueArgs)
	Mapping func(*lambda.EventSourceMappingArgs)
}

// JobQueue is the component.
type JobQueue struct {
	pulumi.ResourceState

	Queue   *sqs.Queue
	DLQ     *sqs.Queue
	Mapping *lambda.EventSourceMapping

	QueueArn pulumi.StringOutput `pulumi:"queueArn"`
	QueueURL pulumi.StringOutput `pulumi:"queueUrl"`
	DLQArn   pulumi.StringOutput `pulumi:"dlqArn"`
	DLQURL   pulumi.StringOutput `pulumi:"dlqUrl"`

	// Visibility is the effective visibility timeout.
	Visibility time.Duration

	consumerReady []pulumi.Resource
	policies      []pulumi.Resource
}

// New creates the queue, its DLQ, policies, mapping and alarms.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*JobQueue, error) {
	if err := append(args.Check(), args.wiring()...).ErrIn(fmt.Sprintf("jobqueue %q", name)); err != nil {
		return nil, err
	}
	a := args.withDefaults()
	q := &JobQueue{Visibility: a.VisibilityTimeout}
	if err := ctx.RegisterComponentResource(TypeToken, name, q, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(q)
	t := pulumi.ToStringMap(tags.For(ctx.Project(), ctx.Stack(), name, a.Tags))
	var err error
	if q.DLQ, err = createDLQ(ctx, name, a, t, parent); err != nil {
		return nil, err
	}
	if q.Queue, err = createQueue(ctx, name, a, q.DLQ, t, parent); err != nil {
		return nil, err
	}
	q.QueueArn, q.QueueURL, q.DLQArn, q.DLQURL = q.Queue.Arn, q.Queue.Url, q.DLQ.Arn, q.DLQ.Url
	if err := createPolicies(ctx, name, a, q, parent); err != nil {
		return nil, err
	}
	if q.Mapping, err = createMapping(ctx, name, a, q, parent); err != nil {
		return nil, err
	}
	if err := createAlarms(ctx, name, a, q, t, parent); err != nil {
		return nil, err
	}
	return q, ctx.RegisterResourceOutputs(q, pulumi.Map{
		"queueArn": q.QueueArn, "queueUrl": q.QueueURL, "dlqArn": q.DLQArn, "dlqUrl": q.DLQURL,
	})
}

// Producer is what a component that sends jobs gets: the queue's URL (for
// the workload's environment) and its ARN (for the least-privilege send
// statement).
type Producer struct {
	URL pulumi.StringInput
	Arn pulumi.StringInput
}

// Producer returns the queue as a producer's link.
func (q *JobQueue) Producer() Producer { return Producer{URL: q.QueueURL, Arn: q.QueueArn} }

// SendStatement lets the producer send to this queue, and nothing else.
func (p Producer) SendStatement() iampolicy.Statement {
	return iampolicy.Statement{Sid: "SendToJobQueue", Actions: ProducerActions, Resources: iampolicy.Inputs(p.Arn)}
}

// Linked reports whether both parts of the link are set.
func (p Producer) Linked() bool { return p.URL != nil && p.Arn != nil }

// withDefaults fills zero values. Call after Check.
func (a Args) withDefaults() Args {
	if a.BatchSize == 0 {
		a.BatchSize = DefaultBatchSize
	}
	if a.VisibilityTimeout == 0 {
		a.VisibilityTimeout = VisibilityFloor(a.Consumer.Timeout, a.BatchWindow)
	}
	if a.MaxReceiveCount == 0 {
		a.MaxReceiveCount = DefaultMaxReceiveCount
	}
	if a.Retention == 0 {
		a.Retention = DefaultRetention
	}
	if a.OldestMessageAlarm == 0 {
		a.OldestMessageAlarm = DefaultOldestMessageAlarm
	}
	return a
}

func seconds(d time.Duration) pulumi.Int { return pulumi.Int(int(d / time.Second)) }

// Target is what a producer component needs to deliver into a job queue:
// the queue and the DLQ for what cannot be delivered.
type Target struct {
	Arn    pulumi.StringInput
	DLQArn pulumi.StringInput
	// Ready are the queues' resource policies: a sender that delivers
	// through them (an EventBridge rule's target) waits for them, so no
	// event is matched before the queue accepts it.
	Ready []pulumi.Resource
}

// Target returns the queue as a delivery target.
func (q *JobQueue) Target() Target {
	return Target{Arn: q.QueueArn, DLQArn: q.DLQArn, Ready: q.policies}
}
