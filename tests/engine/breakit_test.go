package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints"
)

// TestSchemaCatchesBrokenInputs breaks the jobs program on its way to the
// engine (a stack transform, as a component bug would): the queue policy's
// queueUrl is renamed to queueURL and the worker function loses its
// required role. The stand-ins must report exactly those problems, through
// the same findings the deploy test fails on.
func TestSchemaCatchesBrokenInputs(t *testing.T) {
	ctx := testContext(t)
	raw, err := os.ReadFile(filepath.Join(repoRoot, "stacks", "Pulumi.jobs-dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	providers := startProviders(t)
	env := newEnv(t, "jobs-dev", raw, providers)
	broken := func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			switch {
			case a.Type == "aws:sqs/queuePolicy:QueuePolicy" && a.Name == "jobs-queue-policy":
				a.Props["queueURL"] = a.Props["queueUrl"]
				delete(a.Props, "queueUrl")
			case a.Type == "aws:lambda/function:Function" && a.Name == "jobs-worker-function":
				delete(a.Props, "role")
			default:
				return nil
			}
			return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
		})
		if err != nil {
			return err
		}
		return blueprints.Program(ctx)
	}
	s := env.stack(t, ctx, "jobs-dev", broken)
	out := &Output{}
	engineOp(t, "preview", out, func() (auto.PreviewResult, error) { return s.Preview(ctx, optpreview.ProgressStreams(out)) })
	errs, advisories := findings([]phase{{"preview", providers.Records(t)}})
	want := []string{
		"preview: jobs-queue-policy aws:sqs/queuePolicy:QueuePolicy queueURL: unknown-property (not an input of this type (did you mean queueUrl?))",
		"preview: jobs-queue-policy aws:sqs/queuePolicy:QueuePolicy queueUrl: missing-required (required input is not set)",
		"preview: jobs-worker-function aws:lambda/function:Function role: missing-required (required input is not set)",
	}
	if !slices.Equal(errs, want) {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(errs, "\n  "), strings.Join(want, "\n  "))
	}
	if len(advisories) != 0 {
		t.Errorf("advisories: %v, want none", advisories)
	}
}

// TestProviderConfigTypo: a misspelled provider key in the stack file
// reaches the provider's CheckConfig, where the schema catches it.
func TestProviderConfigTypo(t *testing.T) {
	ctx := testContext(t)
	raw, err := os.ReadFile(filepath.Join(repoRoot, "stacks", "Pulumi.edge-dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	raw = append(raw, []byte("  cloudflare:apiTokn: not-a-real-token\n")...)
	providers := startProviders(t)
	env := newEnv(t, "edge-dev", raw, providers)
	s := env.stack(t, ctx, "edge-dev", blueprints.Program)
	out := &Output{}
	engineOp(t, "preview", out, func() (auto.PreviewResult, error) { return s.Preview(ctx, optpreview.ProgressStreams(out)) })
	errs, _ := findings([]phase{{"preview", providers.Records(t)}})
	want := []string{"preview: default_5_49_1 pulumi:providers:cloudflare apiTokn: unknown-property (not an input of this type (did you mean apiToken?))"}
	if !slices.Equal(errs, want) {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(errs, "\n  "), strings.Join(want, "\n  "))
	}
}
