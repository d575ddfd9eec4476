// Package lambdarie runs a Lambda function's bootstrap under the AWS Lambda
// Runtime Interface Emulator (aws-lambda-rie), as the real-runtime tests do
// with the kit's Go Lambda workloads.
//
// The emulator writes lines of its own (its log, and START, END and REPORT
// for every invocation) to the same stdout as the function. [Start]
// therefore runs the bootstrap through a small wrapper script that appends
// the bootstrap's stdout and stderr to a file, which feeds the caller's
// [rt.Logs]: those receive only the workload's lines, so their log contract
// can be checked. The emulator's own output is kept in [Function.Output],
// shown when the test fails.
package lambdarie

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
)

// Binary is the emulator's executable name.
const Binary = "aws-lambda-rie"

// InstallCommand installs the emulator version the tests are written for.
const InstallCommand = "go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"

// invokePath is the emulator's invoke endpoint, as the Lambda Invoke API's.
const invokePath = "/2015-03-31/functions/function/invocations"

// EnvFunctionTimeout is the emulator's function timeout, in whole seconds.
const EnvFunctionTimeout = "AWS_LAMBDA_FUNCTION_TIMEOUT"

// Seconds renders a function timeout as EnvFunctionTimeout takes it.
func Seconds(d time.Duration) string { return strconv.Itoa(int(d / time.Second)) }

// DefaultFunctionTimeout is AWS_LAMBDA_FUNCTION_TIMEOUT, in seconds, when
// the caller's environment does not set it (the emulator's own default is
// 300).
const DefaultFunctionTimeout = 30

// Path returns the emulator's path: from PATH, else from the bin directory
// of GOPATH, where go install puts it.
func Path() (string, error) {
	if p, err := exec.LookPath(Binary); err == nil {
		return p, nil
	}
	gopath, err := exec.Command("go", "env", "GOPATH").Output()
	if err == nil {
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(gopath))) {
			p := filepath.Join(dir, "bin", Binary)
			if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%s is not in PATH nor in $(go env GOPATH)/bin; install it with: %s", Binary, InstallCommand)
}

// Require returns the emulator's path, or skips the test (fails it under
// GROUNDWORK_RUNTIME_TESTS=require) through [rt.Require] when it is missing.
// Call it before building a bootstrap, so a skip is immediate.
func Require(t testing.TB) string {
	t.Helper()
	rie, err := Path()
	if err != nil {
		rt.Require(t, "the AWS Lambda Runtime Interface Emulator ("+Binary+")", "install it with: "+InstallCommand)
	}
	return rie
}

// Function is one emulated Lambda function: an emulator process and the
// bootstrap it starts on the first invocation (and again after a timeout).
type Function struct {
	// Addr is the host:port of the emulator's invoke API.
	Addr string
	// Output is the emulator's own output (its log and the START, END and
	// REPORT lines); the workload's lines are not in it.
	Output *rt.Logs
	// Timeout is the function timeout the emulator enforces.
	Timeout time.Duration

	proc      *rt.Proc
	bootstrap string
	logFile   string
	pidFile   string
	logs      *rt.Logs

	mu     sync.Mutex // serialises copying the log file into logs
	offset int64
}

