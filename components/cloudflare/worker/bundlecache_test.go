package worker

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestTheBundleCacheReusesUnchangedSources(t *testing.T) {
	t.Setenv(BundleCacheDirEnv, t.TempDir())
	dir := t.TempDir()
	for _, f := range []string{"index.ts", "greet.ts", "package.json"} {
		b, err := os.ReadFile(filepath.Join("testdata/hello", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	count := func() (Bundle, int64) {
		t.Helper()
		before := bundles.Load()
		b, err := Build(dir, "index.ts")
		if err != nil {
			t.Fatal(err)
		}
		return b, bundles.Load() - before
	}
	first, n := count()
	if n != 1 {
		t.Fatalf("first build bundled %d times", n)
	}
	if again, n := count(); n != 0 || again != first {
		t.Errorf("unchanged sources: bundled %d times, bundle equal %v", n, again == first)
	}
	// An imported file changes: bundled again, and the new code is served.
	if err := os.WriteFile(filepath.Join(dir, "greet.ts"), []byte("export function greet(p: string): string { return `hi ${p}`; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, n := count()
	if n != 1 || changed.SHA256 == first.SHA256 {
		t.Errorf("a changed import: bundled %d times, digest changed %v", n, changed.SHA256 != first.SHA256)
	}
	if _, n := count(); n != 0 {
		t.Error("the changed bundle was not cached")
	}
	// Old entries go.
	old := time.Now().Add(-BundlePruneAfter - time.Hour)
	stale := filepath.Join(os.Getenv(BundleCacheDirEnv), "stale.json")
	_ = os.WriteFile(stale, []byte("{}"), 0o644)
	_ = os.Chtimes(stale, old, old)
	pruneBundles(os.Getenv(BundleCacheDirEnv), time.Now())
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale entry was kept")
	}
}
