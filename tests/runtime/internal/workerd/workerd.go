// Package workerd runs an already-built Worker module (the esbuild output of
// components/cloudflare/worker.Build) inside workerd, on this machine, for
// the runtime tests. It drives `wrangler dev --local --no-bundle` from the
// edge workload's node_modules, so the module workerd runs is byte for byte
// the one that is deployed: wrangler does not bundle it again.
//
// Why wrangler dev rather than Miniflare's API: wrangler is the supported
// entry point, is pinned in workloads/edge/package.json (Miniflare only comes
// with it, as a transitive dependency), reads the same configuration keys a
// deploy does (vars, hyperdrive with localConnectionString, r2_buckets,
// compatibility date and flags) and needs no driver script of ours (one small
// preload aside, see [Options.HyperdriveURL]). Its own commands seed and read
// the local R2 buckets ([Worker.PutR2Object], [Worker.R2Object]), and
// Miniflare's trigger route runs the scheduled handler ([Worker.Scheduled]).
// Its drawback, its decorations mixed into the Worker's console output, is
// handled by the filter described on [Options.Stdout]. It costs about 3 s per
// Start.
//
// Nothing here reaches the network or an account: remote bindings are off
// (--local, also for the r2 object commands); the Request.cf fetch,
// telemetry, error reports and the update check against the npm registry
// (hidden banner, pre-seeded cache) are disabled; every CLOUDFLARE_*,
// WRANGLER_*, MINIFLARE_* and CF_* variable of the caller is dropped (a stray
// CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE would otherwise
// override HyperdriveURL, a CLOUDFLARE_API_TOKEN would be picked up); and
// HOME, XDG_*_HOME, TMPDIR and wrangler's log, cache and registry directories
// all point into a temporary directory that Stop removes.
package workerd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options says what to run and where its console output goes.
type Options struct {
	// EdgeDir is the npm package whose node_modules/.bin/wrangler is used
	// (workloads/edge).
	EdgeDir string
	// Code is the ES module source (worker.Bundle.Code). It is run as is.
	Code string
	// CompatibilityDate is the Worker's compatibility date, YYYY-MM-DD. A
	// date later than the installed workerd supports makes Start fail
	// ("This Worker requires compatibility date ...").
	CompatibilityDate string
	// CompatibilityFlags are the Worker's compatibility flags
	// (nodejs_compat).
	CompatibilityFlags []string
	// HyperdriveURL is the local connection string the HYPERDRIVE binding
	// points at (localConnectionString). Empty: no HYPERDRIVE binding.
	//
	// wrangler 4.86's local Hyperdrive proxy (Miniflare's) pipes workerd's
	// socket to the database's with no error handler on either, so a
	// refused or reset database connection is an unhandled exception that
	// kills wrangler, and every later request fails. Start preloads a guard
	// into wrangler's Node processes (see socketGuard) that resets the other
	// end instead; the Worker then answers 503 "database unavailable" within
	// milliseconds, and wrangler lives on. So, to test an unreachable
	// database, point this at a port nothing listens on or at a listener
	// that resets connections (SO_LINGER 0). Not covered: with sslmode
	// prefer or require the proxy's TLS probe still crashes wrangler; a
	// database that accepts and then closes cleanly (FIN) before the
	// startup handshake leaves the Worker retrying until HANDLER_TIMEOUT
	// (504); one that accepts and never answers gives 503 after
	// DB_CONNECT_TIMEOUT.
	HyperdriveURL string
	// R2Buckets are R2 bucket bindings (r2_buckets), local to the state
	// directory; [Worker.PutR2Object] and [Worker.R2Object] write and read
	// their objects.
	R2Buckets []R2Bucket
	// Analytics are Workers Analytics Engine bindings
	// (analytics_engine_datasets), binding name to dataset. wrangler dev
	// simulates them locally: writeDataPoint is accepted and kept nowhere.
	Analytics map[string]string
	// Vars are the plain-text bindings, passed as the config's vars. Values
	// may not contain line breaks: wrangler prints every var in a table on
	// its stdout, and a line break there could produce a line the Stdout
	// filter takes for the Worker's.
	Vars map[string]string
	// Stdout receives the Worker's console output, one line per line
	// logged, each ending in "\n". nil discards it.
	//
	// wrangler prints the Worker's console.log, console.info and
	// console.debug lines unchanged on its stdout, mixed with its own
	// decorations there: the bindings table, "⎔ Starting local server...",
	// "[wrangler:info] Ready on ..." and one "[wrangler:info] GET / 200 OK
	// (12ms)" line per request. Its log level cannot split them: the
	// Worker's lines are at level "log", above "info", so any level showing
	// them also shows the request lines. The Worker's console.warn and
	// console.error lines go to stderr wrapped in "▲ [WARNING]" and
	// "✘ [ERROR]" frames, as do wrangler's own warnings and errors.
	//
	// The rule: a line of wrangler's stdout, with ANSI escape sequences and
	// a trailing "\r" removed, that starts with "{" is the Worker's and goes
	// to Stdout; every other line, and all of stderr, is wrangler's and goes
	// to Output. wrangler 4.86 dev starts none of its own stdout lines with
	// "{" (its JSON output is for --json commands, not dev), and the kit's
	// Worker logs one JSON object per console.log. Lines the Worker logs
	// that do not start with "{" (a plain console.log("text"), the second
	// line of a multi-line message) end up in Output instead.
	//
	// Start's readiness probe is a real request to the Worker (GET / with
	// X-Request-ID: ProbeRequestID), so its lines are on Stdout too, and so
	// are the problems with the settings the Worker logs once per isolate,
	// on its first request.
	//
	// Stdout is written from a goroutine of this package, one Write per
	// line, until Stop returns; read a plain bytes.Buffer only after Stop,
	// or give a writer that is safe for concurrent use. A line reaches
	// Stdout shortly after the response that caused it, not before.
	Stdout io.Writer
}

