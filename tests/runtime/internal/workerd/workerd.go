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
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

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
