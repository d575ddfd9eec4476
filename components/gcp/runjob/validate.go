package runjob

import (
	"time"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// Check is pure: it checks the settings and returns every problem at once,
// each with its fix. Project and Region are checked as given; New fills them
// from the provider config first, and also checks Telemetry and the wiring
// (the secrets' ids and versions).
func (a Args) Check() problem.List {
	out := a.Container.Check(reservedEnv)
	if a.Timeout < 0 || a.Timeout > MaxTimeout || a.Timeout%time.Second != 0 {
		out.Add("timeout", "must be whole seconds up to %s, got %s; split a longer task, it holds its locks all that time", MaxTimeout, a.Timeout)
	}
	if a.MaxRetries < 0 || a.MaxRetries > MaxRetriesLimit {
		out.Add("maxRetries", "must be between 0 and %d (Cloud Run limit), got %d", MaxRetriesLimit, a.MaxRetries)
	}
	return out
}

// check is everything New checks before it registers anything.
func (a Args) check() problem.List { return append(a.Check(), a.Wiring()...) }