// Worker is a Worker running in workerd under wrangler dev.
type Worker struct {
	// URL is where the Worker answers: http://127.0.0.1:PORT.
	URL string

	bin    string // wrangler
	dir    string
	cmd    *exec.Cmd
	pgid   int
	exited chan struct{} // closed once wrangler has exited and been reaped

	watchdog *exec.Cmd // kills the process group if this process dies first
	watchW   *os.File  // the watchdog's stdin; closing it fires the watchdog

	readers sync.WaitGroup
	out     *outputTail

	stopOnce sync.Once
	stopErr  error
}

// ProbeRequestID is the X-Request-ID of the request Start sends to find out
// whether the Worker answers; the Worker's lines for it carry it.
const ProbeRequestID = "workerd-start-probe"

const (
	startTimeout = 60 * time.Second // Start's bound when ctx has no earlier deadline
	probeTimeout = 5 * time.Second  // one readiness request (the first one compiles the module)
	probeEvery   = 50 * time.Millisecond
	termGrace    = 5 * time.Second // SIGTERM to wrangler until its process group is gone
	killGrace    = 5 * time.Second // SIGKILL to the group until it is gone
	outputLimit  = 1 << 20         // Output keeps this many bytes, the newest
	tailLines    = 40              // lines of Output quoted in Start's errors
	portAttempts = 3               // ports tried when the free one is taken meanwhile
	hyperdriveID = "00000000000000000000000000000000"
)

// Wrangler returns the path of the wrangler installed in edgeDir's
// node_modules, or an error saying how to install it.
func Wrangler(edgeDir string) (path string, err error) {
	abs, err := filepath.Abs(edgeDir)
	if err != nil {
		return "", err
	}
	path = filepath.Join(abs, "node_modules", ".bin", "wrangler")
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("wrangler is not installed (%s is missing); install the Worker's pinned dependencies with: %s", path, installHint(abs))
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "", fmt.Errorf("wrangler needs Node.js 20 or later on PATH: %w", err)
	}
	return path, nil
}

