// Package runtime runs the workloads for real: the Lambda binaries under the
// Runtime Interface Emulator, the API server as a process, the Worker bundle
// in workerd; all against PostgreSQL behind PgBouncer in transaction mode
// (scripts/localdb), exporting spans to an OTLP receiver run by the test.
//
// Mocks prove what the kit declares; these tests prove that what it deploys
// behaves. Without the local database or the emulators they skip, saying
// what is missing, except under GROUNDWORK_RUNTIME_TESTS=require (set by
// scripts/test), where they fail.
package runtime

import (
	"os"
	"testing"

	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
)

func TestMain(m *testing.M) {
	code := m.Run()
	rt.CleanBuilds()
	os.Exit(code)
}
