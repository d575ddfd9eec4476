package runservice

import (
	"regexp"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/problem"
)

var (
	// reservedEnv are set by Cloud Run itself
	// (cloud.google.com/run/docs/container-contract#env-vars).
	reservedEnv = []string{"PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"}
	// members are the IAM principal forms an invoker may take, each with
	// what must follow its prefix
	// (cloud.google.com/iam/docs/principal-identifiers).
	members = []struct {
		prefix string
		after  *regexp.Regexp
		what   string
	}{
		{"user:", email, "an email address"},
		{"serviceAccount:", email, "a service account's email"},
		{"group:", email, "a group's email"},
		{"domain:", domainName, "a domain such as example.com"},
		{"principal://", nonEmpty, "an identity pool principal"},
		{"principalSet://", nonEmpty, "an identity pool principal set"},
	}
	email      = regexp.MustCompile(`^[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`)
	domainName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$`)
	nonEmpty   = regexp.MustCompile(`^\S+$`)
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
		checkMember(m, &out)
	}
	return out
}

// check is everything New checks before it registers anything.
func (a Args) check() problem.List { return append(a.Check(), a.Wiring()...) }

func checkMember(m string, out *problem.List) {
	if m == AllUsers || m == "allAuthenticatedUsers" {
		out.Add("invokers", "%q would make the service public; set public instead, so the choice is explicit", m)
		return
	}
	for _, f := range members {
		if after, ok := strings.CutPrefix(m, f.prefix); ok {
			if len(m) > maxMemberBytes || !f.after.MatchString(after) {
				out.Add("invokers", "%q must have %s after %s", problem.Shown(m), f.what, f.prefix)
			}
			return
		}
	}
	out.Add("invokers", "%q is not an IAM member; use user:, serviceAccount:, group:, domain: or principal: forms", problem.Shown(m))
}

// maxMemberBytes bounds an invoker: no principal identifier is longer.
const maxMemberBytes = 512
