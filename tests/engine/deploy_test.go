package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/groundwork-iac/groundwork/blueprints"
	"github.com/groundwork-iac/groundwork/tests/engine/standin"
)

// DevStacks are the stack files the deploy tests run, and how many of
// their values are secrets moved out of the plain file.
var DevStacks = map[string]int{"jobs-dev": 9, "api-dev": 2, "edge-dev": 2}

// StackOutputs are each blueprint's stack outputs.
var StackOutputs = map[string][]string{
	"api-dev":  {"imageRepository", "migrationsJob", "serviceAccount", "serviceName", "serviceUrl"},
	"edge-dev": {"hyperdriveId", "logsBucket", "route", "workerName"},
	"jobs-dev": {"alertTopic", "dlqUrl", "eventBusName", "queueUrl", "scheduleGroup", "webhookUrl", "webhookUrls", "workerFunction"},
}

// AdvisoryFindings are the advisory findings (enum values outside the
// SDK's enum, deprecated properties) each stack is known to produce.
var AdvisoryFindings = map[string][]string{"jobs-dev": nil, "api-dev": nil, "edge-dev": nil}

func TestDeploy(t *testing.T) {
	for _, stack := range slices.Sorted(maps.Keys(DevStacks)) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			deploy(t, stack)
		})
	}
}

// phase is the records one engine operation produced.
type phase struct {
	name string
	recs []standin.Record
}

