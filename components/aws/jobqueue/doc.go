// Package jobqueue is an SQS work queue wired to a Lambda consumer the way
// production needs it and the defaults do not:
//
//   - server-side encryption (SQS-managed keys, which EventBridge and
//     Scheduler can deliver to) and a policy that refuses anything but TLS;
//   - a dead-letter queue that keeps messages for 14 days, reached after
//     DefaultMaxReceiveCount attempts, with redrive allowed back to the work
//     queue only;
//   - a visibility timeout derived from the consumer's timeout (6x plus the
//     batching window, AWS's guidance); an explicit value below that is an
//     error;
//   - the event source mapping with ReportBatchItemFailures (a failed
//     message does not re-run its whole batch) and MaximumConcurrency, which
//     bounds the database connections the consumer can open;
//   - the consumer's permissions on this queue, granted by the queue itself
//     (receive, delete, change visibility, read attributes; never sqs:*);
//   - alarms: DLQ depth > 0, age of the oldest message, consumer errors and
//     throttles.
//
// Services that send to the queue (EventBridge rules) are admitted by the
// queue policy with an aws:SourceArn condition naming exactly those rules.
package jobqueue
