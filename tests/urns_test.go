package tests

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/internal/plan"
)

// released adds the dev stacks' current URNs to the released list; it never
// removes one. Run it when cutting a release, never to make a test pass.
var released = flag.Bool("release", false, "add the dev stacks' current URNs to testdata/released-urns.json")

const (
	releasedFile = "testdata/released-urns.json"
	removedFile  = "testdata/removed-urns.json"
	changelog    = "../CHANGELOG.md"
)

// Removal is a released URN gone on purpose, with the CHANGELOG line that
// tells users.
type Removal struct {
	URN       string `json:"urn"`
	Changelog string `json:"changelog"`
}

// TestReleasedURNsStay: a URN a release deployed must still be there, or be
// an alias of a resource that is (pulumi.Aliases, so Pulumi moves the
// resource instead of replacing it), or be listed as removed on purpose with
// its line in CHANGELOG.md. A renamed queue would otherwise lose its
// messages on the next `pulumi up`.
func TestReleasedURNsStay(t *testing.T) {
	var list map[string][]string
	readJSON(t, releasedFile, &list)
	var removals []Removal
	readJSON(t, removedFile, &removals)
	notes, err := os.ReadFile(changelog)
	if err != nil {
		t.Fatal(err)
	}
	removed := map[string]string{}
	for _, r := range removals {
		if !strings.Contains(string(notes), r.Changelog) {
			t.Errorf("removal of %s cites %q, which CHANGELOG.md does not say", r.URN, r.Changelog)
		}
		removed[r.URN] = r.Changelog
	}
	for _, stack := range goldenStacks {
		r, err := plan.Stack(project(t), stack)
		if err != nil || !r.OK() {
			t.Fatalf("plan %s: %v %v", stack, err, r.Err)
		}
		current, aliasOf := map[string]bool{}, map[string]string{}
		for _, res := range r.Graph.Resources {
			current[res.URN] = true
			for _, a := range r.Graph.AliasURNs(res) {
				aliasOf[a] = res.URN
			}
		}
		for _, u := range list[stack] {
			switch {
			case current[u]:
			case aliasOf[u] != "":
				t.Logf("%s: released %s is now %s, by alias", stack, u, aliasOf[u])
			case removed[u] != "":
			default:
				t.Errorf("%s: released URN %s is gone: Pulumi would delete it and create its successor. Keep the name, "+
					"or give the successor pulumi.Aliases(old name), or list it in %s with its CHANGELOG line", stack, u, removedFile)
			}
		}
		if *released {
			for u := range current {
				if !slices.Contains(list[stack], u) {
					list[stack] = append(list[stack], u)
				}
			}
			slices.Sort(list[stack])
		}
	}
	if *released {
		b, _ := json.MarshalIndent(list, "", "  ")
		if err := os.WriteFile(releasedFile, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		t.Fatalf("%v (the released list is created with go test ./tests -run ReleasedURNs -release)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
