package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"

	"github.com/groundwork-iac/groundwork/blueprints"
)

// pending reports a check the kit does not pass today: logged as an
// expected failure, an error once it passes (remove the mark), and an
// error as usual with GROUNDWORK_ENGINE_STRICT=1.
func pending(t *testing.T, reason string, holds bool, detail string) {
	t.Helper()
	switch {
	case holds:
		t.Errorf("now holds; remove the pending mark %q", reason)
	case os.Getenv("GROUNDWORK_ENGINE_STRICT") == "1":
		t.Errorf("pending (%s): %s", reason, detail)
	default:
		t.Logf("EXPECTED FAILURE (pending: %s): %s", reason, detail)
	}
}

// TestMisspelledKeyUnderInlineProgram: stackconfig.Load refuses a
// misspelled groundwork key by reading the whole config from PULUMI_CONFIG,
// which the Go language host sets for `pulumi up`. An inline program gets
// its config in the context and has no PULUMI_CONFIG, so the typo is
// ignored and the default used.
func TestMisspelledKeyUnderInlineProgram(t *testing.T) {
	ctx := testContext(t)
	raw, err := os.ReadFile(filepath.Join(repoRoot, "stacks", "Pulumi.edge-dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	raw = append(raw, []byte("  groundwork:telemetri:\n    sampleRatio: 0.1\n")...)
	providers := startProviders(t)
	env := newEnv(t, "edge-dev", raw, providers)
	s := env.stack(t, ctx, "edge-dev", blueprints.Program)
	out := &Output{}
	_, err = engineTry(t, "preview", out, func() (auto.PreviewResult, error) { return s.Preview(ctx, optpreview.ProgressStreams(out)) })
	const want = "groundwork:telemetri is not a groundwork key"
	holds := err != nil && strings.Contains(out.String()+err.Error(), want)
	if err != nil && !holds {
		t.Fatalf("preview failed for another reason: %v\n%s", err, out.String())
	}
	pending(t, "stackconfig.Load finds unknown keys only through PULUMI_CONFIG, which an Automation API inline program does not have; "+
		"it could list the keys from the context instead", holds,
		"the preview of a stack with groundwork:telemetri succeeded; want it to fail with \""+want+"\"")
}
