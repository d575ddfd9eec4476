package worker

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
	"github.com/groundwork-iac/groundwork/components/problem"
)

var bindingName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// datasetName keeps a dataset usable as the table of the SQL API's FROM.
var datasetName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)

// Check is pure: it checks the settings and returns every problem at once.
// New also checks the wiring (the Hyperdrive binding's id) and the bundle.
func (a Args) Check() problem.List {
	var out problem.List
	if a.AccountID == "" {
		out.Add("accountId", "%s", cfnames.AccountIDRequired)
	}
	cfnames.CheckID("accountId", a.AccountID, &out)
	a.checkEntry(&out)
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
	if r := a.Route; r != nil {
		if r.ZoneID == "" || r.Pattern == "" {
			out.Add("route", "needs ZoneID and Pattern, e.g. api.example.com/*")
		} else {
			checkRoute(r.Pattern, &out)
		}
		cfnames.CheckID("zoneId", r.ZoneID, &out)
	}
	if d := a.Domain; d != nil {
		if d.ZoneID == "" || d.Hostname == "" {
			out.Add("domain", "needs ZoneID and Hostname")
		} else {
			checkHostname("domain", d.Hostname, false, &out)
		}
		cfnames.CheckID("zoneId", d.ZoneID, &out)
	}
	a.checkCrons(&out)
	names := slices.Concat(slices.Sorted(maps.Keys(a.Vars)), slices.Sorted(maps.Keys(a.Secrets)))
	if a.Hyperdrive != nil {
		names = append(names, a.Hyperdrive.Binding)
	}
	for _, r := range a.R2Buckets {
		names = append(names, r.Binding)
	}
	for i, b := range a.Analytics {
		names = append(names, b.Binding)
		if !datasetName.MatchString(b.Dataset) {
			out.Add(fmt.Sprintf("analytics[%d].dataset", i), "must be 1-64 letters, digits and underscores, starting with a letter (it is a table name in SQL), got %q", b.Dataset)
		}
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
	for _, r := range a.R2Buckets {
		if r.BucketName == nil {
			out.Add("r2Buckets", "binding %s has no bucket name: pass the bucket's name output", r.Binding)
		}
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
		if msg := insideDir(a.Dir, a.Entry); msg != "" {
			out.Add("entry", "%s", msg)
			return Bundle{}, "", out
		}
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

// insideDir resolves the entry's symbolic links: a link out of the project
// is refused as a path out of it is.
func insideDir(dir, entry string) string {
	root, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	real, err := filepath.EvalSymlinks(filepath.Join(root, entry))
	if err != nil {
		return "" // missing: Build says so
	}
	if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "leads out of the project through a symbolic link; the Worker's entry must be a file of the project"
	}
	return ""
}
