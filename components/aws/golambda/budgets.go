package golambda

import (
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// TimeoutRungs end a timeout ladder with a function's timeout (set by knob)
// and Lambda's maximum, which the timeout may equal.
func TimeoutRungs(role, knob string, timeout time.Duration) []budgets.Rung {
	return []budgets.Rung{
		{Name: role + " Lambda timeout", Knob: knob, Value: timeout, MayEqualNext: true},
		{Name: "Lambda maximum", Knob: budgets.PlatformLimit, Value: awslimits.LambdaMaxTimeout},
	}
}

// InitLadder checks that reading the function's secrets at init fits in
// Lambda's init phase.
func InitLadder(role string) budgets.Ladder {
	return budgets.Ladder{Name: role + " init", Rungs: []budgets.Rung{
		{Name: "secret fetch timeout", Knob: budgets.KitDefault, Value: workloadenv.DefaultSecretFetchTimeout},
		{Name: "Lambda init limit", Knob: budgets.PlatformLimit, Value: awslimits.LambdaInitLimit},
	}}
}
