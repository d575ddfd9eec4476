package worker

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/groundwork-iac/groundwork/components/cronexpr"
	"github.com/groundwork-iac/groundwork/components/problem"
)

// Identifier shapes.
var (
	// label is one DNS label (RFC 1123).
	label = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
)

// Limits of routes, domains and cron triggers, as published at
// developers.cloudflare.com/workers/configuration/routing/routes/,
// .../routing/custom-domains/ and developers.cloudflare.com/workers/platform/limits
// (checked on LimitsCheckedOn).
const (
	// MaxHostnameBytes is DNS's limit on a name.
	MaxHostnameBytes = 253
	// MaxRouteBytes bounds a route pattern: a hostname and a path prefix.
	MaxRouteBytes = 1024
	// CronTriggersFree and CronTriggersPaid are the Cron Triggers an
	// account may have on each plan.
	CronTriggersFree = 5
	CronTriggersPaid = 250
)

// CronTriggers is the plan's limit on cron triggers.
func CronTriggers(plan string) int {
	if plan == PlanPaid {
		return CronTriggersPaid
	}
	return CronTriggersFree
}

// checkHostname checks a hostname a Worker serves; wildcard allows a
// leading "*." or "*" as a route pattern does.
func checkHostname(field, host string, wildcard bool, out *problem.List) bool {
	h := host
	if wildcard {
		h = strings.TrimPrefix(strings.TrimPrefix(h, "*."), "*")
	}
	labels := strings.Split(h, ".")
	ok := len(host) <= MaxHostnameBytes && len(labels) >= 2
	for _, l := range labels {
		ok = ok && label.MatchString(l)
	}
	if !ok {
		out.Add(field, "must name a hostname such as api.example.com (lower-case DNS labels, no scheme, spaces or port), got %q", problem.Shown(host))
	}
	return ok
}

// checkRoute holds a route pattern to Cloudflare's form: HOST/PATH, with
// * only leading the host or ending the path, and no scheme, query or port.
func checkRoute(pattern string, out *problem.List) {
	switch {
	case len(pattern) > MaxRouteBytes:
		out.Add("route", "is %d characters, more than a route pattern needs (%d)", len(pattern), MaxRouteBytes)
		return
	case strings.Contains(pattern, "://"):
		out.Add("route", "must be a pattern without a scheme, such as api.example.com/* (routes match http and https alike), got %q", problem.Shown(pattern))
		return
	case strings.IndexFunc(pattern, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0:
		out.Add("route", "must not contain spaces or control characters, got %q", problem.Shown(pattern))
		return
	case strings.ContainsAny(pattern, "?#"):
		out.Add("route", "must not contain a query or fragment (routes match on host and path), got %q", problem.Shown(pattern))
		return
	}
	host, path, _ := strings.Cut(pattern, "/")
	if !checkHostname("route", host, true, out) {
		return
	}
	if i := strings.Index(path, "*"); i >= 0 && i != len(path)-1 {
		out.Add("route", "may have * only at the start of the host or the end of the path, got %q", problem.Shown(pattern))
	}
}

// checkCrons holds each trigger to Cloudflare's cron syntax and the list
// to the plan's limit.
func (a Args) checkCrons(out *problem.List) {
	plan := a.Plan
	if plan == "" {
		plan = PlanFree
	}
	if n := len(a.Crons); n > CronTriggers(plan) {
		out.Add("crons", "has %d triggers; the Workers %s plan allows %d per account (as of %s)", n, plan, CronTriggers(plan), LimitsCheckedOn)
	}
	for i, c := range a.Crons {
		if msg := cronexpr.Workers.Check(c); msg != "" {
			out.Add(fmt.Sprintf("crons[%d]", i), "is not a valid Cron Trigger: %s", msg)
		}
	}
}

// checkEntry keeps the Worker's entry inside Dir, the project: anything
// bundled is uploaded and run as the Worker.
func (a Args) checkEntry(out *problem.List) {
	e := a.Entry
	if e == "" {
		out.Add("entry", "is required: the Worker's entry file, e.g. workloads/edge/src/index.ts")
		return
	}
	clean := filepath.Clean(e)
	if filepath.IsAbs(e) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) || len(e) > 1024 {
		out.Add("entry", "must be a path inside the project, relative to it (e.g. workloads/edge/src/index.ts), got %q", problem.Shown(e))
	}
}
