// Package envnames checks the names of a workload's environment variables
// against a platform's rules: the allowed form, the names the platform sets
// itself, and each name once across plain values and secrets.
package envnames

import (
	"regexp"
	"slices"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// Rules are one platform's rules for variable names.
type Rules struct {
	// Platform names the platform in messages ("Lambda", "Cloud Run").
	Platform string
	// Valid is the form a name must have; Form says it in words.
	Valid *regexp.Regexp
	Form  string
	// Reserved are the names the platform sets itself.
	Reserved []string
}

// Checker returns a function that checks one name of field into out and
// remembers it, so a name given twice is reported.
func (r Rules) Checker(out *problem.List) func(field, name string) {
	seen := map[string]bool{}
	return func(field, name string) {
		switch {
		case !r.Valid.MatchString(name):
			out.Add(field, "variable name %q is invalid: %s", name, r.Form)
		case slices.Contains(r.Reserved, name):
			out.Add(field, "variable %s is reserved by %s; choose another name", name, r.Platform)
		case seen[name]:
			out.Add(field, "variable %s is set twice (environment and secrets)", name)
		}
		seen[name] = true
	}
}
