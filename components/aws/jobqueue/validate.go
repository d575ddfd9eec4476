package jobqueue

import (
	"fmt"
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/problem"
)

// Check is pure: it checks the settings (the plain fields, including
// Consumer.Timeout, which the visibility timeout derives from) and returns
// every problem at once, each with its fix. New also checks the wiring: the
// consumer's ARNs and names and the senders' sources.
func (a Args) Check() problem.List {
	var out problem.List
	c := a.Consumer
	if a.BatchSize < 0 || a.BatchSize > awslimits.SQSMaxBatchSize {
		out.Add("batchSize", "must be between 1 and %d, got %d", awslimits.SQSMaxBatchSize, a.BatchSize)
	}
	if a.BatchWindow < 0 || a.BatchWindow > awslimits.SQSMaxBatchWindow || a.BatchWindow%time.Second != 0 {
		out.Add("batchWindow", "must be whole seconds between 0s and %s, got %s", awslimits.SQSMaxBatchWindow, a.BatchWindow)
	}
	if a.BatchSize > awslimits.SQSBatchSizeWithoutWindow && a.BatchWindow < time.Second {
		out.Add("batchSize", "%d needs a batchWindow of at least 1s (SQS requires one above %d); set batchWindow or lower batchSize",
			a.BatchSize, awslimits.SQSBatchSizeWithoutWindow)
	}
	if a.MaxConcurrency < awslimits.SQSMinMaximumConcurrency || a.MaxConcurrency > awslimits.SQSMaxMaximumConcurrency {
		out.Add("maxConcurrency", "must be between %d and %d, got %d; it bounds the consumer's database connections: derive it with jobqueue.MaxConcurrencyFor",
			awslimits.SQSMinMaximumConcurrency, awslimits.SQSMaxMaximumConcurrency, a.MaxConcurrency)
	}
	// Strict: below the floor, a slow or throttled consumer's message becomes
	// visible again while it is still being handled and runs twice.
	if v := a.VisibilityTimeout; v != 0 && validTimeout(c.Timeout) {
		floor := VisibilityFloor(c.Timeout, a.BatchWindow)
		switch {
		case v < floor:
			out.Add("visibilityTimeout", "must be at least %s (%d x the consumer's timeout %s + batchWindow %s), got %s; raise it or leave it zero to derive it",
				floor, awslimits.SQSVisibilityFactor, c.Timeout, a.BatchWindow, v)
		case v > awslimits.SQSMaxVisibilityTimeout:
			out.Add("visibilityTimeout", "must be at most %s (SQS limit), got %s", awslimits.SQSMaxVisibilityTimeout, v)
		}
	}
	if a.MaxReceiveCount < 0 {
		out.Add("maxReceiveCount", "must be at least 1, got %d", a.MaxReceiveCount)
	}
	if r := a.Retention; r != 0 && (r < time.Minute || r >= DLQRetention) {
		out.Add("retention", "must be at least 1m and below the DLQ's %s (a message's age carries over to the DLQ), got %s", DLQRetention, r)
	}
	for i, s := range a.Senders {
		if s.Service == "" {
			out.Add(fmt.Sprintf("senders[%d].service", i), "is required: the AWS service principal admitted to send, e.g. events.amazonaws.com")
		}
	}
	return out
}

func validTimeout(d time.Duration) bool { return d > 0 && d <= awslimits.LambdaMaxTimeout }

// wiring checks what only exists once the consumer and the senders do.
func (a Args) wiring() problem.List {
	var out problem.List
	c := a.Consumer
	if c.Target == nil || c.FunctionName == nil || c.RoleName == nil {
		out.Add("consumer", "needs Target, FunctionName and RoleName; use jobqueue.ConsumerOf(fn) for a golambda function")
	}
	if !validTimeout(c.Timeout) {
		out.Add("consumer.timeout", "must be between 1s and %s, got %s; the visibility timeout derives from it", awslimits.LambdaMaxTimeout, c.Timeout)
	}
	for i, s := range a.Senders {
		if s.SourceArns == nil {
			out.Add(fmt.Sprintf("senders[%d].sourceArns", i), "are required: a service is admitted only from named sources")
		}
	}
	return out
}
