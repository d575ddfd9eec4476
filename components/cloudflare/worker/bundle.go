package worker

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/evanw/esbuild/pkg/api"
)

// Bundle is a built Worker module.
type Bundle struct {
	// Code is the single ES module.
	Code string
	// SHA256 is the hex digest of Code.
	SHA256 string
	// RawBytes and GzipBytes are its sizes.
	RawBytes, GzipBytes int
}

// KB renders a byte count in KB, or MB from 1 MB up.
func KB(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}

// Build bundles entry (relative to dir) into one minified ES module for
// workerd: the "workerd" and "worker" export conditions, node: and
// cloudflare: imports left to the runtime, no source map, no absolute paths,
// so the same source always gives the same bytes.
func Build(dir, entry string) (Bundle, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Bundle{}, err
	}
	if _, err := os.Stat(filepath.Join(abs, entry)); err != nil {
		return Bundle{}, fmt.Errorf("the Worker's entry file %s does not exist (relative to %s)", entry, abs)
	}
	key := bundleKey(abs, entry)
	if code, ok := cachedBundle(abs, key); ok {
		return measure(code)
	}
	bundles.Add(1)
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{entry},
		AbsWorkingDir:     abs,
		Bundle:            true,
		Write:             false,
		Format:            api.FormatESModule,
		Platform:          api.PlatformNeutral,
		Target:            api.ES2022,
		Conditions:        bundleConditions,
		MainFields:        []string{"module", "main"},
		External:          []string{"node:*", "cloudflare:*"},
		MinifyWhitespace:  true,
		MinifySyntax:      true,
		MinifyIdentifiers: true,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		Outfile:           "worker.js",
		LogLevel:          api.LogLevelSilent,
		Metafile:          true,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			loc := ""
			if m.Location != nil {
				loc = fmt.Sprintf("%s:%d: ", m.Location.File, m.Location.Line)
			}
			msgs = append(msgs, loc+m.Text)
		}
		hint := ""
		if strings.Contains(strings.Join(msgs, " "), "Could not resolve") {
			hint = fmt.Sprintf("; install the Worker's dependencies first: npm ci --prefix %s", packageDir(dir, entry))
		}
		return Bundle{}, fmt.Errorf("bundling %s: %s%s", entry, strings.Join(msgs, "; "), hint)
	}
	var code []byte
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			code = f.Contents
		}
	}
	if code == nil {
		return Bundle{}, errors.New("bundling produced no JavaScript")
	}
	_ = recordBundle(abs, key, code, res.Metafile) // a cache miss next time, at worst
	return measure(code)
}

// bundleConditions are the export conditions the bundle resolves with.
var bundleConditions = []string{"workerd", "worker", "browser", "import"}

// bundles counts real bundlings, for tests of the cache.
var bundles atomic.Int64

// packageDir is the nearest directory above the entry with a package.json.
func packageDir(dir, entry string) string {
	for d := filepath.Dir(filepath.Join(dir, entry)); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "package.json")); err == nil {
			return d
		}
		if d == filepath.Dir(d) || d == "." {
			return filepath.Dir(filepath.Join(dir, entry))
		}
	}
}

func measure(code []byte) (Bundle, error) {
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
	if _, err := w.Write(code); err != nil {
		return Bundle{}, err
	}
	if err := w.Close(); err != nil {
		return Bundle{}, err
	}
	sum := sha256.Sum256(code)
	return Bundle{Code: string(code), SHA256: hex.EncodeToString(sum[:]), RawBytes: len(code), GzipBytes: gz.Len()}, nil
}

// Check compares a bundle with the plan's limits and the startup budget:
// err when a platform limit is exceeded (the deploy would fail), warning
// when only the kit's budget is.
func (b Bundle) Check(plan string, gzipLimit, maxBundleKB int) (warning string, err error) {
	switch {
	case b.GzipBytes > gzipLimit:
		return "", fmt.Errorf("the bundle is %s gzipped, over the %s limit of the Workers %s plan (as of %s); remove heavy dependencies or move to the paid plan",
			KB(b.GzipBytes), KB(gzipLimit), plan, LimitsCheckedOn)
	case b.RawBytes > RawLimitBytes:
		return "", fmt.Errorf("the bundle is %s uncompressed, over the %s limit (as of %s); remove heavy dependencies",
			KB(b.RawBytes), KB(RawLimitBytes), LimitsCheckedOn)
	case b.GzipBytes > maxBundleKB*1024:
		return fmt.Sprintf("the bundle is %s gzipped, over the startup budget of %d KB: every KB is parsed on a cold start; trim dependencies or raise maxBundleKB",
			KB(b.GzipBytes), maxBundleKB), nil
	}
	return "", nil
}
