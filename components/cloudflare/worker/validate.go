package worker

import (
	"maps"
	"regexp"
	"slices"
	"time"

	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
	"github.com/groundwork-iac/groundwork/components/problem"
)

var (
	bindingName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	cronRE      = regexp.MustCompile(`^(\S+\s+){4}\S+$`)
)

// Check is pure: it checks the settings and returns every problem at once.
// New also checks the wiring (the Hyperdrive binding's id) and the bundle.
func (a Args) Check() problem.List {
	var out problem.List
	if a.AccountID == "" {
		out.Add("accountId", "%s", cfnames.AccountIDRequired)
	}
	if a.Entry == "" {
		out.Add("entry", "is required: the Worker's entry file, e.g. workloads/edge/src/index.ts")
	}
	if a.Plan != "" && a.Plan != PlanFree && a.Plan != PlanPaid {
		out.Add("plan", "must be %s or %s, got %q", PlanFree, PlanPaid, a.Plan)
	}
	if a.MaxBundleKB < 0 {
		out.Add("maxBundleKB", "must not be negative, got %d", a.MaxBundleKB)
	}
	if d := a.CompatibilityDate; d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			out.Add("compatibilityDate", "must be a date like %s, got %q", CompatibilityDate, d)
		}
	}
	if a.Route != nil && a.Domain != nil {
		out.Add("route", "and domain are both set; set one of them")
	}
	if r := a.Route; r != nil && (r.ZoneID == "" || r.Pattern == "") {
		out.Add("route", "needs ZoneID and Pattern, e.g. api.example.com/*")
	}
	if d := a.Domain; d != nil && (d.ZoneID == "" || d.Hostname == "") {
		out.Add("domain", "needs ZoneID and Hostname")
	}
	for _, c := range a.Crons {
		if !cronRE.MatchString(c) {
			out.Add("crons", "%q must have five fields, e.g. \"*/15 * * * *\"", c)
		}
	}
	names := slices.Concat(slices.Sorted(maps.Keys(a.Vars)), slices.Sorted(maps.Keys(a.Secrets)))
	if a.Hyperdrive != nil {
		names = append(names, a.Hyperdrive.Binding)
	}
	seen := map[string]bool{}
	for _, n := range names {
		switch {
		case !bindingName.MatchString(n):
			out.Add("bindings", "name %q is not a JavaScript identifier", n)
		case seen[n]:
			out.Add("bindings", "%s is bound twice", n)
		}
		seen[n] = true
	}
	return out
}

func (a Args) wiring() problem.List {
	var out problem.List
	if h := a.Hyperdrive; h != nil && h.ID == nil {
		out.Add("hyperdrive", "binding %s has no ID: pass the Hyperdrive configuration's id output", h.Binding)
	}
	return out
}

// Prepare returns the bundle New deploys: Args.Bundle, or Entry bundled
// now, checked against the plan's size limit (a problem) and the startup
// budget (the warning). A caller that validates first passes the bundle on
// in Args.Bundle, so a run bundles once.
func (a Args) Prepare() (Bundle, string, problem.List) {
	var out problem.List
	a = a.withDefaults()
	b := Bundle{}
	if a.Bundle != nil {
		b = *a.Bundle
	} else {
		built, err := Build(a.Dir, a.Entry)
		if err != nil {
			out.Add("", "%v", err)
			return Bundle{}, "", out
		}
		b = built
	}
	warning, err := b.Check(a.Plan, a.GzipLimitBytes, a.MaxBundleKB)
	if err != nil {
		out.Add("", "%v", err)
	}
	return b, warning, out
}
