package jobqueue

import (
	"fmt"
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/budgets"
)

// VisibilityFloor is the least visibility timeout a queue consumed with the
// given timeout and batching window may have: AWS recommends 6 x the
// function's timeout plus the batching window
// (docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
func VisibilityFloor(timeout, window time.Duration) time.Duration {
	return awslimits.SQSVisibilityFactor*timeout + window
}

// MaxConcurrencyFor derives the event source mapping's MaximumConcurrency
// from the server slots a consumer may use (poolSize connections per
// instance), within the range SQS accepts. ok is false when the budget is
// below the SQS minimum, which no setting can satisfy.
func MaxConcurrencyFor(serverSlots, poolSize int) (n int, ok bool) {
	if poolSize < 1 {
		poolSize = 1
	}
	n = serverSlots / poolSize
	if n < awslimits.SQSMinMaximumConcurrency {
		return awslimits.SQSMinMaximumConcurrency, false
	}
	return min(n, awslimits.SQSMaxMaximumConcurrency), true
}

// VisibilityRule is the queue's floor on its visibility timeout, for a
// budget report: visibility (set by knob) >= 6 x timeout + window.
func VisibilityRule(budget, knob string, visibility, timeout, window time.Duration) budgets.Floor {
	return budgets.Floor{
		Budget: budget, Name: "visibility timeout", Knob: knob, Value: visibility,
		Min: VisibilityFloor(timeout, window),
		Why: fmt.Sprintf("%d x worker timeout %s + batch window %s", awslimits.SQSVisibilityFactor, timeout, window),
	}
}

// RetentionLadder nests the work queue's retention inside the DLQ's, inside
// the SQS maximum: a message's age carries over to the DLQ.
func RetentionLadder(retention time.Duration) budgets.Ladder {
	if retention == 0 {
		retention = DefaultRetention
	}
	return budgets.Ladder{Name: "message retention", Rungs: []budgets.Rung{
		{Name: "queue retention", Knob: budgets.KitDefault, Value: retention},
		{Name: "DLQ retention", Knob: budgets.KitDefault, Value: DLQRetention, MayEqualNext: true},
		{Name: "SQS maximum retention", Knob: budgets.PlatformLimit, Value: awslimits.SQSMaxRetention},
	}}
}

// ConcurrencyRange is an error finding when maxConcurrency is outside what
// an SQS event source mapping accepts.
func ConcurrencyRange(budget, knob string, maxConcurrency int) []budgets.Finding {
	if maxConcurrency >= awslimits.SQSMinMaximumConcurrency && maxConcurrency <= awslimits.SQSMaxMaximumConcurrency {
		return nil
	}
	return []budgets.Finding{{Severity: budgets.Error, Budget: budget, Knob: knob,
		Message: fmt.Sprintf("%s must be between %d and %d (SQS event source limits), got %d",
			knob, awslimits.SQSMinMaximumConcurrency, awslimits.SQSMaxMaximumConcurrency, maxConcurrency)}}
}