// Start runs the emulator with bootstrap (a Go binary built with
// CGO_ENABLED=0 -tags lambda.norpc) on free 127.0.0.1 ports. The emulator,
// and through it the bootstrap, gets exactly env plus PATH, HOME and TMPDIR,
// and these defaults unless env sets them: AWS_LAMBDA_FUNCTION_NAME (the
// bootstrap's file name), AWS_LAMBDA_FUNCTION_TIMEOUT ([DefaultFunctionTimeout]),
// AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_REGION us-east-1, dummy static
// credentials, no shared AWS configuration files and no instance metadata.
// The bootstrap's output goes to logs. Everything stops when the test ends.
// Without the emulator, the test is skipped or failed through [rt.Require].
func Start(t testing.TB, bootstrap string, env map[string]string, logs *rt.Logs) *Function {
	t.Helper()
	rie := Require(t)
	bootstrap, err := filepath.Abs(bootstrap)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := &Function{
		Output:    &rt.Logs{},
		bootstrap: bootstrap,
		logFile:   filepath.Join(dir, "function.log"),
		pidFile:   filepath.Join(dir, "bootstrap.pids"),
		logs:      logs,
	}
	if err := os.WriteFile(f.logFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wrapper := filepath.Join(dir, "bootstrap")
	script := "#!/bin/sh\n" +
		"# Written by lambdarie: keeps the function's output apart from the emulator's.\n" +
		"echo $$ >>" + shellQuote(f.pidFile) + "\n" +
		"exec " + shellQuote(bootstrap) + " >>" + shellQuote(f.logFile) + " 2>&1\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}

	full := map[string]string{
		"AWS_LAMBDA_FUNCTION_NAME":        filepath.Base(bootstrap),
		EnvFunctionTimeout:                strconv.Itoa(DefaultFunctionTimeout),
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
		"AWS_REGION":                      "us-east-1",
		"AWS_DEFAULT_REGION":              "us-east-1",
		"AWS_ACCESS_KEY_ID":               "test",
		"AWS_SECRET_ACCESS_KEY":           "test",
		"AWS_EC2_METADATA_DISABLED":       "true",
		"AWS_CONFIG_FILE":                 filepath.Join(dir, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE":     filepath.Join(dir, "no-aws-credentials"),
	}
	for k, v := range env {
		full[k] = v
	}
	seconds, err := strconv.Atoi(full[EnvFunctionTimeout])
	if err != nil || seconds <= 0 {
		t.Fatalf("%s must be a positive number of seconds, got %q", EnvFunctionTimeout, full[EnvFunctionTimeout])
	}
	f.Timeout = time.Duration(seconds) * time.Second

	f.Addr = rt.FreeAddr(t)
	args := []string{
		"--log-level", "info",
		"--runtime-interface-emulator-address", f.Addr,
		"--runtime-api-address", rt.FreeAddr(t),
		wrapper,
	}
	f.proc = rt.Start(t, rie, args, full, f.Output)

	stop := make(chan struct{})
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		tick := time.NewTicker(25 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				f.SyncLogs()
			}
		}
	}()
	// Registered after rt.Start's, so it runs first.
	t.Cleanup(func() {
		// The bootstrap first: once the emulator is gone it would log that
		// it lost the runtime API.
		f.killBootstraps(t)
		f.proc.Kill()
		close(stop)
		<-copied
		f.SyncLogs()
		if t.Failed() {
			t.Logf("output of %s under the emulator:\n%s", filepath.Base(bootstrap), logs.String())
		}
	})

	f.waitListening(t, 10*time.Second)
	return f
}

// SyncLogs copies what the bootstrap has written since the last call into
// the logs given to Start. Invoke calls it before returning, so the lines
// an invocation wrote are in the logs when it returns.
func (f *Function) SyncLogs() {
	f.mu.Lock()
	defer f.mu.Unlock()
	file, err := os.Open(f.logFile)
	if err != nil {
		return
	}
	defer file.Close()
	if _, err := file.Seek(f.offset, io.SeekStart); err != nil {
		return
	}
	n, _ := io.Copy(f.logs, file)
	f.offset += n
}

// waitListening polls the invoke API's port until it accepts connections.
// The bootstrap itself starts on the first invocation.
func (f *Function) waitListening(t testing.TB, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", f.Addr, time.Second)
		if err == nil {
			_ = c.Close()
			return
		}
		if f.proc.Exited() {
			t.Fatalf("%s exited before listening on %s; its output:\n%s", Binary, f.Addr, f.Output.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is not listening on %s after %s: %v; its output:\n%s", Binary, f.Addr, timeout, err, f.Output.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// killBootstraps kills every bootstrap the emulator started that is still
// running. The emulator puts each in a process group of its own, so killing
// the emulator's group does not reach them; the wrapper recorded their ids
// (exec keeps the id, and the group's id is the same).
func (f *Function) killBootstraps(t testing.TB) {
	data, err := os.ReadFile(f.pidFile)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	if err != nil {
		t.Logf("read %s: %v", f.pidFile, err)
		return
	}
	var killed []string
	for _, field := range strings.Fields(string(data)) {
		pid, err := strconv.Atoi(field)
		if err != nil || pid <= 1 {
			continue
		}
		// Only a process still running our bootstrap (the id may have been
		// reused after it exited).
		cmdline, err := os.ReadFile("/proc/" + field + "/cmdline")
		if err != nil || !strings.HasPrefix(string(cmdline), f.bootstrap+"\x00") {
			continue
		}
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		_ = syscall.Kill(pid, syscall.SIGKILL)
		killed = append(killed, field)
	}
	// Let the emulator, their parent, reap them before it is killed in turn;
	// orphans would wait for PID 1 as zombies.
	deadline := time.Now().Add(2 * time.Second)
	for _, pid := range killed {
		for time.Now().Before(deadline) {
			if _, err := os.Stat("/proc/" + pid); err != nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
