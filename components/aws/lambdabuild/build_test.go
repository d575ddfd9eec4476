package lambdabuild

import (
	"archive/zip"
	"bytes"
	"context"
	"debug/elf"
	"os"
	"strings"
	"testing"
)

func TestBuildIsReproducible(t *testing.T) {
	t.Setenv(BuildDirEnv, t.TempDir())
	// Two real compilations (not the cache): the same bytes.
	a, err := compile(context.Background(), "../golambda", "./testdata/hello")
	if err != nil {
		t.Fatal(err)
	}
	b, err := compile(context.Background(), "../golambda", "./testdata/hello")
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 != b.SHA256 || a.Path != b.Path {
		t.Fatalf("two builds of unchanged code differ: %s vs %s", a.SHA256, b.SHA256)
	}
	data, err := os.ReadFile(a.Path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "bootstrap" {
		t.Fatalf("zip entries = %v, want only bootstrap", zr.File)
	}
	h := zr.File[0]
	if h.Mode().Perm() != 0o755 || !h.Modified.Equal(zipEpoch) {
		t.Errorf("bootstrap mode %v modified %v, want 0755 at %v", h.Mode(), h.Modified, zipEpoch)
	}
	rc, _ := h.Open()
	bin := new(bytes.Buffer)
	_, _ = bin.ReadFrom(rc)
	ef, err := elf.NewFile(bytes.NewReader(bin.Bytes()))
	if err != nil {
		t.Fatalf("bootstrap is not ELF: %v", err)
	}
	if ef.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap machine = %v, want arm64", ef.Machine)
	}
}

func TestBuildFailureNamesThePackage(t *testing.T) {
	_, err := build(context.Background(), "../golambda", "./testdata/missing")
	if err == nil || !strings.Contains(err.Error(), "building ./testdata/missing") {
		t.Fatalf("err = %v, want one naming the package", err)
	}
}
