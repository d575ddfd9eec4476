package schemagen

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

// The committed schemas are what the generator makes from the pinned SDKs
// and the full cloudflare schema: regenerate with `go generate` in
// tests/engine when this fails.
func TestCommittedSchemasAreGenerated(t *testing.T) {
	for _, tc := range []struct {
		file   string
		module string
		derive func(string) (*schema.Package, error)
	}{
		{"aws.json", AWSModule, AWS},
		{"gcp.json", GCPModule, GCP},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dir, err := ModuleDir(tc.module)
			if err != nil {
				t.Skipf("the SDK is not in the module cache: %v", err)
			}
			p, err := tc.derive(dir)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, tc.file, p)
		})
	}
	t.Run("cloudflare.json", func(t *testing.T) {
		path := filepath.Join("..", "..", "..", DefaultCloudflareSchema)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Skipf("no full cloudflare schema beside the repository: %v", err)
		}
		p, err := Cloudflare(raw, path)
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "cloudflare.json", p)
	})
}

func compare(t *testing.T, file string, p *schema.Package) {
	t.Helper()
	got, err := schema.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "schemas", file))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schemas/%s differs from what the generator makes (%d bytes, committed %d): run go generate in tests/engine", file, len(got), len(want))
	}
}

// The generator's versions are the ones the kit pins in its root go.mod and
// the ones this module builds with.
func TestVersionsArePinned(t *testing.T) {
	root, err := os.ReadFile(filepath.Join("..", "..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for module, version := range map[string]string{AWSModule: AWSVersion, GCPModule: GCPVersion, CloudflareModule: CloudflareVersion} {
		if !strings.Contains(string(root), module+" v"+version+"\n") {
			t.Errorf("root go.mod does not require %s v%s", module, version)
		}
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", module).Output()
		if err != nil {
			t.Fatalf("go list -m %s: %v", module, err)
		}
		if got := strings.TrimSpace(string(out)); got != "v"+version {
			t.Errorf("tests/engine builds with %s %s, want v%s", module, got, version)
		}
	}
}

// What the extractor reads from the SDK source, for resources the kit uses.
func TestExtractedFacts(t *testing.T) {
	dir, err := ModuleDir(AWSModule)
	if err != nil {
		t.Skipf("the SDK is not in the module cache: %v", err)
	}
	p, err := AWS(dir)
	if err != nil {
		t.Fatal(err)
	}
	fn := p.Resources["aws:lambda/function:Function"]
	if fn == nil {
		t.Fatal("no aws:lambda/function:Function")
	}
	if got := strings.Join(fn.RequiredInputs, ","); got != "role" {
		t.Errorf("Function requires %s, want role", got)
	}
	if s := fn.InputProperties["loggingConfig"]; s == nil || s.Ref != "#/types/aws:lambda/FunctionLoggingConfig:FunctionLoggingConfig" {
		t.Errorf("loggingConfig is %+v", s)
	}
	if s := fn.InputProperties["runtime"]; s == nil || len(s.OneOf) != 2 || s.OneOf[1].Ref != "#/types/aws:lambda/Runtime:Runtime" {
		t.Errorf("runtime is %+v, want a string or the Runtime enum", s)
	}
	if lc := p.Types["aws:lambda/FunctionLoggingConfig:FunctionLoggingConfig"]; lc == nil || strings.Join(lc.Required, ",") != "logFormat" {
		t.Errorf("FunctionLoggingConfig is %+v, want logFormat required", lc)
	}
	if q := p.Resources["aws:sqs/queuePolicy:QueuePolicy"]; q == nil || strings.Join(q.RequiredInputs, ",") != "policy,queueUrl" {
		t.Errorf("QueuePolicy is %+v", q)
	}
	if p.Provider == nil || p.Provider.InputProperties["region"] == nil {
		t.Error("the provider's config has no region")
	}
	if p.Functions["aws:index/getCallerIdentity:getCallerIdentity"] == nil {
		t.Error("no getCallerIdentity function")
	}
}
