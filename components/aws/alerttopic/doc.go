// Package alerttopic creates where a stack's CloudWatch alarms notify
// people: an SNS topic encrypted with a customer-managed KMS key, a topic
// policy that lets only this account's CloudWatch alarms publish, and an
// email subscription per address.
//
// The key is customer-managed because CloudWatch alarms cannot publish to a
// topic encrypted with the AWS-managed alias/aws/sns key, whose policy
// cannot grant cloudwatch.amazonaws.com kms:Decrypt and
// kms:GenerateDataKey*
// (repost.aws/knowledge-center/cloudwatch-configure-alarm-sns,
// docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
//
// Email subscriptions stay "pending confirmation" until each recipient
// follows the link AWS mails them (the link is valid three days,
// docs.aws.amazon.com/sns/latest/api/API_Subscribe.html); until then they
// receive nothing, and Pulumi cannot delete an unconfirmed subscription:
// deleting the topic does.
package alerttopic
