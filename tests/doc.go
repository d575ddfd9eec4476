// Package tests holds the cross-cutting tests: every stack file under
// stacks/ planned offline with the invariants checked on its graph, and the
// golden graph of jobs-dev that catches unintended drift.
//
// Update the golden file after an intended change with:
//
//	go test ./tests -run Golden -update
package tests
