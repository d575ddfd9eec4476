package engine

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes a stand-in exit when the test binary does, even when
// it dies without running its cleanups (a panic, a test timeout).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
