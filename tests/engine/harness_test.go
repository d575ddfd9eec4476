package engine

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/tests/engine/standin"
)

// CLIVersion is the Pulumi CLI the tests run: the version of the SDK the
// kit pins (root go.mod), built by tests/engine/run.
const CLIVersion = "3.274.1"

// Passphrase encrypts the test stacks' secrets (file backend, passphrase
// secrets provider).
const Passphrase = "groundwork-engine-tests"

// repoRoot is the repository root; TestMain makes it the working
// directory, because the Lambda builds are relative to it.
var repoRoot string

func TestMain(m *testing.M) {
	root, err := filepath.Abs("../..")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	repoRoot = root
	if err := os.Chdir(root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(standinDir)
	os.Exit(code)
}

// CLIRoot is where tests/engine/run caches the CLI (bin/pulumi below it);
// GROUNDWORK_PULUMI_CLI_ROOT overrides it.
func CLIRoot() string {
	if d := os.Getenv("GROUNDWORK_PULUMI_CLI_ROOT"); d != "" {
		return d
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "groundwork", "pulumi-cli", "v"+CLIVersion)
}

// cli returns the cached CLI, failing the test (never skipping) when it is
// missing: tests/engine/run builds it.
func cli(t *testing.T) auto.PulumiCommand {
	t.Helper()
	root := CLIRoot()
	if _, err := os.Stat(filepath.Join(root, "bin", "pulumi")); err != nil {
		t.Fatalf("no Pulumi CLI at %s: run tests/engine/run, which builds v%s once and caches it (%v)", root, CLIVersion, err)
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root, Version: semver.MustParse(CLIVersion)})
	if err != nil {
		t.Fatal(err)
	}
	if got := cmd.Version().String(); got != CLIVersion {
		t.Fatalf("Pulumi CLI at %s is v%s, want exactly v%s (the SDK's version); delete it and rerun tests/engine/run", root, got, CLIVersion)
	}
	return cmd
}

var (
	standinOnce sync.Once
	standinDir  string
	standinBin  string
	standinErr  error
)

// standinBinary builds the stand-in provider once per test run.
func standinBinary(t *testing.T) string {
	t.Helper()
	standinOnce.Do(func() {
		standinDir, standinErr = os.MkdirTemp("", "groundwork-standin-")
		if standinErr != nil {
			return
		}
		standinBin = filepath.Join(standinDir, "standin")
		cmd := exec.Command("go", "build", "-o", standinBin, "./cmd/standin")
		cmd.Dir = filepath.Join(repoRoot, "tests", "engine")
		if out, err := cmd.CombinedOutput(); err != nil {
			standinErr = fmt.Errorf("go build ./cmd/standin: %v\n%s", err, out)
		}
	})
	if standinErr != nil {
		t.Fatal(standinErr)
	}
	return standinBin
}

// Providers are the three stand-in provider processes of one test.
type Providers struct {
	Dir   string // where each writes NAME.jsonl
	Ports map[string]int
}

// Packages are the providers the blueprints use.
var Packages = []string{"aws", "gcp", "cloudflare"}

// startProviders starts one stand-in per package and stops them when the
// test ends.
func startProviders(t *testing.T) *Providers {
	t.Helper()
	bin := standinBinary(t)
	p := &Providers{Dir: t.TempDir(), Ports: map[string]int{}}
	for _, pkg := range Packages {
		cmd := exec.Command(bin, "-schema", filepath.Join(repoRoot, "tests", "engine", "schemas", pkg+".json"),
			"-record", filepath.Join(p.Dir, pkg+".jsonl"))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		dieWithParent(cmd)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil {
			t.Fatalf("stand-in %s printed no port: %v", pkg, err)
		}
		var port int
		if _, err := fmt.Sscanf(line, "%d", &port); err != nil {
			t.Fatalf("stand-in %s printed %q, want its port", pkg, line)
		}
		p.Ports[pkg] = port
	}
	return p
}

