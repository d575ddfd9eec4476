package migrate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Set is one blueprint's migrations and where their history lives.
type Set struct {
	// Name names the blueprint in logs and in the status report.
	Name string
	// Table is the history table, unqualified (it lands in the first schema
	// of the search path). Fixed forever, like LockKey.
	Table string
	// LockKey is the pg_advisory_lock key of every run. Two releases using
	// different keys would migrate concurrently.
	LockKey    int64
	Migrations []Migration
}

var tableName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func (s Set) check() error {
	if !tableName.MatchString(s.Table) {
		return fmt.Errorf("migrate: history table %q must be a lower-case SQL identifier", s.Table)
	}
	return nil
}

// Result is what a run did.
type Result struct {
	// Applied are the migrations this run applied, in order.
	Applied []Migration
	// Unknown are versions recorded in the database that this binary does
	// not have: a newer release has migrated the database.
	Unknown []int64
}

// ErrModified is wrapped by Up's error when an applied file was edited.
var ErrModified = errors.New("applied migrations were edited")

// Up applies the migrations of set not yet applied (pending, or failed
// earlier), in version order, holding the set's advisory lock throughout.
// It stops at the first failure; the migrations before it stay applied. An
// applied file whose checksum changed stops the run before anything is
// applied. conn must be a direct connection.
func Up(ctx context.Context, conn *pgx.Conn, set Set, log *slog.Logger) (res Result, err error) {
	if err := set.check(); err != nil {
		return res, err
	}
	unlock, err := lock(ctx, conn, set.LockKey, log)
	if err != nil {
		return res, err
	}
	defer func() {
		_, resetErr := conn.Exec(context.WithoutCancel(ctx), "RESET lock_timeout; RESET statement_timeout")
		err = errors.Join(err, resetErr, unlock())
	}()
	if err := setTimeouts(ctx, conn); err != nil {
		return res, err
	}
	if err := ensureHistory(ctx, conn, set.Table); err != nil {
		return res, err
	}
	history, err := readHistory(ctx, conn, set.Table)
	if err != nil {
		return res, err
	}
	if err := checkEdited(set, history); err != nil {
		return res, err
	}
	known := map[int64]bool{}
	for _, m := range set.Migrations {
		known[m.Version] = true
		h, recorded := history[m.Version]
		if recorded && h.state() == StateApplied {
			if h.Checksum == nil {
				if _, err := conn.Exec(ctx, fmt.Sprintf(backfillChecksum, quote(set.Table)), m.Version, m.Checksum); err != nil {
					return res, fmt.Errorf("migrate: record the checksum of %s: %w", m.File(), err)
				}
				log.InfoContext(ctx, "checksum recorded for a migration applied before checksums were kept",
					"version", m.Version, "name", m.Name, "checksum", m.Checksum)
			}
			continue
		}
		if err := setTimeouts(ctx, conn); err != nil {
			return res, err
		}
		start := time.Now()
		if m.NoTransaction {
			err = applyOutside(ctx, conn, set.Table, m)
		} else {
			err = applyInTx(ctx, conn, set.Table, m)
		}
		if err != nil {
			return res, err
		}
		res.Applied = append(res.Applied, m)
		log.InfoContext(ctx, "migration applied", "version", m.Version, "name", m.Name,
			"no_transaction", m.NoTransaction, "retried", recorded, "duration_ms", time.Since(start).Milliseconds())
	}
	for v := range history {
		if !known[v] {
			res.Unknown = append(res.Unknown, v)
		}
	}
	slices.Sort(res.Unknown)
	return res, nil
}

// setTimeouts sets the session's lock_timeout, and its statement_timeout to
// the time left before ctx's deadline (none without one).
func setTimeouts(ctx context.Context, conn *pgx.Conn) error {
	// SET takes no bind parameters; the values are integers we format.
	q := fmt.Sprintf("SET lock_timeout = %d", LockTimeout.Milliseconds())
	if deadline, ok := ctx.Deadline(); ok {
		q += fmt.Sprintf("; SET statement_timeout = %d", max(1, time.Until(deadline).Milliseconds()+1))
	}
	if _, err := conn.Exec(ctx, q); err != nil {
		return fmt.Errorf("migrate: set timeouts: %w", err)
	}
	return nil
}

func checkEdited(set Set, history map[int64]row) error {
	var edited []string
	for _, m := range set.Migrations {
		h, ok := history[m.Version]
		if ok && h.state() == StateApplied && h.Checksum != nil && *h.Checksum != m.Checksum {
			edited = append(edited, fmt.Sprintf("%s (recorded %s, file %s)", m.File(), short(*h.Checksum), short(m.Checksum)))
		}
	}
	if len(edited) == 0 {
		return nil
	}
	return fmt.Errorf("migrate: %w since they ran: %s; restore the released files and put the change in a new migration",
		ErrModified, strings.Join(edited, ", "))
}

// applyInTx runs m and records it in one transaction: all or nothing.
func applyInTx(ctx context.Context, conn *pgx.Conn, table string, m Migration) error {
	start := time.Now()
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// No arguments: pgx sends the file with the simple protocol, so it
		// may hold several statements.
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return err
		}
		return record(ctx, tx, table, m, StateApplied, time.Since(start), nil)
	})
	if err != nil {
		return fmt.Errorf("migrate: apply %s: %w", m.File(), err)
	}
	return nil
}

// applyOutside runs m's statements one by one outside any transaction
// block, and records the outcome: applied, or failed with the error.
func applyOutside(ctx context.Context, conn *pgx.Conn, table string, m Migration) error {
	start := time.Now()
	before, err := invalidIndexes(ctx, conn)
	if err != nil {
		return err
	}
	stmts := Statements(m.SQL)
	var failure error
	for i, st := range stmts {
		if _, err := conn.Exec(ctx, st); err != nil {
			failure = fmt.Errorf("statement %d of %d: %w", i+1, len(stmts), err)
			break
		}
	}
	// Even when ctx is done, the failure is recorded (briefly).
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), RecordTimeout)
	defer cancel()
	after, err := invalidIndexes(rctx, conn)
	if err != nil {
		return errors.Join(failure, err)
	}
	var left []string
	for _, ix := range after {
		if !slices.Contains(before, ix) {
			left = append(left, ix)
		}
	}
	if len(left) > 0 {
		failure = errors.Join(failure, fmt.Errorf("INVALID index left behind: %s; the file must drop it first "+
			"(DROP INDEX CONCURRENTLY IF EXISTS ...) so that the next run can build it again", strings.Join(left, ", ")))
	}
	if failure != nil {
		recErr := record(rctx, conn, table, m, StateFailed, time.Since(start), failure)
		return errors.Join(fmt.Errorf("migrate: apply %s (outside a transaction: what ran before the failure stays; "+
			"it is recorded as failed and the next run applies it again): %w", m.File(), failure), recErr)
	}
	return record(ctx, conn, table, m, StateApplied, time.Since(start), nil)
}

// invalidIndexes lists the INVALID indexes outside the system schemas, as
// a failed CREATE INDEX CONCURRENTLY leaves them.
func invalidIndexes(ctx context.Context, conn *pgx.Conn) ([]string, error) {
	rows, err := conn.Query(ctx, `SELECT c.oid::regclass::text FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("migrate: list invalid indexes: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("migrate: list invalid indexes: %w", err)
	}
	return names, nil
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}
