package blueprints

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints/api"
	"github.com/groundwork-iac/groundwork/blueprints/edge"
	"github.com/groundwork-iac/groundwork/blueprints/jobs"
	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Plan is what a blueprint's prepare step decided: the checked budgets, and
// the create step that registers the resources and returns the stack's
// outputs.
type Plan interface {
	Budgets() budgets.Report
	Create(ctx *pulumi.Context) (pulumi.Map, error)
}

// Blueprint is one reference architecture: its catalog entry and its
// prepare step (settings -> a plan, or every problem at once).
type Blueprint struct {
	catalog.Entry
	prepare func(stackconfig.Settings) (Plan, error)
}

// define adapts a blueprint package's Prepare to the registry.
func define[P Plan](name string, prepare func(stackconfig.Settings) (P, error)) Blueprint {
	e, ok := catalog.Lookup(name)
	if !ok {
		panic("blueprint " + name + " is not in the catalog")
	}
	return Blueprint{Entry: e, prepare: func(s stackconfig.Settings) (Plan, error) { return prepare(s) }}
}

// registry holds every blueprint, in the catalog's order.
var registry = []Blueprint{
	define(api.Name, api.Prepare),
	define(edge.Name, edge.Prepare),
	define(jobs.Name, jobs.Prepare),
}

// List returns the blueprints, sorted by name.
func List() []Blueprint { return slices.Clone(registry) }

// Names returns the blueprint names, sorted.
func Names() []string {
	var names []string
	for _, b := range registry {
		names = append(names, b.Name)
	}
	return names
}

// Select returns the named blueprint, or a problem listing the valid ones.
func Select(name string) (Blueprint, error) {
	for _, b := range registry {
		if b.Name == name {
			return b, nil
		}
	}
	var p problem.List
	p.Add(stackconfig.Key(stackconfig.KeyBlueprint)+":", "unknown blueprint %q; valid blueprints: %s", name, strings.Join(Names(), ", "))
	return Blueprint{}, p.Err()
}

// Check validates settings and budgets without creating anything.
func (b Blueprint) Check(s stackconfig.Settings) (budgets.Report, error) {
	p, err := b.prepare(s)
	return p.Budgets(), err
}

// Run prepares the plan and, when it holds, creates the blueprint and
// exports its outputs. The report is returned even when a budget fails, so
// callers can print it; nothing is registered when the settings fail.
func (b Blueprint) Run(ctx *pulumi.Context, s stackconfig.Settings) (budgets.Report, error) {
	p, err := b.prepare(s)
	if err != nil {
		return p.Budgets(), err
	}
	outputs, err := p.Create(ctx)
	if err != nil {
		return p.Budgets(), err
	}
	for k, v := range outputs {
		ctx.Export(k, v)
	}
	return p.Budgets(), nil
}

// Execute is the whole program: decode the stack's config once, select the
// blueprint, run it. The report is returned whenever budgets were computed.
// When the config has problems, the blueprint still checks what it can, so
// every problem is listed at once, and nothing is created.
func Execute(ctx *pulumi.Context) (budgets.Report, error) {
	s, problems := stackconfig.Load(ctx)
	if s.Blueprint == "" {
		return budgets.Report{}, problems.Err()
	}
	b, err := Select(s.Blueprint)
	if err != nil {
		return budgets.Report{}, append(problems, problem.Of(err)...).Err()
	}
	if len(problems) > 0 {
		_, checkErr := b.Check(s)
		return budgets.Report{}, append(problems, problem.Of(checkErr)...).Err()
	}
	return b.Run(ctx, s)
}

// Program is the whole Pulumi program, as `pulumi up` runs it (main.go) and
// as an Automation API inline program can run it: execute the blueprint the
// stack selects, log its budget table and warnings, and fail with every
// problem before anything is created.
func Program(ctx *pulumi.Context) error {
	report, err := Execute(ctx)
	if report.Blueprint != "" {
		_ = ctx.Log.Info(report.Table(), nil)
	}
	for _, w := range report.Warnings() {
		_ = ctx.Log.Warn(w.String(), nil)
	}
	return err
}
