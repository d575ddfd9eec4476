package rt

import (
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// MigrateLifecycle are the log lines a migration run writes, outside any
// request.
var MigrateLifecycle = []string{"migration applied", "schema up to date", "waiting for the migration lock", "check passed",
	"checksum recorded for a migration applied before checksums were kept"}

// Migrate builds a blueprint's migration command (a main package of this
// module, such as workloads/jobs/migrate) and runs it with args (none: up)
// over db's direct URL, as an operator does. It fails the test unless the
// command exits with want, and its log lines keep the log contract and
// never contain the password. It returns what the command printed.
func Migrate(t testing.TB, db *DB, pkg string, want int, args ...string) *Logs {
	t.Helper()
	bin := Build(t, pkg, []string{"CGO_ENABLED=0"}, "-trimpath")
	logs := &Logs{}
	p := Start(t, bin, args, map[string]string{workloadenv.DatabaseDirectURL: db.Direct}, logs)
	if code := p.Wait(t, time.Minute); code != want {
		t.Fatalf("%s %v exited %d, want %d:\n%s", pkg, args, code, want, logs.String())
	}
	logs.NoSecret(t, db.Password)
	return logs
}
