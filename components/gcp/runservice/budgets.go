package runservice

import (
	"strconv"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/budgets"
)

// MaxInstancesFor derives a service's max instance count from the server
// slots its pools may use, between 1 and limit.
func MaxInstancesFor(serverSlots, poolSize, limit int) int {
	if poolSize < 1 {
		poolSize = 1
	}
	return max(1, min(serverSlots/poolSize, limit))
}

// RequestRungs end a request's timeout ladder: the handler's deadline
// (the request timeout less ResponseMargin), the request timeout (set by
// knob) and Cloud Run's maximum, which the request timeout may equal.
func RequestRungs(knob string, requestTimeout time.Duration) []budgets.Rung {
	if requestTimeout == 0 {
		requestTimeout = DefaultRequestTimeout
	}
	return []budgets.Rung{
		{Name: "handler deadline (request timeout - response margin)", Knob: knob, Value: HandlerTimeout(requestTimeout)},
		{Name: "Cloud Run request timeout", Knob: knob, Value: requestTimeout, MayEqualNext: true},
		{Name: "Cloud Run maximum", Knob: budgets.PlatformLimit, Value: MaxRequestTimeout},
	}
}

// ShutdownLadder checks that draining in-flight requests after SIGTERM
// ends before Cloud Run's grace period does.
func ShutdownLadder(drain time.Duration) budgets.Ladder {
	return budgets.Ladder{Name: "shutdown", Rungs: []budgets.Rung{
		{Name: "drain in-flight requests", Knob: budgets.KitDefault, Value: drain},
		{Name: "Cloud Run grace period after SIGTERM", Knob: budgets.PlatformLimit, Value: GracePeriod},
	}}
}

// Size is what an instance of the service bills for: its vCPUs, its memory
// in GiB, and the requests it serves at once, with the defaults applied.
// Settings Check refuses are reported as zeros.
func (a Args) Size() (vcpu, memGiB float64, concurrency int) {
	cpu, mem := a.CPU, a.Memory
	if cpu == "" {
		cpu = DefaultCPU
	}
	if mem == "" {
		mem = DefaultMemory
	}
	vcpu, _ = strconv.ParseFloat(cpu, 64)
	if n, ok := strings.CutSuffix(mem, "Gi"); ok {
		gi, _ := strconv.ParseFloat(n, 64)
		memGiB = gi
	} else if n, ok := strings.CutSuffix(mem, "Mi"); ok {
		mi, _ := strconv.ParseFloat(n, 64)
		memGiB = mi / 1024
	}
	concurrency = a.Concurrency
	if concurrency == 0 {
		concurrency = DefaultConcurrency
	}
	return vcpu, memGiB, concurrency
}