// installHint is the npm ci command for dir, relative to the module root
// (the directory holding go.mod) when dir is inside it.
func installHint(dir string) string {
	for root := dir; ; root = filepath.Dir(root) {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			if rel, err := filepath.Rel(root, dir); err == nil {
				return fmt.Sprintf("npm ci --prefix %s (from %s)", filepath.ToSlash(rel), root)
			}
		}
		if root == filepath.Dir(root) {
			return "npm ci --prefix " + dir
		}
	}
}

// Start writes the module and a generated wrangler config into a temporary
// directory, starts wrangler dev on a free 127.0.0.1 port and returns once
// an HTTP request to the Worker has been answered, with any status. ctx
// bounds the startup only (60 s at most); the Worker runs until Stop. On
// error nothing is left running and the error quotes wrangler's output.
func Start(ctx context.Context, opts Options) (*Worker, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	bin, err := Wrangler(opts.EdgeDir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	for attempt := 1; ; attempt++ {
		w, err := start(ctx, bin, opts)
		if err == nil || !errors.Is(err, errPortInUse) || attempt == portAttempts {
			return w, err
		}
	}
}

func (o Options) check() error {
	var problems []string
	if o.Code == "" {
		problems = append(problems, "Code is empty")
	}
	if _, err := time.Parse(time.DateOnly, o.CompatibilityDate); err != nil {
		problems = append(problems, fmt.Sprintf("CompatibilityDate must be a date like 2026-04-20, got %q", o.CompatibilityDate))
	}
	for _, k := range slices.Sorted(maps.Keys(o.Vars)) {
		if k == "" {
			problems = append(problems, "a var has an empty name")
		}
		if strings.ContainsAny(o.Vars[k], "\r\n") {
			problems = append(problems, fmt.Sprintf("var %s contains a line break (wrangler prints vars on the stdout the Worker's lines are filtered from)", k))
		}
	}
	bindings := map[string]bool{}
	for _, b := range o.R2Buckets {
		problems = append(problems, b.check()...)
		if bindings[b.Binding] {
			problems = append(problems, fmt.Sprintf("two R2 buckets are bound as %s", b.Binding))
		}
		bindings[b.Binding] = true
	}
	if len(problems) > 0 {
		return errors.New("workerd: " + strings.Join(problems, "; "))
	}
	return nil
}

var errPortInUse = errors.New("port in use")

func start(ctx context.Context, bin string, opts Options) (_ *Worker, err error) {
	dir, err := os.MkdirTemp("", "groundwork-workerd-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil && dir != "" {
			_ = os.RemoveAll(dir)
		}
	}()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	if err := writeProject(dir, opts); err != nil {
		return nil, err
	}

	cmd := exec.Command(bin, "dev",
		"--config", filepath.Join(dir, "wrangler.json"),
		"--local",
		"--ip", "127.0.0.1",
		"--port", strconv.Itoa(port),
		"--inspector-port", "0", // any free port: runs in parallel do not collide on 9229
		"--persist-to", filepath.Join(dir, "state"),
		"--log-level", "log", // the level of the Worker's console.log lines
		"--show-interactive-dev-session=false",
	)
	cmd.Dir = dir
	cmd.Env = environ(dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		_ = outR.Close()
		_ = outW.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()
	_ = outW.Close()
	_ = errW.Close()
	if err != nil {
		_ = outR.Close()
		_ = errR.Close()
		return nil, fmt.Errorf("starting wrangler: %w", err)
	}

	w := &Worker{
		URL:    fmt.Sprintf("http://127.0.0.1:%d", port),
		bin:    bin,
		dir:    dir,
		cmd:    cmd,
		pgid:   cmd.Process.Pid,
		exited: make(chan struct{}),
		out:    &outputTail{limit: outputLimit},
	}
	dir = "" // Stop removes it from now on
	w.readers.Add(2)
	go w.read(outR, opts.Stdout)
	go w.read(errR, nil)
	go func() {
		_ = cmd.Wait()
		close(w.exited)
	}()
	w.startWatchdog()

	if err := w.waitReady(ctx); err != nil {
		_ = w.Stop()
		out := w.Output()
		if strings.Contains(out, "Address already in use") {
			err = fmt.Errorf("%w: %w", errPortInUse, err)
		}
		return nil, fmt.Errorf("workerd: %w\nwrangler's output (last %d lines):\n%s", err, tailLines, lastLines(out, tailLines))
	}
	return w, nil
}

// writeProject lays out dir: the module alone in worker/ (with --no-bundle
// wrangler attaches every file next to the entry as an extra module, and
// reloads when one changes), the config beside it.
func writeProject(dir string, opts Options) error {
	for _, sub := range []string{"worker", "home", "tmp", "state"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "worker", "worker.js"), []byte(opts.Code), 0o644); err != nil {
		return err
	}
	// wrangler checks the npm registry for a newer version on some error
	// paths ("If you think this is a bug..."), through the update-check
	// package, which first reads $TMPDIR/update-check/wrangler-latest.json
	// and skips the request while lastUpdate + 1 h is in the future. A
	// far-future entry naming no newer version keeps it off the network.
	if err := os.MkdirAll(filepath.Join(dir, "tmp", "update-check"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tmp", "update-check", "wrangler-latest.json"),
		[]byte(`{"latest":"0.0.0","lastUpdate":32503680000000}`), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "socket-guard.cjs"), []byte(socketGuard), 0o644); err != nil {
		return err
	}
	vars := opts.Vars
	if vars == nil {
		vars = map[string]string{}
	}
	flags := opts.CompatibilityFlags
	if flags == nil {
		flags = []string{}
	}
	type hyperdrive struct {
		Binding               string `json:"binding"`
		ID                    string `json:"id"`
		LocalConnectionString string `json:"localConnectionString"`
	}
	type analytics struct {
		Binding string `json:"binding"`
		Dataset string `json:"dataset"`
	}
	cfg := struct {
		Name               string            `json:"name"`
		Main               string            `json:"main"`
		CompatibilityDate  string            `json:"compatibility_date"`
		CompatibilityFlags []string          `json:"compatibility_flags"`
		NoBundle           bool              `json:"no_bundle"`
		SendMetrics        bool              `json:"send_metrics"`
		Vars               map[string]string `json:"vars"`
		Hyperdrive         []hyperdrive      `json:"hyperdrive,omitempty"`
		R2Buckets          []r2Config        `json:"r2_buckets,omitempty"`
		Analytics          []analytics       `json:"analytics_engine_datasets,omitempty"`
	}{
		Name:               "groundwork-runtime-test",
		Main:               "worker/worker.js",
		CompatibilityDate:  opts.CompatibilityDate,
		CompatibilityFlags: flags,
		NoBundle:           true,
		Vars:               vars,
		R2Buckets:          r2Configs(opts.R2Buckets),
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Analytics)) {
		cfg.Analytics = append(cfg.Analytics, analytics{Binding: name, Dataset: opts.Analytics[name]})
	}
	if opts.HyperdriveURL != "" {
		cfg.Hyperdrive = []hyperdrive{{Binding: "HYPERDRIVE", ID: hyperdriveID, LocalConnectionString: opts.HyperdriveURL}}
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wrangler.json"), b, 0o644)
}

