package runtime

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
	apimigrations "github.com/groundwork-iac/groundwork/workloads/api/migrations"
	edgemigrations "github.com/groundwork-iac/groundwork/workloads/edge/migrations"
	jobsmigrations "github.com/groundwork-iac/groundwork/workloads/jobs/migrations"
)

// TestMigrateStatusForEachBlueprint runs each blueprint's migration
// command as an operator does (`api migrate status`, `go run
// ./workloads/jobs/migrate status`, `go run ./workloads/edge/migrate
// status`) on a database of its own: every version pending, then, after
// up, every version applied with its checksum, and for edge the Worker
// role's check.
func TestMigrateStatusForEachBlueprint(t *testing.T) {
	t.Parallel()
	api, _ := apimigrations.Set()
	jobs, _ := jobsmigrations.Set()
	edge, _ := edgemigrations.Set()
	// "0001 create_notes 0123456789ab": version, name, checksum as status
	// shows them, and the note of a file run outside a transaction.
	row := func(version int64, name, checksum string, noTransaction bool) string {
		note := ""
		if noTransaction {
			note = " no transaction"
		}
		return fmt.Sprintf("%04d %s %s%s", version, name, checksum[:12], note)
	}
	var apiVersions, jobsVersions, edgeVersions []string
	for _, m := range api.Migrations {
		apiVersions = append(apiVersions, row(m.Version, m.Name, m.Checksum, m.NoTransaction))
	}
	for _, m := range jobs.Migrations {
		jobsVersions = append(jobsVersions, row(m.Version, m.Name, m.Checksum, m.NoTransaction))
	}
	for _, m := range edge.Migrations {
		edgeVersions = append(edgeVersions, row(m.Version, m.Name, m.Checksum, m.NoTransaction))
	}
	for _, bp := range []struct {
		name, pkg string
		cmd       []string // before up or status
		table     string
		versions  []string
		check     string // the line of edge's role check once migrated
	}{
		{"api", "github.com/groundwork-iac/groundwork/workloads/api", []string{"migrate"}, api.Table, apiVersions, ""},
		{"jobs", jobsMigratePkg, nil, jobs.Table, jobsVersions, ""},
		{"edge", edgeMigratePkg, nil, edge.Table, edgeVersions,
			"check worker role: ok: groundwork_edge_worker has statement_timeout 10s = DB_STATEMENT_TIMEOUT; it "},
	} {
		t.Run(bp.name, func(t *testing.T) {
			t.Parallel()
			db := rt.NewDB(t, "")
			status := func(state string) {
				out := rt.Migrate(t, db, bp.pkg, 0, append(bp.cmd, "status")...).Lines()
				t.Logf("%s migrate status:\n%s", bp.name, strings.Join(out, "\n"))
				want := []string{
					fmt.Sprintf(`^%s migrate \(host=127\.0\.0\.1 database=%s\)$`, bp.name, db.Name),
					`^version +name +state +applied at +checksum +note$`}
				at := `-`
				if state == "applied" {
					at = `\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z`
				}
				for _, v := range bp.versions {
					f := strings.Fields(v)
					note := strings.Join(f[3:], " ")
					want = append(want, fmt.Sprintf(`^%s +%s +%s +%s +%s *%s$`, f[0], f[1], state, at, f[2], regexp.QuoteMeta(note)))
				}
				applied, pending := 0, len(bp.versions)
				if state == "applied" {
					applied, pending = pending, 0
				}
				noun := "migrations"
				if len(bp.versions) == 1 {
					noun = "migration"
				}
				want = append(want, fmt.Sprintf(`^%s: %d %s in %s: %d applied, %d pending, 0 failed, 0 modified, 0 unknown$`,
					bp.name, len(bp.versions), noun, bp.table, applied, pending))
				if bp.check != "" && state == "pending" {
					want = append(want, fmt.Sprintf(`^check worker role: not run: %d migrations to apply first$`, len(bp.versions)))
				}
				if bp.check != "" && state == "applied" {
					want = append(want, "^"+regexp.QuoteMeta(bp.check))
				}
				if len(out) != len(want) {
					t.Fatalf("%d lines, want %d", len(out), len(want))
				}
				for i, w := range want {
					if !regexp.MustCompile(w).MatchString(out[i]) {
						t.Errorf("line %d = %q, want %s", i+1, out[i], w)
					}
				}
			}
			status("pending")
			rt.Migrate(t, db, bp.pkg, 0, bp.cmd...).Check(t, rt.MigrateLifecycle...)
			status("applied")
		})
	}
}
