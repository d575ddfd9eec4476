package migrate

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// States of a history row.
const (
	StateApplied = "applied"
	// StateFailed marks a no-transaction file that stopped part-way: it may
	// have left effects behind, and the next run applies it again.
	StateFailed = "failed"
)

// The history table, created on the first run and brought up to date in
// place: the api's schema_migrations of earlier releases had only the
// first three columns, and their rows count as applied.
const (
	createHistory = `CREATE TABLE IF NOT EXISTS %[1]s (
    version    bigint      PRIMARY KEY,
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)`
	upgradeHistory = `ALTER TABLE %[1]s
    ADD COLUMN IF NOT EXISTS checksum       text,
    ADD COLUMN IF NOT EXISTS state          text    NOT NULL DEFAULT 'applied',
    ADD COLUMN IF NOT EXISTS no_transaction boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS duration_ms    bigint,
    ADD COLUMN IF NOT EXISTS error          text`
	recordRow = `INSERT INTO %[1]s AS h (version, name, checksum, state, no_transaction, duration_ms, error, applied_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, now())
ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, state = EXCLUDED.state,
    no_transaction = EXCLUDED.no_transaction, duration_ms = EXCLUDED.duration_ms, error = EXCLUDED.error,
    applied_at = EXCLUDED.applied_at`
	backfillChecksum = `UPDATE %[1]s SET checksum = $2 WHERE version = $1 AND checksum IS NULL`
	// to_jsonb reads every column there is, so a table of an earlier
	// layout reads too (Status never alters it).
	readRows = `SELECT to_jsonb(h) FROM %[1]s AS h ORDER BY version`
)

// row is one history row; pointers are columns that may be NULL or absent.
type row struct {
	Version       int64     `json:"version"`
	Name          string    `json:"name"`
	AppliedAt     time.Time `json:"applied_at"`
	Checksum      *string   `json:"checksum"`
	State         *string   `json:"state"`
	NoTransaction bool      `json:"no_transaction"`
	DurationMS    *int64    `json:"duration_ms"`
	Error         *string   `json:"error"`
}

func (r row) state() string {
	if r.State == nil {
		return StateApplied
	}
	return *r.State
}

// ensureHistory creates or upgrades the table; run it under the lock.
func ensureHistory(ctx context.Context, conn *pgx.Conn, table string) error {
	for _, q := range []string{createHistory, upgradeHistory} {
		if _, err := conn.Exec(ctx, fmt.Sprintf(q, quote(table))); err != nil {
			return fmt.Errorf("migrate: prepare %s: %w", table, err)
		}
	}
	return nil
}

// readHistory returns the rows by version; none when the table does not
// exist yet.
func readHistory(ctx context.Context, conn *pgx.Conn, table string) (map[int64]row, error) {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", quote(table)).Scan(&exists); err != nil {
		return nil, fmt.Errorf("migrate: look for %s: %w", table, err)
	}
	out := map[int64]row{}
	if !exists {
		return out, nil
	}
	rows, err := conn.Query(ctx, fmt.Sprintf(readRows, quote(table)))
	if err != nil {
		return nil, fmt.Errorf("migrate: read %s: %w", table, err)
	}
	raws, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, fmt.Errorf("migrate: read %s: %w", table, err)
	}
	for _, raw := range raws {
		var r row
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("migrate: read %s: %w", table, err)
		}
		out[r.Version] = r
	}
	return out, nil
}

// execer is a connection or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// record writes m's row in state, with how long it took and, for a
// failure, the error.
func record(ctx context.Context, db execer, table string, m Migration, state string, took time.Duration, failure error) error {
	var errText *string
	if failure != nil {
		s := failure.Error()
		errText = &s
	}
	_, err := db.Exec(ctx, fmt.Sprintf(recordRow, quote(table)),
		m.Version, m.Name, m.Checksum, state, m.NoTransaction, took.Milliseconds(), errText)
	if err != nil {
		return fmt.Errorf("migrate: record %s as %s: %w", m.File(), state, err)
	}
	return nil
}

// quote makes table an SQL identifier.
func quote(table string) string { return pgx.Identifier{table}.Sanitize() }
