package jobqueue

import (
	"errors"
	"fmt"
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/budgets"
)

// Validate is pure and returns every problem at once, each with its fix.
func (a Args) Validate() error {
	var errs []error
	add := func(format string, v ...any) { errs = append(errs, fmt.Errorf(format, v...)) }
	c := a.Consumer
	if c.Target == nil || c.FunctionName == nil || c.RoleName == nil {
		add("Consumer needs Target, FunctionName and RoleName; use jobqueue.ConsumerOf(fn) for a golambda function")
	}
	if c.Timeout <= 0 || c.Timeout > awslimits.LambdaMaxTimeout {
		add("Consumer.Timeout must be between 1s and %s, got %s; the visibility timeout derives from it", awslimits.LambdaMaxTimeout, c.Timeout)
	}
	if a.BatchSize < 0 || a.BatchSize > awslimits.SQSMaxBatchSize {
		add("BatchSize must be between 1 and %d, got %d", awslimits.SQSMaxBatchSize, a.BatchSize)
	}
	if a.BatchWindow < 0 || a.BatchWindow > awslimits.SQSMaxBatchWindow || a.BatchWindow%time.Second != 0 {
		add("BatchWindow must be whole seconds between 0s and %s, got %s", awslimits.SQSMaxBatchWindow, a.BatchWindow)
	}
	if a.BatchSize > awslimits.SQSBatchSizeWithoutWindow && a.BatchWindow < time.Second {
		add("BatchSize %d needs a BatchWindow of at least 1s (SQS requires one above %d); set BatchWindow or lower BatchSize",
			a.BatchSize, awslimits.SQSBatchSizeWithoutWindow)
	}
	if a.MaxConcurrency < awslimits.SQSMinMaximumConcurrency || a.MaxConcurrency > awslimits.SQSMaxMaximumConcurrency {
		add("MaxConcurrency must be between %d and %d, got %d; it bounds the consumer's database connections: derive it with budgets.MaxConcurrencyFor",
			awslimits.SQSMinMaximumConcurrency, awslimits.SQSMaxMaximumConcurrency, a.MaxConcurrency)
	}
	// Strict: below the floor, a slow or throttled consumer's message becomes
	// visible again while it is still being handled and runs twice.
	if v := a.VisibilityTimeout; v != 0 {
		floor := budgets.VisibilityFloor(c.Timeout, a.BatchWindow)
		switch {
		case v < floor:
			add("VisibilityTimeout must be at least %s (%d x Consumer.Timeout %s + BatchWindow %s), got %s; raise it or leave it zero to derive it",
				floor, awslimits.SQSVisibilityFactor, c.Timeout, a.BatchWindow, v)
		case v > awslimits.SQSMaxVisibilityTimeout:
			add("VisibilityTimeout must be at most %s (SQS limit), got %s", awslimits.SQSMaxVisibilityTimeout, v)
		}
	}
	if a.MaxReceiveCount < 0 {
		add("MaxReceiveCount must be at least 1, got %d", a.MaxReceiveCount)
	}
	if r := a.Retention; r != 0 && (r < time.Minute || r >= DLQRetention) {
		add("Retention must be at least 1m and below the DLQ's %s (a message's age carries over to the DLQ), got %s", DLQRetention, r)
	}
	for i, s := range a.Senders {
		if s.Service == "" || s.SourceArns == nil {
			add("Senders[%d] needs Service and SourceArns: a service is admitted only from named sources", i)
		}
	}
	return errors.Join(errs...)
}
