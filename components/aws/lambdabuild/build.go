// Package lambdabuild builds a Go main package into a Lambda deployment
// package for the provided.al2023 runtime on arm64: a reproducible zip
// holding one static `bootstrap`, kept in a cache under its content hash.
// Pure Go (it runs the go command), so tests and tools can build exactly
// what the golambda component deploys.
package lambdabuild

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// BuildDirEnv overrides where built zips are kept (default: the user cache
// directory). Zips are named by their content hash.
const BuildDirEnv = "GROUNDWORK_BUILD_DIR"

const (
	// Architecture: arm64 (Graviton) costs about 20% less per GB-second than
	// x86_64 and Go cross-compiles to it with no cgo.
	Architecture = "arm64"
	// Tags: lambda.norpc drops aws-lambda-go's legacy RPC mode, which
	// provided runtimes never use, for a smaller binary.
	Tags = "lambda.norpc"
)

// Env is the build environment besides the target: no cgo, so the binary is
// static and runs on any provided.al2023 image.
var Env = []string{"CGO_ENABLED=0"}

// Flags are the build flags: the tags, and what makes two builds of the same
// source byte-identical (-trimpath, no VCS stamp, no build id).
var Flags = []string{"-trimpath", "-buildvcs=false", "-tags", Tags, "-ldflags=-s -w -buildid="}

// zipEpoch is the modification time stamped on every zip entry, so the zip
// depends on the binary alone.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Artifact is a deployment package.
type Artifact struct {
	// Path is the zip on disk.
	Path string
	// SHA256 is the hex digest of the zip.
	SHA256 string
	// Size is the zip's size in bytes.
	Size int64
}

// SourceCodeHash is the base64 SHA-256 Lambda compares to decide whether the
// code changed.
func (a Artifact) SourceCodeHash() string {
	b, _ := hex.DecodeString(a.SHA256)
	return base64.StdEncoding.EncodeToString(b)
}

// Version is a short content version, used as service.version.
func (a Artifact) Version() string { return a.SHA256[:12] }

type buildKey struct{ dir, pkg string }

type buildResult struct {
	once sync.Once
	art  Artifact
	err  error
}

var builds sync.Map // buildKey -> *buildResult

// Build compiles a Go main package for provided.al2023 on arm64 and packs it
// as a reproducible zip: -trimpath, no VCS stamp, no build id, fixed zip
// timestamps and modes. One process builds each (dir, package) once.
func Build(ctx context.Context, dir, pkg string) (Artifact, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Artifact{}, err
	}
	v, _ := builds.LoadOrStore(buildKey{abs, pkg}, &buildResult{})
	r := v.(*buildResult)
	r.once.Do(func() { r.art, r.err = build(ctx, abs, pkg) })
	return r.art, r.err
}

func build(ctx context.Context, dir, pkg string) (Artifact, error) {
	key := staticKey(dir, pkg)
	if key != "" {
		if art, ok := cached(key); ok {
			return art, nil
		}
	}
	var in map[string]map[string]string
	if key != "" {
		// What the build reads, hashed before it runs.
		var err error
		if in, err = inputs(ctx, dir, pkg); err != nil {
			key = "" // the build reports the problem; nothing is cached
		}
	}
	art, err := compile(ctx, dir, pkg)
	if err != nil {
		return art, err
	}
	if key != "" {
		_ = record(key, art, in)
	}
	prune()
	return art, nil
}

// compiles counts real compilations, for tests of the cache.
var compiles atomic.Int64

func compile(ctx context.Context, dir, pkg string) (Artifact, error) {
	compiles.Add(1)
	tmp, err := os.MkdirTemp("", "groundwork-build-")
	if err != nil {
		return Artifact{}, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bootstrap")
	cmd := exec.CommandContext(ctx, goTool(), append(append([]string{"build"}, Flags...), "-o", bin, pkg)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOOS=linux", "GOARCH="+Architecture), Env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return Artifact{}, fmt.Errorf("building %s in %s for linux/%s: %v\n%s", pkg, dir, Architecture, err, strings.TrimSpace(stderr.String()))
	}
	data, err := zipBootstrap(bin)
	if err != nil {
		return Artifact{}, err
	}
	return store(data)
}

// goTool is the go command that runs this program when it is on PATH.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

func zipBootstrap(bin string) ([]byte, error) {
	content, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: zipEpoch}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(content); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// store writes the zip under its content hash, once.
func store(data []byte) (Artifact, error) {
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	dir := cacheDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Artifact{}, err
	}
	path := filepath.Join(dir, digest+".zip")
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return Artifact{}, err
		}
		if err := os.Rename(tmp, path); err != nil {
			return Artifact{}, err
		}
	}
	return Artifact{Path: path, SHA256: digest, Size: int64(len(data))}, nil
}

// FromZip describes a prebuilt package.
func FromZip(path string) (Artifact, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Artifact{}, err
	}
	sum := sha256.Sum256(data)
	return Artifact{Path: path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}, nil
}

// Prebuild starts building packages in the background, so the functions of
// a program compile in parallel; New then waits for its package's build.
func Prebuild(ctx context.Context, dir string, pkgs ...string) {
	for _, p := range pkgs {
		go func() { _, _ = Build(ctx, dir, p) }()
	}
}
