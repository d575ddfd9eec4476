package jobqueue

import (
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
)

// allQueueActions is used only in the Deny of insecure transport, the AWS
// recommended form; no Allow in the kit uses a wildcard.
var allQueueActions = []string{"sqs:*"}

// resourcePolicy is TLS-only plus the admitted senders.
func resourcePolicy(queueArn pulumi.StringInput, senders []Sender, dlq bool) pulumi.StringOutput {
	stmts := []iampolicy.Statement{iampolicy.DenyInsecureTransport(allQueueActions, queueArn)}
	for _, s := range senders {
		if dlq && !s.ToDLQ {
			continue
		}
		stmts = append(stmts, iampolicy.Statement{
			Sid:        s.Sid,
			Principal:  iampolicy.ServicePrincipal(s.Service),
			Actions:    ProducerActions,
			Resources:  iampolicy.Inputs(queueArn),
			Conditions: []iampolicy.Condition{{Test: "ArnEquals", Variable: "aws:SourceArn", ValueList: s.SourceArns}},
		})
	}
	return iampolicy.Document(stmts...)
}

// ConsumerStatement is what the consumer's role gets on the work queue.
func ConsumerStatement(queueArn pulumi.StringInput) iampolicy.Statement {
	return iampolicy.Statement{Sid: "ConsumeJobQueue", Actions: ConsumerActions, Resources: iampolicy.Inputs(queueArn)}
}

func createPolicies(ctx *pulumi.Context, name string, a Args, q *JobQueue, parent pulumi.ResourceOrInvokeOption) error {
	queue, err := sqs.NewQueuePolicy(ctx, name+suffixQueuePolicy, &sqs.QueuePolicyArgs{
		QueueUrl: q.Queue.Url,
		Policy:   resourcePolicy(q.Queue.Arn, a.Senders, false),
	}, parent)
	if err != nil {
		return err
	}
	dlq, err := sqs.NewQueuePolicy(ctx, name+suffixDLQPolicy, &sqs.QueuePolicyArgs{
		QueueUrl: q.DLQ.Url,
		Policy:   resourcePolicy(q.DLQ.Arn, a.Senders, true),
	}, parent)
	if err != nil {
		return err
	}
	q.policies = []pulumi.Resource{queue, dlq}
	consumer, err := iam.NewRolePolicy(ctx, name+suffixConsumerPolicy, &iam.RolePolicyArgs{
		Role:   a.Consumer.RoleName,
		Policy: iampolicy.Document(ConsumerStatement(q.Queue.Arn)),
	}, parent)
	if err != nil {
		return err
	}
	a.Consumer.DependsOn = append(a.Consumer.DependsOn, consumer)
	q.consumerReady = a.Consumer.DependsOn
	return nil
}
