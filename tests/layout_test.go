package tests

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxFileLines bounds every non-test Go file of the kit's library code, so a
// file stays readable in one sitting and a growing one gets split by topic.
const maxFileLines = 300

// TestLibraryFilesStaySmall fails when a non-test Go file in the library
// packages grows past maxFileLines.
func TestLibraryFilesStaySmall(t *testing.T) {
	for _, dir := range []string{"components", "blueprints", "stackconfig", "internal"} {
		err := filepath.WalkDir(filepath.Join("..", dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if n := bytes.Count(data, []byte("\n")); n > maxFileLines {
				t.Errorf("%s has %d lines, more than %d: split it by topic (validate.go, defaults.go, one file per child group)", path, n, maxFileLines)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestPurePackagesImportNoCloudSDK fails when cost, recommend or the
// blueprint catalog pull in a cloud provider's SDK: they run offline and are
// imported by programs that must not carry one.
func TestPurePackagesImportNoCloudSDK(t *testing.T) {
	pkgs := []string{"../cost", "../recommend", "../catalog"}
	out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		dep := sc.Text()
		for _, sdk := range []string{"github.com/pulumi/pulumi-aws", "github.com/pulumi/pulumi-gcp", "github.com/pulumi/pulumi-cloudflare", "github.com/aws/aws-sdk-go", "cloud.google.com/go"} {
			if strings.HasPrefix(dep, sdk) {
				t.Errorf("%v depend on %s", pkgs, dep)
			}
		}
	}
}
