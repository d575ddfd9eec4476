// Package blueprints is the registry of groundwork's blueprints and the
// program that runs the one a stack selects with groundwork:blueprint.
package blueprints

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints/api"
	"github.com/groundwork-iac/groundwork/blueprints/edge"
	"github.com/groundwork-iac/groundwork/blueprints/jobs"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Blueprint is one reference architecture.
type Blueprint struct {
	Name    string
	Summary string
	// Run creates the blueprint from a stack's settings and returns its
	// checked budgets; it registers nothing when the settings fail.
	Run func(ctx *pulumi.Context, s stackconfig.Settings) (budgets.Report, error)
	// Check validates settings and budgets without creating anything.
	Check func(s stackconfig.Settings) (budgets.Report, error)
}

var registry = map[string]Blueprint{
	api.Name: {Name: api.Name, Summary: "Google Cloud Run + Neon Postgres through the pooled endpoint, migrations as a Cloud Run job",
		Run: api.Run, Check: api.Check},
	edge.Name: {Name: edge.Name, Summary: "Cloudflare Worker (Hono) + Hyperdrive in front of Postgres (e.g. Supabase)",
		Run: edge.Run, Check: edge.Check},
	jobs.Name: {Name: jobs.Name, Summary: "AWS Lambda + SQS with DLQ + EventBridge rules and schedules + signed webhook ingress",
		Run: jobs.Run, Check: jobs.Check},
}

// List returns the blueprints, sorted by name.
func List() []Blueprint {
	out := make([]Blueprint, 0, len(registry))
	for _, b := range registry {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Names returns the blueprint names, sorted.
func Names() []string {
	var names []string
	for _, b := range List() {
		names = append(names, b.Name)
	}
	return names
}

// Select returns the named blueprint, or an error listing the valid ones.
func Select(name string) (Blueprint, error) {
	b, ok := registry[name]
	if !ok {
		return Blueprint{}, fmt.Errorf("%s: unknown blueprint %q; valid blueprints: %s",
			stackconfig.Key(stackconfig.KeyBlueprint), name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// Execute is the whole program: decode the stack's config once, select the
// blueprint, run it. The report is returned whenever budgets were computed.
// When the config has problems, the blueprint still checks what it can, so
// every problem is listed at once, and nothing is created.
func Execute(ctx *pulumi.Context) (budgets.Report, error) {
	s, cfgErr := stackconfig.Load(ctx)
	if s.Blueprint == "" {
		return budgets.Report{}, cfgErr
	}
	b, err := Select(s.Blueprint)
	if err != nil {
		return budgets.Report{}, errors.Join(cfgErr, err)
	}
	if cfgErr != nil {
		_, checkErr := b.Check(s)
		return budgets.Report{}, errors.Join(cfgErr, checkErr)
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
