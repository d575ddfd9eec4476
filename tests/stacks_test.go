package tests

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/internal/plan"
)

var update = flag.Bool("update", false, "rewrite golden files")

func project(t *testing.T) plan.Project {
	t.Helper()
	p, err := plan.FindProject("..")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEveryStackFilePlansCleanly(t *testing.T) {
	p := project(t)
	stacks, err := p.Stacks()
	if err != nil || len(stacks) == 0 {
		t.Fatalf("stacks = %v, %v", stacks, err)
	}
	for _, s := range stacks {
		t.Run(s, func(t *testing.T) {
			r, err := plan.Stack(p, s)
			if err != nil {
				t.Fatal(err)
			}
			if r.Err != nil {
				t.Fatalf("plan failed:\n%v", r.Err)
			}
			for _, v := range r.Violations {
				t.Errorf("invariant: %s", v)
			}
			if len(r.Secrets()) == 0 {
				t.Log("stack has no plain secrets to check for")
			}
			var text, js bytes.Buffer
			r.Text(&text)
			if err := r.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			for _, sec := range r.Secrets() {
				if strings.Contains(text.String(), sec) || strings.Contains(js.String(), sec) {
					t.Errorf("plan output contains a configured secret (%d chars)", len(sec))
				}
			}
		})
	}
}

var (
	serviceVersion = regexp.MustCompile(`service\.version=[0-9a-f]{12}`)
	zipPath        = regexp.MustCompile(`"archive": "[^"]*\.zip"`)
	sourceHash     = regexp.MustCompile(`"sourceCodeHash": "[A-Za-z0-9+/=]{44}"`)
	bundleDigest   = regexp.MustCompile(`\[\d+ bytes sha256:[0-9a-f]{64}\]`)
)

// normalize replaces what depends on the workload's bytes and the machine:
// the artifact hashes (Lambda zips, the Worker bundle) and the build cache path.
func normalize(js []byte) []byte {
	js = serviceVersion.ReplaceAll(js, []byte("service.version=<artifact>"))
	js = zipPath.ReplaceAll(js, []byte(`"archive": "<bootstrap.zip>"`))
	js = bundleDigest.ReplaceAll(js, []byte(`[bundle]`))
	return sourceHash.ReplaceAll(js, []byte(`"sourceCodeHash": "<sha256>"`))
}

// goldenStacks have their whole graph pinned.
var goldenStacks = []string{"jobs-dev", "api-dev", "edge-dev"}

func TestGoldenGraphs(t *testing.T) {
	for _, stack := range goldenStacks {
		t.Run(stack, func(t *testing.T) { golden(t, stack) })
	}
}

func golden(t *testing.T, stack string) {
	r, err := plan.Stack(project(t), stack)
	if err != nil || !r.OK() {
		t.Fatalf("plan: %v %v", err, r.Err)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	got := normalize(buf.Bytes())
	if !json.Valid(got) {
		t.Fatal("normalized plan is not JSON")
	}
	path := filepath.Join("testdata", stack+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s graph drifted from %s at line %d:\n got: %s\nwant: %s\n(rerun with -update if the change is intended)", stack, path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s graph drifted from %s: %d lines vs %d (rerun with -update if intended)", stack, path, len(gl), len(wl))
	}
}
