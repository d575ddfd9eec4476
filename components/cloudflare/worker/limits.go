package worker

import (
	"time"

	"github.com/groundwork-iac/groundwork/components/budgets"
)

// Platform limits, as published at developers.cloudflare.com/workers/platform/limits
// and checked on LimitsCheckedOn. Cloudflare has changed them several times:
// 1 MB free / 10 MB paid (compressed), then 3 MB free / 10 MB paid from late
// 2024, with a 64 MB uncompressed cap on both plans.
const (
	LimitsCheckedOn = "2026-11-26"
	// GzipLimitFreeBytes and GzipLimitPaidBytes cap a Worker's compressed size.
	GzipLimitFreeBytes = 3 << 20
	GzipLimitPaidBytes = 10 << 20
	// RawLimitBytes caps a Worker's uncompressed size on every plan.
	RawLimitBytes = 64 << 20
)

// Request limits (same page and date).
const (
	// ProxyTimeout: Cloudflare answers 524 when a response has not started
	// within 100 s.
	ProxyTimeout = 100 * time.Second
	// WaitUntilLimit: work passed to ctx.waitUntil may run 30 s after the
	// response.
	WaitUntilLimit = 30 * time.Second
)

// Plans name the Workers plans.
const (
	PlanFree = "free"
	PlanPaid = "paid"
)

// GzipLimit is the compressed size limit of a plan.
func GzipLimit(plan string) int {
	if plan == PlanPaid {
		return GzipLimitPaidBytes
	}
	return GzipLimitFreeBytes
}

// ProxyRung is the outermost rung of a request ladder: Cloudflare's 524.
func ProxyRung() budgets.Rung {
	return budgets.Rung{Name: "Cloudflare proxy timeout (524)", Knob: budgets.PlatformLimit, Value: ProxyTimeout}
}

// WaitUntilRung is the outermost rung of work after the response.
func WaitUntilRung() budgets.Rung {
	return budgets.Rung{Name: "waitUntil limit", Knob: budgets.PlatformLimit, Value: WaitUntilLimit}
}
