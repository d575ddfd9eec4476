package rt

import (
	"os"
	"testing"
)

// EnvRequire names the variable that turns missing prerequisites from skips
// into failures.
const EnvRequire = "GROUNDWORK_RUNTIME_TESTS"

// Require reports a missing prerequisite: what is missing and how to
// provide it. The test is skipped, or failed when EnvRequire is "require".
func Require(t testing.TB, what, how string) {
	t.Helper()
	if os.Getenv(EnvRequire) == "require" {
		t.Fatalf("%s is missing (%s=require): %s", what, EnvRequire, how)
	}
	t.Skipf("%s is missing; %s (or run ./scripts/test, which provides everything)", what, how)
}
