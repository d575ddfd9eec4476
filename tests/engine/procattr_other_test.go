//go:build !linux

package engine

import "os/exec"

// dieWithParent: only Linux can tie a child's life to its parent's; the
// cleanups stop the stand-ins everywhere else.
func dieWithParent(*exec.Cmd) {}
