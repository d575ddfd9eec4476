package jobqueue

import (
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
)

const (
	// DefaultMaxReceiveCount: AWS recommends at least 5 deliveries before a
	// message goes to the DLQ, so throttling alone does not dead-letter it.
	DefaultMaxReceiveCount = 5
	// DefaultRetention: 4 days, the SQS default, kept explicit; it must stay
	// below the DLQ's retention because a message's age carries over.
	DefaultRetention = 4 * 24 * time.Hour
	// DLQRetention: 14 days, the SQS maximum: the most time to notice and redrive.
	DLQRetention = awslimits.SQSMaxRetention
	// DefaultBatchSize: 10, the largest batch that needs no batching window.
	DefaultBatchSize = 10
	// ReceiveWaitTime: 20 s long polling, the maximum, for fewer empty receives.
	ReceiveWaitTime = 20 * time.Second
	// DefaultOldestMessageAlarm: a message waiting 15 minutes means the
	// consumer is behind or failing repeatedly.
	DefaultOldestMessageAlarm = 15 * time.Minute
	// ConcurrencyAlarmRatio: the consumer's concurrency alarm fires at 90%
	// of MaxConcurrency, the instances the connection budget allows
	// (AWS recommends alarming near the concurrency quota,
	// docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#Lambda).
	ConcurrencyAlarmRatio = 0.9
	// AlarmPeriod is the evaluation period of every alarm.
	AlarmPeriod = time.Minute
	// ReportBatchItemFailures is the function response type that enables
	// partial batch responses.
	ReportBatchItemFailures = "ReportBatchItemFailures"
)

// ConsumerActions are exactly what a Lambda SQS consumer needs.
var ConsumerActions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}

// ProducerActions are exactly what a producer needs.
var ProducerActions = []string{"sqs:SendMessage"}

// Child name suffixes. Never rename them: the children would be replaced.
const (
	suffixQueue            = "-queue"
	suffixDLQ              = "-dlq"
	suffixRedriveAllow     = "-dlq-redrive-allow"
	suffixQueuePolicy      = "-queue-policy"
	suffixDLQPolicy        = "-dlq-policy"
	suffixConsumerPolicy   = "-consumer-policy"
	suffixMapping          = "-mapping"
	suffixAlarmDLQ         = "-dlq-depth"
	suffixAlarmAge         = "-oldest-message"
	suffixAlarmErrors      = "-consumer-errors"
	suffixAlarmThrottles   = "-consumer-throttles"
	suffixAlarmConcurrency = "-consumer-concurrency"
)
