package lambdabuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// The content cache: a build is skipped when nothing it is made of
// changed. Its key has two parts. The static part, computed without asking
// the go command about packages: the cache format, the toolchain version,
// the target, the build flags, the package and the module's go.mod and
// go.sum (the dependencies, by version and hash). The inputs part, recorded
// at build time: every directory of the main module (or of a module
// replaced by a local directory) the package depends on, with the hash of
// each of its Go files and embedded files. A warm check re-hashes those
// directories, so a touched, added or removed file there rebuilds, and a
// file elsewhere does not.
const (
	cacheFormat = "groundwork-lambda-cache-v1"
	// PruneAfter: entries unused this long are deleted, zip and key.
	PruneAfter = 30 * 24 * time.Hour
	// MaxEntries bounds the cache; the least recently used go first.
	MaxEntries = 64
	// orphanZipAge: a zip no key names is kept this long, since a build in
	// another process may be about to record it.
	orphanZipAge = 24 * time.Hour
	// staleTmpAge: a temporary file this old belongs to no live build (a
	// build takes minutes at most) and was left by one that was killed.
	staleTmpAge = time.Hour
)

// entry is a key file: the zip's digest and what the build read.
type entry struct {
	Zip    string                       `json:"zip"`
	Inputs map[string]map[string]string `json:"inputs"` // dir -> file -> sha256
}

func cacheDir() string {
	dir := os.Getenv(BuildDirEnv)
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir()
		}
		dir = filepath.Join(cache, "groundwork", "lambda")
	}
	return dir
}

var goVersion = sync.OnceValues(func() (string, error) {
	out, err := exec.Command(goTool(), "env", "GOVERSION").Output()
	return strings.TrimSpace(string(out)), err
})

// staticKey is the key's static part, or "" when the module cannot be found
// (then nothing is cached).
func staticKey(dir, pkg string) string {
	version, err := goVersion()
	if err != nil || version == "" {
		return ""
	}
	mod := moduleRoot(dir)
	if mod == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\nlinux/%s\n%q\n%q\n%s\n%s\n", cacheFormat, version, Architecture, Env, Flags, dir, pkg)
	for _, f := range []string{"go.mod", "go.sum"} {
		b, _ := os.ReadFile(filepath.Join(mod, f))
		sum := sha256.Sum256(b)
		fmt.Fprintf(h, "%s %x\n", f, sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func moduleRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}

// cached returns the artifact of a build whose inputs are unchanged.
func cached(key string) (Artifact, bool) {
	dir := cacheDir()
	raw, err := os.ReadFile(filepath.Join(dir, "keys", key+".json"))
	if err != nil {
		return Artifact{}, false
	}
	var e entry
	if json.Unmarshal(raw, &e) != nil || len(e.Inputs) == 0 {
		return Artifact{}, false
	}
	for d, files := range e.Inputs {
		now, err := hashDir(d, slices.Collect(maps.Keys(files)))
		if err != nil || !maps.Equal(now, files) {
			return Artifact{}, false
		}
	}
	zip := filepath.Join(dir, e.Zip+".zip")
	info, err := os.Stat(zip)
	if err != nil {
		return Artifact{}, false
	}
	now := time.Now()
	_ = os.Chtimes(zip, now, now)
	_ = os.Chtimes(filepath.Join(dir, "keys", key+".json"), now, now)
	return Artifact{Path: zip, SHA256: e.Zip, Size: info.Size()}, true
}

// inputs lists, for the package built in dir, the local directories it
// depends on with their files' hashes.
func inputs(ctx context.Context, dir, pkg string) (map[string]map[string]string, error) {
	const tmpl = `{{with .Module}}{{if or .Main (and .Replace (not .Replace.Version))}}{{$.Dir}}` + "\t" + `{{join $.EmbedFiles ","}}` + "\n" + `{{end}}{{end}}`
	cmd := exec.CommandContext(ctx, goTool(), "list", "-deps", "-tags", Tags, "-f", tmpl, pkg)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOOS=linux", "GOARCH="+Architecture), Env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps %s: %v: %s", pkg, err, strings.TrimSpace(stderr.String()))
	}
	in := map[string]map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		d, embeds, ok := strings.Cut(line, "\t")
		if !ok || d == "" {
			continue
		}
		var extra []string
		if embeds != "" {
			extra = strings.Split(embeds, ",")
		}
		files, err := hashDir(d, extra)
		if err != nil {
			return nil, err
		}
		in[d] = files
	}
	return in, nil
}

// hashDir hashes a package directory's non-test Go files and the other
// files named (embedded ones; a name of the recorded set that is not a Go
// file).
func hashDir(d string, named []string) (map[string]string, error) {
	names, err := filepath.Glob(filepath.Join(d, "*.go"))
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, n := range names {
		if base := filepath.Base(n); !strings.HasSuffix(base, "_test.go") {
			set[base] = true
		}
	}
	for _, n := range named {
		if !strings.HasSuffix(n, ".go") {
			set[n] = true
		}
	}
	out := make(map[string]string, len(set))
	for n := range set {
		b, err := os.ReadFile(filepath.Join(d, n))
		if err != nil {
			out[n] = "missing"
			continue
		}
		sum := sha256.Sum256(b)
		out[n] = hex.EncodeToString(sum[:])
	}
	return out, nil
}

func record(key string, art Artifact, in map[string]map[string]string) error {
	dir := filepath.Join(cacheDir(), "keys")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(entry{Zip: art.SHA256, Inputs: in})
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, key+".json.tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, key+".json"))
}

var pruneOnce sync.Once

// prune deletes, once per process, entries unused for PruneAfter, the
// least recently used beyond MaxEntries, zips no key names any more, and
// stray temporary files.
func prune() {
	pruneOnce.Do(func() { _ = Prune(cacheDir(), time.Now()) })
}

// Prune applies the cache's limits to dir as of now.
func Prune(dir string, now time.Time) error {
	keyFiles, _ := filepath.Glob(filepath.Join(dir, "keys", "*.json"))
	type item struct {
		path string
		used time.Time
		zip  string
	}
	var live []item
	for _, k := range keyFiles {
		info, err := os.Stat(k)
		if err != nil {
			continue
		}
		var e entry
		raw, _ := os.ReadFile(k)
		if json.Unmarshal(raw, &e) != nil || now.Sub(info.ModTime()) > PruneAfter {
			_ = os.Remove(k)
			continue
		}
		live = append(live, item{k, info.ModTime(), e.Zip})
	}
	sort.Slice(live, func(i, j int) bool { return live[i].used.After(live[j].used) })
	if len(live) > MaxEntries {
		for _, it := range live[MaxEntries:] {
			_ = os.Remove(it.path)
		}
		live = live[:MaxEntries]
	}
	keep := map[string]bool{}
	for _, it := range live {
		keep[it.zip+".zip"] = true
	}
	zips, _ := filepath.Glob(filepath.Join(dir, "*.zip"))
	for _, z := range zips {
		info, err := os.Stat(z)
		if err == nil && !keep[filepath.Base(z)] && now.Sub(info.ModTime()) > orphanZipAge {
			_ = os.Remove(z)
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	moreTmps, _ := filepath.Glob(filepath.Join(dir, "keys", "*.tmp"))
	for _, t := range append(tmps, moreTmps...) {
		if info, err := os.Stat(t); err == nil && now.Sub(info.ModTime()) > staleTmpAge {
			_ = os.Remove(t)
		}
	}
	return nil
}
