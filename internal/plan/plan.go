// Package plan runs a stack's program offline, under Pulumi mocks, and
// renders what it would create: a resource tree with the settings that
// matter, the budget table, and a JSON graph for machines. No cloud account,
// no Pulumi CLI, no network.
package plan

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/invariants"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Result is one offline plan.
type Result struct {
	Project, Stack string
	Blueprint      string
	Graph          *pulumitest.Graph
	Report         budgets.Report
	// Err is the program's error: config, validation or budget problems.
	Err error
	// Violations are broken invariants of the graph.
	Violations []invariants.Violation
	config     Config
}

// Stack plans a stack of the project.
func Stack(p Project, stack string) (*Result, error) {
	return File(p, p.StackFile(stack), stack)
}

// File plans a stack config file; stack names the stack (for
// deployment.environment and tags).
func File(p Project, path, stack string) (*Result, error) {
	if stack == "" {
		stack = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "Pulumi."), ".yaml")
	}
	cfg, err := ReadConfig(p, path)
	if err != nil {
		return nil, err
	}
	r := &Result{Project: p.Name, Stack: stack, config: cfg, Blueprint: cfg.Values["groundwork:blueprint"]}
	var programErr error
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		r.Report, programErr = blueprints.Execute(ctx)
		return programErr
	}, pulumitest.WithStack(p.Name, stack), pulumitest.WithConfig(cfg.Values), pulumitest.WithSecretKeys(cfg.SecretKeys...),
		pulumitest.WithRootDirectory(p.Dir))
	// The runtime wraps the program's error; report the program's own.
	r.Graph, r.Err = g, err
	if programErr != nil {
		r.Err = programErr
	}
	// Under the engine, stackconfig.Load refuses unknown keys (it reads them
	// from PULUMI_CONFIG) before anything is created; mocks have no such
	// variable, so the plan checks the file's keys itself.
	if keyProblems := stackconfig.CheckKeys(slices.Collect(maps.Keys(cfg.Values))); len(keyProblems) > 0 {
		r.Err = append(keyProblems, problem.Of(r.Err)...).Err()
		r.Graph = &pulumitest.Graph{Project: g.Project, Stack: g.Stack}
	}
	if err == nil {
		r.Violations = invariants.Check(g, invariants.Options{Secrets: r.Secrets()})
	}
	return r, nil
}

// Secrets are the plaintext secret values of the stack file, for the
// invariants and for tests that prove they never print.
func (r *Result) Secrets() []string {
	var out []string
	for _, s := range secretFields(r.config.Values) {
		if s != "" && s != secret.OfflinePlaceholder {
			out = append(out, s)
		}
	}
	return out
}

// Problems are the program's problems, one per config, validation or
// budget problem.
func (r *Result) Problems() problem.List { return problem.Of(r.Err) }

// OK reports whether the plan has no error and no violation.
func (r *Result) OK() bool { return r.Err == nil && len(r.Violations) == 0 }

// Resources counts the provider resources, components excluded.
func (r *Result) Resources() int {
	n := 0
	for _, res := range r.Graph.Resources {
		if res.Custom {
			n++
		}
	}
	return n
}
