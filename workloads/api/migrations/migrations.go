// Package migrations holds the api's schema migrations, embedded in the
// binary: files named NNNN_name.sql, applied in version order by the
// shared runner (workloads/internal/migrate) through `api migrate`. A file,
// once released, is never edited: a change is a new file with the next
// version. A file whose header says `-- migrate: no-transaction` runs
// outside a transaction, for CREATE INDEX CONCURRENTLY on a live table.
package migrations

import (
	"embed"

	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
)

//go:embed *.sql
var files embed.FS

// Table is the api's history table; its name predates the other
// blueprints' and is kept so that existing databases carry on.
const Table = "schema_migrations"

// LockKey is the advisory lock key of every run of the api's migrations.
// Fixed forever (the bytes spell "gwapimig").
const LockKey int64 = 0x67776170696d6967

// All returns the embedded migrations in version order.
func All() ([]migrate.Migration, error) { return migrate.Load(files) }

// Set returns the api's migration set.
func Set() (migrate.Set, error) {
	all, err := All()
	return migrate.Set{Name: "api", Table: Table, LockKey: LockKey, Migrations: all}, err
}
