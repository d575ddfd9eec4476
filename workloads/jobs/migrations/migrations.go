// Package migrations holds the jobs workload's schema migrations, embedded
// in the migrate command: files named NNNN_name.sql, applied in version
// order over the direct URL by the shared runner (workloads/internal/migrate)
// through `go run ./workloads/jobs/migrate`. A file, once released, is never
// edited: a change (a column, an index, a retention job's table) is a new
// file with the next version; one whose header says
// `-- migrate: no-transaction` runs outside a transaction, for CREATE INDEX
// CONCURRENTLY on the live table.
//
// The first version upgrades, in place, a database created by the
// unversioned schema of earlier releases (testdata/schema-before-versioning.sql).
package migrations

import (
	"embed"

	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
)

//go:embed *.sql
var files embed.FS

// Table is the jobs workload's history table.
const Table = "groundwork_jobs_schema_migrations"

// LockKey is the advisory lock key of every run of the jobs migrations.
// Fixed forever (the bytes spell "gwjobmig").
const LockKey int64 = 0x67776a6f626d6967

// Set returns the jobs migration set.
func Set() (migrate.Set, error) {
	all, err := migrate.Load(files)
	return migrate.Set{Name: "jobs", Table: Table, LockKey: LockKey, Migrations: all}, err
}
