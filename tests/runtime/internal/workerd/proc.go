package workerd

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// wrangler dev is a process tree in one process group (Start makes wrangler
// its leader): node bin/wrangler.js, which spawns node wrangler-dist/cli.js,
// which spawns an esbuild service and two workerd processes (the proxy in
// front and the user Worker). Killing only the leader orphans the rest, and
// an orphaned workerd keeps serving (and may spin a CPU), so everything here
// acts on the group.

// startWatchdog adds `sh -c 'read _; kill -KILL 0'` to wrangler's process
// group, its stdin a pipe only this process holds: should this process die
// without Stop (a test binary killed on timeout), the pipe closes and the
// watchdog SIGKILLs the whole group. Stop disarms it first. Without /bin/sh
// the Worker just runs unguarded.
func (w *Worker) startWatchdog() {
	r, wr, err := os.Pipe()
	if err != nil {
		return
	}
	cmd := exec.Command("/bin/sh", "-c", "read _; kill -KILL 0")
	cmd.Stdin = r
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: w.pgid}
	err = cmd.Start()
	_ = r.Close()
	if err != nil {
		_ = wr.Close()
		w.out.add(fmt.Sprintf("(workerd: no watchdog for the process group: %v)\n", err))
		return
	}
	w.watchdog, w.watchW = cmd, wr
}

// Stop stops wrangler and its workerd processes: SIGTERM to wrangler (it
// shuts workerd down itself, in about 0.3 s), then SIGKILL to the whole
// process group if any of it is still alive after 5 s. It waits until no
// live process is left in the group, removes the temporary directory and
// returns once the output has been read to its end. It errors if processes
// are left; calling it again returns the same result.
func (w *Worker) Stop() error {
	w.stopOnce.Do(func() { w.stopErr = w.stop() })
	return w.stopErr
}

func (w *Worker) stop() error {
	if w.watchdog != nil {
		// Kill it before closing its stdin, which would make it fire.
		_ = w.watchdog.Process.Kill()
		_ = w.watchdog.Wait()
		_ = w.watchW.Close()
	}
	select {
	case <-w.exited:
		// wrangler is gone already (it crashed): whatever it left gets the
		// signal directly.
		_ = syscall.Kill(-w.pgid, syscall.SIGTERM)
	default:
		_ = w.cmd.Process.Signal(syscall.SIGTERM)
	}
	left := waitGroupGone(w.pgid, termGrace)
	if len(left) > 0 {
		_ = syscall.Kill(-w.pgid, syscall.SIGKILL)
		left = waitGroupGone(w.pgid, killGrace)
	}
	var errs []error
	select {
	case <-w.exited:
	case <-time.After(killGrace):
		errs = append(errs, fmt.Errorf("wrangler (pid %d) did not exit", w.cmd.Process.Pid))
	}
	done := make(chan struct{})
	go func() {
		w.readers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(killGrace):
		errs = append(errs, errors.New("wrangler's output did not end"))
	}
	if len(left) > 0 {
		errs = append(errs, fmt.Errorf("processes of wrangler's group %d still alive: %s", w.pgid, describe(left)))
	}
	if err := os.RemoveAll(w.dir); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("workerd: stopping: %w", err)
	}
	return nil
}

// waitGroupGone polls until no live process is in group pgid or timeout
// passes, and returns those still alive.
func waitGroupGone(pgid int, timeout time.Duration) []proc {
	deadline := time.Now().Add(timeout)
	for {
		left := groupMembers(pgid)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// proc is a process read from /proc.
type proc struct {
	PID   int
	Comm  string // the executable's name, as ps and pgrep show it
	State byte   // R, S, D, Z, ...
}

func describe(ps []proc) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%d (%s, %c)", p.PID, p.Comm, p.State))
	}
	return strings.Join(parts, ", ")
}

// groupMembers lists the live processes of group pgid, as pgrep -g does,
// leaving out zombies: dead processes whose exit status nobody collected
// yet. In a container whose init does not reap promptly, orphaned workerd
// processes stay as zombies for a while after they are killed.
//
// Without /proc (not Linux) it can only tell whether the group has any
// process at all, zombies included.
func groupMembers(pgid int) []proc {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		if syscall.Kill(-pgid, 0) == nil {
			return []proc{{PID: -pgid, Comm: "?", State: '?'}}
		}
		return nil
	}
	var out []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		p, group, ok := readStat(pid)
		if ok && group == pgid && p.State != 'Z' && p.State != 'X' {
			out = append(out, p)
		}
	}
	return out
}

// readStat parses /proc/PID/stat: "pid (comm) state ppid pgrp ...", where
// comm may itself hold spaces and parentheses.
func readStat(pid int) (p proc, pgrp int, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return proc{}, 0, false
	}
	s := string(b)
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open {
		return proc{}, 0, false
	}
	fields := strings.Fields(s[closing+1:])
	if len(fields) < 3 || len(fields[0]) != 1 {
		return proc{}, 0, false
	}
	pgrp, err = strconv.Atoi(fields[2])
	if err != nil {
		return proc{}, 0, false
	}
	return proc{PID: pid, Comm: s[open+1 : closing], State: fields[0][0]}, pgrp, true
}
