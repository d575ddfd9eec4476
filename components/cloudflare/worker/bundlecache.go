package worker

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"
)

// The bundle cache: a bundle is reused when every file esbuild read for it
// (its metafile's inputs, the Worker's sources and the node_modules files
// it pulled in) is unchanged, under a key of the options, the entry, the
// directory and esbuild's version. Entries unused for BundlePruneAfter are
// deleted.
const (
	bundleCacheFormat = "groundwork-worker-bundle-v1"
	// BundleCacheDirEnv overrides where bundles are kept (default: the user
	// cache directory, groundwork/worker).
	BundleCacheDirEnv = "GROUNDWORK_BUNDLE_DIR"
	// BundlePruneAfter: entries unused this long are deleted.
	BundlePruneAfter = 30 * 24 * time.Hour
)

type bundleEntry struct {
	Code   string            `json:"code"`   // sha256 of the module, its file's name
	Inputs map[string]string `json:"inputs"` // path relative to the directory -> sha256
}

func bundleCacheDir() string {
	if d := os.Getenv(BundleCacheDirEnv); d != "" {
		return d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return filepath.Join(cache, "groundwork", "worker")
}

var esbuildVersion = sync.OnceValue(func() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == "github.com/evanw/esbuild" {
				return m.Version
			}
		}
	}
	return "unknown"
})

func bundleKey(abs, entry string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\n%s\n%s\n%s\n%q", bundleCacheFormat, esbuildVersion(), abs, entry, bundleConditions)))
	return hex.EncodeToString(sum[:])
}

// cachedBundle returns the bundle when its inputs are unchanged.
func cachedBundle(abs, key string) ([]byte, bool) {
	dir := bundleCacheDir()
	raw, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return nil, false
	}
	var e bundleEntry
	if json.Unmarshal(raw, &e) != nil || len(e.Inputs) == 0 {
		return nil, false
	}
	for rel, want := range e.Inputs {
		if got, err := fileSum(filepath.Join(abs, rel)); err != nil || got != want {
			return nil, false
		}
	}
	code, err := os.ReadFile(filepath.Join(dir, e.Code+".js"))
	if err != nil {
		return nil, false
	}
	if sum := sha256.Sum256(code); hex.EncodeToString(sum[:]) != e.Code {
		return nil, false
	}
	now := time.Now()
	_ = os.Chtimes(filepath.Join(dir, key+".json"), now, now)
	_ = os.Chtimes(filepath.Join(dir, e.Code+".js"), now, now)
	return code, true
}

// recordBundle stores code and the hashes of the inputs esbuild's metafile
// lists (relative to abs).
func recordBundle(abs, key string, code []byte, metafile string) error {
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return err
	}
	e := bundleEntry{Inputs: map[string]string{}}
	for rel := range meta.Inputs {
		sum, err := fileSum(filepath.Join(abs, rel))
		if err != nil {
			return err // a virtual input: do not cache
		}
		e.Inputs[rel] = sum
	}
	sum := sha256.Sum256(code)
	e.Code = hex.EncodeToString(sum[:])
	dir := bundleCacheDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, body := range map[string][]byte{e.Code + ".js": code} {
		if err := writeAtomic(filepath.Join(dir, name), body); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(e)
	if err := writeAtomic(filepath.Join(dir, key+".json"), b); err != nil {
		return err
	}
	pruneBundles(dir, time.Now())
	return nil
}

// pruneBundles deletes entries and modules unused for BundlePruneAfter.
func pruneBundles(dir string, now time.Time) {
	for _, pattern := range []string{"*.json", "*.js", "*.tmp"} {
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, f := range files {
			if info, err := os.Stat(f); err == nil && now.Sub(info.ModTime()) > BundlePruneAfter {
				_ = os.Remove(f)
			}
		}
	}
}

func fileSum(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
