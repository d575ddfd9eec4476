package lambdabuild

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// module writes a small module: a main package importing a local one, and a
// file the package does not depend on.
func module(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":          "module example.com/fn\n\ngo 1.24\n",
		"go.sum":          "",
		"cmd/fn/main.go":  "package main\n\nimport \"example.com/fn/lib\"\n\nfunc main() { println(lib.Name) }\n",
		"lib/lib.go":      "package lib\n\n// Name is printed.\nconst Name = \"one\"\n",
		"lib/lib_test.go": "package lib\n",
		"other/other.go":  "package other\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// build builds ./cmd/fn and returns how many compilations it took.
func buildCounting(t *testing.T, dir string) (Artifact, int64) {
	t.Helper()
	before := compiles.Load()
	art, err := build(context.Background(), dir, "./cmd/fn")
	if err != nil {
		t.Fatal(err)
	}
	return art, compiles.Load() - before
}

func TestTheCacheSkipsWhatDidNotChange(t *testing.T) {
	t.Setenv(BuildDirEnv, t.TempDir())
	dir := module(t)
	first, n := buildCounting(t, dir)
	if n != 1 {
		t.Fatalf("first build compiled %d times, want 1", n)
	}
	if again, n := buildCounting(t, dir); n != 0 || again != first {
		t.Errorf("unchanged: %d compilations, artifact %+v vs %+v; want the cached one", n, again, first)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Files the package does not depend on, and its tests, change nothing.
	write("other/other.go", "package other\n\n// changed\n")
	write("lib/lib_test.go", "package lib\n\n// changed\n")
	if _, n := buildCounting(t, dir); n != 0 {
		t.Errorf("a file outside the package's dependencies rebuilt it")
	}
	for _, change := range []struct{ what, name, body string }{
		{"a dependency's file", "lib/lib.go", "package lib\n\n// Name is printed.\nconst Name = \"two\"\n"},
		{"a new file in a dependency", "lib/more.go", "package lib\n\nvar More = 1\n"},
		{"the module's go.sum", "go.sum", "example.org/x v1.0.0 h1:AAAA=\n"},
	} {
		write(change.name, change.body)
		if _, n := buildCounting(t, dir); n != 1 {
			t.Errorf("%s changed: %d compilations, want 1", change.what, n)
		}
		if _, n := buildCounting(t, dir); n != 0 {
			t.Errorf("after %s: a second build compiled again", change.what)
		}
	}
}

func TestPruneDropsOldAndExcessEntries(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(BuildDirEnv, dir)
	now := time.Now()
	old := now.Add(-PruneAfter - time.Hour)
	mk := func(name string, body string, at time.Time) string {
		path := filepath.Join(dir, name)
		_ = os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_ = os.Chtimes(path, at, at)
		return path
	}
	fresh := mk("keys/fresh.json", `{"zip":"aaa","inputs":{"/x":{}}}`, now)
	freshZip := mk("aaa.zip", "z", now.Add(-48*time.Hour))
	stale := mk("keys/stale.json", `{"zip":"bbb","inputs":{"/x":{}}}`, old)
	staleZip := mk("bbb.zip", "z", old)
	orphanNew := mk("ccc.zip", "z", now)
	strayTmp := mk("ddd.zip.tmp", "z", now.Add(-2*time.Hour))
	for i := range MaxEntries + 3 {
		at := now.Add(-time.Duration(i+1) * time.Minute)
		mk("keys/k"+string(rune('a'+i%26))+string(rune('a'+i/26))+".json", `{"zip":"eee","inputs":{"/x":{}}}`, at)
	}
	if err := Prune(dir, now); err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	if !exists(fresh) || !exists(freshZip) {
		t.Error("a fresh entry was pruned")
	}
	if exists(stale) || exists(staleZip) {
		t.Error("an entry unused for PruneAfter was kept")
	}
	if !exists(orphanNew) {
		t.Error("a zip written within the day was pruned")
	}
	if exists(strayTmp) {
		t.Error("a stray temporary file was kept")
	}
	if keys, _ := filepath.Glob(filepath.Join(dir, "keys", "*.json")); len(keys) != MaxEntries {
		t.Errorf("%d keys kept, want %d", len(keys), MaxEntries)
	}
}
