// Package migrations holds the edge blueprint's schema migrations: files
// named NNNN_name.sql, applied in version order over the database's direct
// URL (never through Hyperdrive, which supports no advisory locks) by the
// shared runner (workloads/internal/migrate) through
// `go run ./workloads/edge/migrate`. A file, once released, is never
// edited: a change is a new file with the next version; one whose header
// says `-- migrate: no-transaction` runs outside a transaction, for CREATE
// INDEX CONCURRENTLY on the live table.
//
// 0001 creates the items table (and upgrades, in place, a database set up
// by hand from the schema.sql of earlier releases); 0002 creates the
// Worker's own role, WorkerRole, with its statement timeout.
package migrations

import (
	"embed"

	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
)

//go:embed *.sql
var files embed.FS

// Table is the edge blueprint's history table.
const Table = "groundwork_edge_schema_migrations"

// LockKey is the advisory lock key of every run of the edge migrations.
// Fixed forever (the bytes spell "gwedgmig").
const LockKey int64 = 0x67776564676d6967

// WorkerRole is the database role the Worker connects as, through
// Hyperdrive; 0002 creates it NOLOGIN, the operator sets its password.
const WorkerRole = "groundwork_edge_worker"

// Set returns the edge migration set.
func Set() (migrate.Set, error) {
	all, err := migrate.Load(files)
	return migrate.Set{Name: "edge", Table: Table, LockKey: LockKey, Migrations: all}, err
}
