package runservice

import (
	"slices"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/problem"
)

var (
	// cpus are the whole-vCPU values; below one vCPU Cloud Run allows only
	// one request at a time, which defeats per-instance concurrency.
	cpus = []string{"1", "2", "4", "6", "8"}
	// reservedEnv are set by Cloud Run itself
	// (cloud.google.com/run/docs/container-contract#env-vars).
	reservedEnv = []string{"PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"}
	// memberPrefixes are the IAM member forms an invoker may take.
	memberPrefixes = []string{"user:", "serviceAccount:", "group:", "domain:", "principal:", "principalSet:"}
)

// Check is pure: it checks the settings and returns every problem at once,
// each with its fix. Project and Region are checked as given; New fills them
// from the provider config first, and also checks Telemetry and the wiring
// (the secrets' ids and versions).
func (a Args) Check() problem.List {
	out := a.Container.Check(reservedEnv)
	if a.Port < 0 || a.Port > 65535 {
		out.Add("port", "must be between 1 and 65535, got %d", a.Port)
	}
	if a.CPU != "" && !slices.Contains(cpus, a.CPU) {
		out.Add("cpu", "must be one of %s (whole vCPUs; below one, Cloud Run serves one request at a time), got %q", strings.Join(cpus, ", "), a.CPU)
	}
	switch {
	case a.MaxInstances < 1:
		out.Add("maxInstances", "must be at least 1, got %d; it caps scale-out and the database connections with it", a.MaxInstances)
	case a.MinInstances < 0 || a.MinInstances > a.MaxInstances:
		out.Add("minInstances", "must be between 0 and maxInstances (%d), got %d", a.MaxInstances, a.MinInstances)
	}
	if a.Concurrency < 0 || a.Concurrency > MaxConcurrency {
		out.Add("concurrency", "must be between 1 and %d, got %d", MaxConcurrency, a.Concurrency)
	}
	if t := a.RequestTimeout; t != 0 {
		switch {
		case t > MaxRequestTimeout:
			out.Add("requestTimeout", "must be at most %s (Cloud Run limit), got %s; move longer work to a Cloud Run job", MaxRequestTimeout, t)
		case t <= ResponseMargin || t%time.Second != 0:
			out.Add("requestTimeout", "must be whole seconds above %s (the handler answers %s before it), got %s", ResponseMargin, ResponseMargin, t)
		}
	}
	for _, m := range a.Invokers {
		switch {
		case m == AllUsers || m == "allAuthenticatedUsers":
			out.Add("invokers", "%q would make the service public; set public instead, so the choice is explicit", m)
		case !slices.ContainsFunc(memberPrefixes, func(p string) bool { return strings.HasPrefix(m, p) }):
			out.Add("invokers", "%q is not an IAM member; use user:, serviceAccount:, group:, domain: or principal: forms", m)
		}
	}
	return out
}

// check is everything New checks before it registers anything.
func (a Args) check() problem.List { return append(a.Check(), a.Wiring()...) }