// environ is the caller's environment without anything that would steer
// wrangler to an account, the network or the caller's own config, plus
// what keeps it local, quiet and inside dir.
func environ(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "CLOUDFLARE_"), strings.HasPrefix(name, "WRANGLER_"),
			strings.HasPrefix(name, "MINIFLARE_"), strings.HasPrefix(name, "CF_"),
			strings.HasPrefix(name, "XDG_"), strings.HasPrefix(name, "NODE_"),
			name == "HOME", name == "TMPDIR", name == "NO_COLOR", name == "FORCE_COLOR",
			name == "HTTP_PROXY", name == "HTTPS_PROXY", name == "http_proxy", name == "https_proxy":
			continue
		}
		env = append(env, kv)
	}
	home := filepath.Join(dir, "home")
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_STATE_HOME="+filepath.Join(home, ".local", "state"),
		"TMPDIR="+filepath.Join(dir, "tmp"),
		"WRANGLER_LOG_PATH="+filepath.Join(dir, "logs"),
		"WRANGLER_CACHE_DIR="+filepath.Join(dir, "cache"),
		"WRANGLER_REGISTRY_PATH="+filepath.Join(dir, "registry"),
		"WRANGLER_SEND_METRICS=false",
		"WRANGLER_SEND_ERROR_REPORTS=false",
		"WRANGLER_HIDE_BANNER=true",         // no banner, so no update check against the npm registry
		"CLOUDFLARE_CF_FETCH_ENABLED=false", // no Request.cf fetch from workers.cloudflare.com
		"CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false",
		"NO_COLOR=1",
		"FORCE_COLOR=0",
		"NODE_OPTIONS=--require "+strconv.Quote(filepath.Join(dir, "socket-guard.cjs")),
	)
}

