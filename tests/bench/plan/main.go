// Command plan measures `groundwork plan` of each dev stack as users run
// it: the built binary and `go run ./cmd/groundwork`, each cold (the kit's
// build caches empty; Go's own build cache warm), warm (the caches full)
// and warm after one workload source file of the stack changed. It prints
// a table per round and the median and spread (min-max) across rounds;
// the order of the two invocations alternates between rounds.
//
//	go run ./tests/bench/plan -rounds 3
//
// It is a program, not a test: timings belong in tables, never in
// assertions. It changes one file per stack for the "touched" case (one
// comment line appended) and restores its bytes afterwards, also on
// Ctrl-C.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
)

// touched is, per stack, the source file the "touched" case changes: one
// the stack's build reads (a Lambda's package, the Worker's module).
var touched = map[string]string{
	"jobs-dev": "workloads/jobs/internal/worker/worker.go",
	"api-dev":  "blueprints/api/doc.go", // no build: a file of the CLI itself
	"edge-dev": "workloads/edge/src/app.ts",
}

var stacks = []string{"jobs-dev", "api-dev", "edge-dev"}

type cell struct{ stack, how, state string }

func main() {
	rounds := flag.Int("rounds", 3, "rounds; the invocation order alternates")
	flag.Parse()
	root, err := os.Getwd()
	check(err)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		fail("run from the repository root")
	}
	caches, err := os.MkdirTemp("", "groundwork-plan-bench-")
	check(err)
	defer os.RemoveAll(caches)
	bin := filepath.Join(caches, "groundwork")
	build := exec.Command("go", "build", "-o", bin, "./cmd/groundwork")
	build.Stderr = os.Stderr
	check(build.Run())
	restore := guard()
	defer restore()

	results := map[cell][]time.Duration{}
	for r := 1; r <= *rounds; r++ {
		order := []string{"binary", "go run"}
		if r%2 == 0 {
			slices.Reverse(order)
		}
		fmt.Printf("round %d of %d, %s first; load %s\n", r, *rounds, order[0], loadavg())
		for _, stack := range stacks {
			for _, how := range order {
				env := []string{"GROUNDWORK_BUILD_DIR=" + filepath.Join(caches, how, "lambda"), "GROUNDWORK_BUNDLE_DIR=" + filepath.Join(caches, how, "worker")}
				_ = os.RemoveAll(filepath.Join(caches, how))
				for _, state := range []string{"cold", "warm", "touched"} {
					if state == "touched" {
						touch(filepath.Join(root, touched[stack]), fmt.Sprintf("round %d %s", r, how))
					}
					d := run(root, bin, how, stack, env)
					results[cell{stack, how, state}] = append(results[cell{stack, how, state}], d)
					if state == "touched" {
						restore()
					}
				}
			}
		}
	}
	fmt.Printf("\ngroundwork plan --stack S, %d rounds, %s/%s, %d CPUs; median (min-max) seconds\n", *rounds, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Printf("%-9s  %-7s  %-18s  %-18s  %-18s\n", "stack", "how", "cold", "warm", "touched")
	for _, stack := range stacks {
		for _, how := range []string{"binary", "go run"} {
			fmt.Printf("%-9s  %-7s", stack, how)
			for _, state := range []string{"cold", "warm", "touched"} {
				fmt.Printf("  %-18s", summary(results[cell{stack, how, state}]))
			}
			fmt.Println()
		}
	}
	fmt.Println("cold: the kit's Lambda and Worker caches empty (Go's build cache warm); touched: one source file of the stack's build changed")
}

func run(root, bin, how, stack string, env []string) time.Duration {
	args := []string{"plan", "--stack", stack}
	var cmd *exec.Cmd
	if how == "binary" {
		cmd = exec.Command(bin, args...)
	} else {
		cmd = exec.Command("go", append([]string{"run", "./cmd/groundwork"}, args...)...)
	}
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fail(fmt.Sprintf("%s plan --stack %s: %v\n%s", how, stack, err, out.String()))
	}
	return time.Since(start)
}

var originals = map[string][]byte{}

// touch appends a comment line to a source file, keeping its bytes to
// restore.
func touch(path, note string) {
	b, err := os.ReadFile(path)
	check(err)
	if _, ok := originals[path]; !ok {
		originals[path] = b
	}
	check(os.WriteFile(path, append(slices.Clone(b), []byte("\n// plan benchmark: "+note+"\n")...), 0o644))
}

// guard restores every touched file on return and on Ctrl-C.
func guard() func() {
	restore := func() {
		for path, b := range originals {
			_ = os.WriteFile(path, b, 0o644)
			delete(originals, path)
		}
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		<-sig
		restore()
		os.Exit(130)
	}()
	return restore
}

func summary(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return fmt.Sprintf("%.2f (%.2f-%.2f)", s[len(s)/2].Seconds(), s[0].Seconds(), s[len(s)-1].Seconds())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	for path, b := range originals {
		_ = os.WriteFile(path, b, 0o644)
	}
	fmt.Fprintln(os.Stderr, "plan benchmark:", msg)
	os.Exit(1)
}