// DebugProviders is the PULUMI_DEBUG_PROVIDERS value that attaches them.
func (p *Providers) DebugProviders() string {
	var parts []string
	for _, pkg := range Packages {
		parts = append(parts, fmt.Sprintf("%s:%d", pkg, p.Ports[pkg]))
	}
	return strings.Join(parts, ",")
}

// Records returns every record so far, the three providers' merged, in
// the order they started.
func (p *Providers) Records(t *testing.T) []standin.Record {
	t.Helper()
	var all []standin.Record
	for _, pkg := range Packages {
		recs, err := standin.ReadRecords(filepath.Join(p.Dir, pkg+".jsonl"))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, recs...)
	}
	sortRecords(all)
	return all
}

// Env is a test stack's surroundings: the file backend, an empty
// PULUMI_HOME, the work dir holding copies of Pulumi.yaml and the stack file.
type Env struct {
	Backend, Home, Work string
	StackFile           string
	Vars                map[string]string
}

// newEnv writes a copy of Pulumi.yaml and the given stack file text (the
// CLI writes encryptionsalt into the stack file, so never the original)
// into a fresh work dir.
func newEnv(t *testing.T, stack string, stackYAML []byte, providers *Providers) *Env {
	t.Helper()
	base := t.TempDir()
	e := &Env{Backend: filepath.Join(base, "backend"), Home: filepath.Join(base, "home"), Work: filepath.Join(base, "work")}
	for _, d := range []string{e.Backend, e.Home, filepath.Join(e.Work, "stacks")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	project, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.Work, "Pulumi.yaml"), project, 0o644); err != nil {
		t.Fatal(err)
	}
	e.StackFile = filepath.Join(e.Work, "stacks", "Pulumi."+stack+".yaml")
	if err := os.WriteFile(e.StackFile, stackYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	e.Vars = map[string]string{
		"PULUMI_BACKEND_URL":       "file://" + e.Backend,
		"PULUMI_CONFIG_PASSPHRASE": Passphrase,
		"PULUMI_HOME":              e.Home,
		"PULUMI_SKIP_UPDATE_CHECK": "true",
		// Nothing downloads: the stand-ins are attached, not installed.
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
	}
	if providers != nil {
		e.Vars["PULUMI_DEBUG_PROVIDERS"] = providers.DebugProviders()
	}
	return e
}

// stack creates the stack for an inline program in the env.
func (e *Env) stack(t *testing.T, ctx context.Context, name string, program pulumi.RunFunc) auto.Stack {
	t.Helper()
	s, err := auto.UpsertStackInlineSource(ctx, name, "groundwork", program,
		auto.WorkDir(e.Work), auto.PulumiHome(e.Home), auto.EnvVars(e.Vars), auto.Pulumi(cli(t)))
	if err != nil {
		t.Fatalf("create stack %s: %v", name, err)
	}
	return s
}

// testContext is the context for one test's engine operations: a program
// that hangs (an output that never resolves) fails the test with the
// engine's output instead of running into go test's timeout.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Output collects the engine's progress output; it may be read while the
// engine still writes.
type Output struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *Output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// OpTimeout bounds one engine operation. A program that never returns (an
// output that never resolves) keeps the Automation API waiting whatever
// its context says: its language host waits for the program.
const OpTimeout = 4 * time.Minute

// engineTry runs one engine operation and returns its result and error,
// failing the test only when it does not return within OpTimeout.
func engineTry[R any](t *testing.T, what string, out *Output, f func() (R, error)) (R, error) {
	t.Helper()
	type result struct {
		r   R
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := f()
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		return res.r, res.err
	case <-time.After(OpTimeout):
		t.Fatalf("%s did not return within %s: the program never finished (an output that never resolves?)\n%s", what, OpTimeout, out)
	}
	panic("unreachable")
}

// engineOp is engineTry that also fails the test on an error.
func engineOp[R any](t *testing.T, what string, out *Output, f func() (R, error)) R {
	t.Helper()
	r, err := engineTry(t, what, out, f)
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, out)
	}
	return r
}
