// Package delivery holds what EventBridge rules and EventBridge Scheduler
// share when they deliver into a queue: a bounded retry policy, and the
// names and envelopes of what they deliver.
//
// Their platform default retries for 24 hours, 185 times, and then drops the
// event silently. The kit retries briefly and dead-letters what it could not
// deliver, where an alarm sees it.
package delivery

import (
	"fmt"
	"regexp"
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/problem"
)

const (
	// DefaultRetryAttempts: three retries ride out a throttle or a brief
	// outage; more only delays the dead-letter alarm.
	DefaultRetryAttempts = 3
	// DefaultMaxEventAge: an event undelivered for an hour is dead-lettered
	// rather than retried for the platform's 24 hours.
	DefaultMaxEventAge = time.Hour
)

// Retry is a retry policy. Zero values mean the defaults above.
type Retry struct {
	Attempts    int
	MaxEventAge time.Duration
}

// WithDefaults fills zero values.
func (r Retry) WithDefaults() Retry {
	if r.Attempts == 0 {
		r.Attempts = DefaultRetryAttempts
	}
	if r.MaxEventAge == 0 {
		r.MaxEventAge = DefaultMaxEventAge
	}
	return r
}

// Check checks the policy against the service limits; fields are relative
// to the policy.
func (r Retry) Check() problem.List {
	var out problem.List
	if r.Attempts < 0 || r.Attempts > awslimits.SchedulerMaxRetryAttempts {
		out.Add("attempts", "must be between 0 and %d, got %d", awslimits.SchedulerMaxRetryAttempts, r.Attempts)
	}
	if a := r.MaxEventAge; a != 0 && (a < awslimits.SchedulerMinEventAge || a > awslimits.SchedulerMaxEventAge || a%time.Second != 0) {
		out.Add("maxEventAge", "must be whole seconds between %s and %s, got %s",
			awslimits.SchedulerMinEventAge, awslimits.SchedulerMaxEventAge, a)
	}
	return out
}

var nameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$`)

// CheckNames validates the names of schedules or rules: they become child
// resource names, so they are short, lower-case and unique.
func CheckNames(field string, names []string) problem.List {
	var out problem.List
	seen := map[string]bool{}
	for i, n := range names {
		f := fmt.Sprintf("%s[%d].name", field, i)
		switch {
		case !nameRE.MatchString(n):
			out.Add(f, "must be 1-40 lower-case letters, digits or dashes, not starting or ending with a dash, got %q", n)
		case seen[n]:
			out.Add(f, "%q is used twice; names must be unique", n)
		}
		seen[n] = true
	}
	return out
}
