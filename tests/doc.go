// Package tests holds the cross-cutting tests: every stack file under
// stacks/ planned offline with the invariants checked on its graph, and the
// golden graphs of the dev stacks that catch unintended drift.
//
// Update the golden file after an intended change with:
//
//	go test ./tests -run Golden -update
package tests
