package alerttopic

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/notify"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/tags"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:AlertTopic"

const (
	// KeyDeletionWindowDays: a scheduled key deletion can be cancelled for
	// 7 days, the shortest window KMS allows.
	KeyDeletionWindowDays = 7
	// CloudWatchPrincipal publishes alarm notifications.
	CloudWatchPrincipal = "cloudwatch.amazonaws.com"

	suffixKey    = "-key"
	suffixAlias  = "-key-alias"
	suffixTopic  = "-topic"
	suffixPolicy = "-topic-policy"
	suffixEmail  = "-email-"
)

// Args configure the topic.
type Args struct {
	// Emails each get an email subscription. Required, at least one.
	Emails []string
	// Tags are added to every child that takes tags.
	Tags map[string]string
}

// AlertTopic is the component.
type AlertTopic struct {
	pulumi.ResourceState

	Key   *kms.Key
	Topic *sns.Topic
	// Subscriptions, in the order of Args.Emails.
	Subscriptions []*sns.TopicSubscription

	// TopicArn is what alarms notify.
	TopicArn pulumi.StringOutput `pulumi:"topicArn"`
}

// Check is pure: every address must be one.
func (a Args) Check() problem.List {
	var out problem.List
	if len(a.Emails) == 0 {
		out.Add("emails", "are required: at least one address to notify")
	}
	out.Extend("", notify.CheckEmails("emails", a.Emails))
	return out
}

// New creates the key, the topic, its policy and the subscriptions.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*AlertTopic, error) {
	if err := args.Check().ErrIn(fmt.Sprintf("alerttopic %q", name)); err != nil {
		return nil, err
	}
	t := &AlertTopic{}
	if err := ctx.RegisterComponentResource(TypeToken, name, t, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(t)
	tg := pulumi.ToStringMap(tags.For(ctx.Project(), ctx.Stack(), name, args.Tags))
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	region := aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{}, parent).Region()
	alarms := pulumi.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:*", region, account)
	var err error
	if t.Key, err = kms.NewKey(ctx, name+suffixKey, &kms.KeyArgs{
		Description:          pulumi.Sprintf("encrypts the alert topic %s; CloudWatch alarms may use it", name),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(KeyDeletionWindowDays),
		Policy:               pulumi.All(account, alarms).ApplyT(func(v []any) (string, error) { return keyPolicy(v[0].(string), v[1].(string)) }).(pulumi.StringOutput),
		Tags:                 tg,
	}, parent); err != nil {
		return nil, err
	}
	if _, err := kms.NewAlias(ctx, name+suffixAlias, &kms.AliasArgs{
		Name:        pulumi.String("alias/" + aliasName(ctx, name)),
		TargetKeyId: t.Key.KeyId,
	}, parent); err != nil {
		return nil, err
	}
	if t.Topic, err = sns.NewTopic(ctx, name+suffixTopic, &sns.TopicArgs{
		DisplayName:    pulumi.Sprintf("groundwork alerts (%s)", ctx.Stack()),
		KmsMasterKeyId: t.Key.Arn,
		Tags:           tg,
	}, parent); err != nil {
		return nil, err
	}
	if _, err := sns.NewTopicPolicy(ctx, name+suffixPolicy, &sns.TopicPolicyArgs{
		Arn:    t.Topic.Arn,
		Policy: pulumi.All(t.Topic.Arn, account, alarms).ApplyT(func(v []any) (string, error) { return topicPolicy(v[0].(string), v[1].(string), v[2].(string)) }).(pulumi.StringOutput),
	}, parent); err != nil {
		return nil, err
	}
	for _, e := range args.Emails {
		sub, err := sns.NewTopicSubscription(ctx, name+suffixEmail+emailSuffix(e), &sns.TopicSubscriptionArgs{
			Topic: t.Topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(e),
		}, parent)
		if err != nil {
			return nil, err
		}
		t.Subscriptions = append(t.Subscriptions, sub)
	}
	t.TopicArn = t.Topic.Arn
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{"topicArn": t.TopicArn})
}

// keyPolicy keeps the key manageable through IAM (the default key policy's
// root statement, docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html)
// and lets CloudWatch alarms of this account use it for the topic.
func keyPolicy(account, alarms string) (string, error) {
	return doc(
		map[string]any{"Sid": "EnableIAMPolicies", "Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::" + account + ":root"},
			"Action": "kms:*", "Resource": "*"},
		map[string]any{"Sid": "AllowCloudWatchAlarms", "Effect": "Allow", "Principal": map[string]any{"Service": CloudWatchPrincipal},
			"Action": []string{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*", "Condition": sameAccount(account, alarms)},
	)
}

// topicPolicy lets only this account's CloudWatch alarms publish
// (repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
func topicPolicy(topic, account, alarms string) (string, error) {
	return doc(map[string]any{"Sid": "AllowCloudWatchAlarmsOfThisAccount", "Effect": "Allow",
		"Principal": map[string]any{"Service": CloudWatchPrincipal}, "Action": "sns:Publish", "Resource": topic,
		"Condition": sameAccount(account, alarms)})
}

func sameAccount(account, alarms string) map[string]any {
	return map[string]any{"StringEquals": map[string]string{"aws:SourceAccount": account}, "ArnLike": map[string]string{"aws:SourceArn": alarms}}
}

func doc(statements ...map[string]any) (string, error) {
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	return string(b), err
}

// emailSuffix names a subscription by its address, so reordering the list
// replaces nothing, and no address lands in a URN.
func emailSuffix(e string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(e)))
	return hex.EncodeToString(sum[:])[:8]
}

// aliasName is unique per project, stack and component: aliases are
// account-wide names.
func aliasName(ctx *pulumi.Context, name string) string {
	return strings.ToLower("groundwork/" + ctx.Project() + "-" + ctx.Stack() + "-" + name)
}