func deploy(t *testing.T, stack string) {
	ctx := testContext(t)
	raw, err := os.ReadFile(filepath.Join(repoRoot, "stacks", "Pulumi."+stack+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	plain, secrets := splitSecrets(t, raw)
	if len(secrets) != DevStacks[stack] {
		t.Fatalf("moved %d secret values out of the stack file, want %d", len(secrets), DevStacks[stack])
	}
	providers := startProviders(t)
	env := newEnv(t, stack, plain, providers)
	s := env.stack(t, ctx, stack, blueprints.Program)
	setSecrets(t, ctx, s, secrets, true)

	out := &Output{}
	var phases []phase
	mark := 0
	next := func(name string) []standin.Record {
		all := providers.Records(t)
		recs := all[mark:]
		mark = len(all)
		phases = append(phases, phase{name, recs})
		return recs
	}

	prev := engineOp(t, "preview", out, func() (auto.PreviewResult, error) { return s.Preview(ctx, optpreview.ProgressStreams(out)) })
	previewRecs := next("preview")

	up := engineOp(t, "up", out, func() (auto.UpResult, error) { return s.Up(ctx, optup.ProgressStreams(out)) })
	upRecs := next("up")
	state := exportState(t, ctx, s)
	// The summaries count every resource but the default providers.
	total := len(state) - countProviders(state)
	t.Logf("%s: %d resources (%d custom, %d default providers); creation order:\n%s", stack, len(state), countCustom(state), countProviders(state), creationOrder(upRecs))

	if want := map[apitype.OpType]int{apitype.OpCreate: total}; !maps.Equal(prev.ChangeSummary, want) {
		t.Errorf("preview: %v, want %v", prev.ChangeSummary, want)
	}
	if n := count(previewRecs, func(r standin.Record) bool { return isMutation(r) && !r.Preview }); n != 0 {
		t.Errorf("preview: %d real creates, updates or deletes reached the providers, want 0", n)
	}
	assertSummary(t, "up", up.Summary, map[string]int{"create": total})
	if got := slices.Sorted(maps.Keys(up.Outputs)); !slices.Equal(got, StackOutputs[stack]) {
		t.Errorf("stack outputs %v, want %v", got, StackOutputs[stack])
	}
	for _, k := range slices.Sorted(maps.Keys(up.Outputs)) {
		o := up.Outputs[k]
		// A plain, non-empty string, or a map of them (webhookUrls, by endpoint).
		ok := !o.Secret
		switch v := o.Value.(type) {
		case string:
			ok = ok && v != ""
		case map[string]any:
			ok = ok && len(v) > 0
			for _, e := range v {
				if s, isString := e.(string); !isString || s == "" {
					ok = false
				}
			}
		default:
			ok = false
		}
		if !ok {
			t.Errorf("output %s = %#v (secret %v), want a plain, non-empty string or map of them", k, o.Value, o.Secret)
		}
		t.Logf("%s: output %s = %v", stack, k, o.Value)
	}

	up2 := engineOp(t, "second up", out, func() (auto.UpResult, error) { return s.Up(ctx, optup.ProgressStreams(out)) })
	up2Recs := next("second up")
	assertSummary(t, "second up", up2.Summary, map[string]int{"same": total})
	for _, r := range up2Recs {
		if isMutation(r) || (r.Op == standin.OpDiff && len(r.Changes) > 0) {
			t.Errorf("second up: %s %s (changes %v), want no change", r.Op, name(r.URN), r.Changes)
		}
	}

	destroy := engineOp(t, "destroy", out, func() (auto.DestroyResult, error) { return s.Destroy(ctx, optdestroy.ProgressStreams(out)) })
	destroyRecs := next("destroy")
	assertSummary(t, "destroy", destroy.Summary, map[string]int{"delete": total})
	if n, want := len(ops(destroyRecs, standin.OpDelete)), countCustom(state)-countProviders(state); n != want || n == 0 {
		t.Errorf("destroy: the providers deleted %d resources, want %d", n, want)
	}
	if after := exportState(t, ctx, s); len(after) != 0 {
		t.Errorf("after destroy the stack still has %d resources: %v", len(after), slices.Sorted(maps.Keys(after)))
	}

	for _, p := range phases {
		t.Logf("%s: %s: %s", stack, p.name, opCounts(p.recs))
	}
	assertOrder(t, stack, checkOrder(stack, state, upRecs, destroyRecs))
	errs, advisories := findings(phases)
	for _, f := range errs {
		t.Errorf("schema: %s", f)
	}
	if !slices.Equal(advisories, AdvisoryFindings[stack]) {
		t.Errorf("advisory schema findings:\n  %s\nwant:\n  %s", strings.Join(advisories, "\n  "), strings.Join(AdvisoryFindings[stack], "\n  "))
	}

	kinds := stateFiles(t, env.Backend)
	if kinds["history"] == 0 || kinds["state.bak"] == 0 {
		t.Errorf("the file backend has %v: the secret scan needs the history and the state backups", kinds)
	}
	texts := map[string]string{"engine output": out.String(),
		"up stdout": up.StdOut, "up stderr": up.StdErr, "destroy stdout": destroy.StdOut}
	for _, leak := range canaryLeaks(t, secrets, []string{env.Backend, env.Work, env.Home}, texts) {
		t.Errorf("secret in the clear: %s", leak)
	}
	t.Logf("%s: scanned the file backend (%v) for %d canaries", stack, kinds, len(secrets))
}

// TestPlainSecretsStayOutOfState deploys each dev stack with its secret
// values given in plain text, as the committed stack files give them: the
// CLI then keeps them in plain text in the stack file and the update
// history (that is the user's choice), but the kit marks them secret, so
// the state and its backups hold only ciphertext.
func TestPlainSecretsStayOutOfState(t *testing.T) {
	for _, stack := range slices.Sorted(maps.Keys(DevStacks)) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			raw, err := os.ReadFile(filepath.Join(repoRoot, "stacks", "Pulumi."+stack+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			plain, secrets := splitSecrets(t, raw)
			providers := startProviders(t)
			env := newEnv(t, stack, plain, providers)
			s := env.stack(t, ctx, stack, blueprints.Program)
			setSecrets(t, ctx, s, secrets, false)
			out := &Output{}
			engineOp(t, "up", out, func() (auto.UpResult, error) { return s.Up(ctx, optup.ProgressStreams(out)) })
			state := []string{filepath.Join(env.Backend, ".pulumi", "stacks"), filepath.Join(env.Backend, ".pulumi", "backups")}
			for _, leak := range canaryLeaks(t, secrets, state, map[string]string{"engine output": out.String()}) {
				t.Errorf("secret in the clear: %s", leak)
			}
			if leaks := canaryLeaks(t, secrets, []string{filepath.Join(env.Backend, ".pulumi", "history")}, nil); len(leaks) == 0 {
				t.Errorf("the update history holds no plain config value: the test no longer sees plain config")
			}
			engineOp(t, "destroy", out, func() (auto.DestroyResult, error) { return s.Destroy(ctx, optdestroy.ProgressStreams(out)) })
		})
	}
}

// exportState returns the stack's resources by URN.
func exportState(t *testing.T, ctx context.Context, s auto.Stack) map[string]apitype.ResourceV3 {
	t.Helper()
	dep, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var d apitype.DeploymentV3
	if err := json.Unmarshal(dep.Deployment, &d); err != nil {
		t.Fatal(err)
	}
	out := map[string]apitype.ResourceV3{}
	for _, r := range d.Resources {
		out[string(r.URN)] = r
	}
	return out
}

func countCustom(state map[string]apitype.ResourceV3) int {
	n := 0
	for _, r := range state {
		if r.Custom {
			n++
		}
	}
	return n
}

func countProviders(state map[string]apitype.ResourceV3) int {
	n := 0
	for _, r := range state {
		if strings.HasPrefix(string(r.Type), "pulumi:providers:") {
			n++
		}
	}
	return n
}

func isMutation(r standin.Record) bool {
	return r.Op == standin.OpCreate || r.Op == standin.OpUpdate || r.Op == standin.OpDelete
}

func count(recs []standin.Record, f func(standin.Record) bool) int {
	n := 0
	for _, r := range recs {
		if f(r) {
			n++
		}
	}
	return n
}

func assertSummary(t *testing.T, op string, s auto.UpdateSummary, want map[string]int) {
	t.Helper()
	var got map[string]int
	if s.ResourceChanges != nil {
		got = *s.ResourceChanges
	}
	if !maps.Equal(got, want) {
		t.Errorf("%s: resource changes %v, want %v", op, got, want)
	}
}

// findings returns every schema finding of the phases, errors and
// advisories apart, each once, as "phase: finding".
func findings(phases []phase) (errs, advisories []string) {
	seen := map[string]bool{}
	for _, p := range phases {
		for _, r := range p.recs {
			for _, f := range r.Findings {
				line := fmt.Sprintf("%s %s", name(r.URN), f)
				if r.URN == "" {
					line = f.String()
				}
				if seen[line] {
					continue
				}
				seen[line] = true
				if f.Advisory {
					advisories = append(advisories, line)
				} else {
					errs = append(errs, p.name+": "+line)
				}
			}
		}
	}
	sort.Strings(errs)
	sort.Strings(advisories)
	return errs, advisories
}

// opCounts summarises what the providers were asked, e.g.
// "aws: check 38, create 38, invoke 1".
func opCounts(recs []standin.Record) string {
	counts := map[string]map[string]int{}
	for _, r := range recs {
		op := r.Op
		if r.Preview {
			op += "(preview)"
		}
		if counts[r.Package] == nil {
			counts[r.Package] = map[string]int{}
		}
		counts[r.Package][op]++
	}
	var parts []string
	for _, pkg := range slices.Sorted(maps.Keys(counts)) {
		var ops []string
		for _, op := range slices.Sorted(maps.Keys(counts[pkg])) {
			ops = append(ops, fmt.Sprintf("%s %d", op, counts[pkg][op]))
		}
		parts = append(parts, pkg+": "+strings.Join(ops, ", "))
	}
	return strings.Join(parts, "; ")
}