// socketGuard is preloaded (NODE_OPTIONS=--require) into wrangler's Node
// processes. Miniflare's local Hyperdrive proxy joins workerd's socket and
// the database's with client.pipe(db) and db.pipe(client) and no "error"
// listener, so a refused or reset database connection throws an unhandled
// "error" event and wrangler dies. The guard gives every socket piped into
// another socket the listener a proxy needs: on error, reset the other end
// (a reset, not a clean close: postgres.js retries a connection closed
// cleanly during its handshake, a reset makes workerd fail the connect).
// Nothing else changes; other sockets and streams are untouched.
const socketGuard = `"use strict";
// Written by tests/runtime/internal/workerd (groundwork): see socketGuard.
const net = require("node:net");
const pipe = net.Socket.prototype.pipe;
const guarded = Symbol("groundwork.socketGuard");
net.Socket.prototype.pipe = function (dest, options) {
  if (dest instanceof net.Socket && !this[guarded]) {
    this[guarded] = true;
    this.on("error", () => {
      if (typeof dest.resetAndDestroy === "function") dest.resetAndDestroy();
      else dest.destroy();
    });
  }
  return pipe.call(this, dest, options);
};
`

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls the Worker until a request is answered, wrangler exits or
// ctx ends.
func (w *Worker) waitReady(ctx context.Context) error {
	client := &http.Client{Timeout: probeTimeout}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(probeEvery)
	defer tick.Stop()
	var lastErr error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.URL+"/", nil)
		if err != nil {
			return err
		}
		req.Header.Set("X-Request-ID", ProbeRequestID)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			return nil
		}
		lastErr = err
		select {
		case <-w.exited:
			return fmt.Errorf("wrangler exited (%v) before %s answered", w.cmd.ProcessState, w.URL)
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer before the startup deadline (%v): %v", w.URL, context.Cause(ctx), lastErr)
		case <-tick.C:
		}
	}
}

// ansi matches ANSI escape sequences: CSI (colours, cursor moves) and OSC.
var ansi = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]`)

// read splits one of wrangler's streams into lines: the Worker's go to
// stdout (nil for stderr: none there), the rest to Output.
func (w *Worker) read(r *os.File, stdout io.Writer) {
	defer w.readers.Done()
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			clean := strings.TrimRight(ansi.ReplaceAllString(line, ""), "\r\n")
			if stdout != nil && strings.HasPrefix(clean, "{") {
				_, _ = io.WriteString(stdout, clean+"\n")
			} else {
				w.out.add(clean + "\n")
			}
		}
		if err != nil {
			return
		}
	}
}

// Output is what wrangler itself printed on stdout and stderr (not the
// lines that went to Options.Stdout), without ANSI escapes: the newest
// 1 MiB.
func (w *Worker) Output() string {
	return w.out.String()
}

// outputTail keeps the newest limit bytes written to it.
type outputTail struct {
	mu    sync.Mutex
	limit int
	buf   []byte
}

func (t *outputTail) add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, s...)
	if over := len(t.buf) - t.limit; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
}

func (t *outputTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
