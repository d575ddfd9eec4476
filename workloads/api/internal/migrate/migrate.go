// Package migrate applies the api's embedded migrations (package migrations)
// over the database's direct URL.
//
// Migrations never go through the transaction pooler: they hold a
// session-level advisory lock, so that two runs (two deploys, or a job
// retried while the first is still running) apply each migration once, and
// DDL belongs on a real session. Each migration runs in its own transaction
// with its version recorded in schema_migrations in the same transaction;
// a second run applies nothing.
package migrate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/api/migrations"
)

// LockKey is the pg_advisory_lock key every run of the api's migrations
// takes. Fixed forever: two binaries using different keys would migrate
// concurrently. (The bytes spell "gwapimig".)
const LockKey int64 = 0x67776170696d6967

// LockTimeout keeps a migration's DDL from queueing behind a long
// transaction, and every query from queueing behind the DDL.
const LockTimeout = 10 * time.Second

// DefaultConnectTimeout applies when Run is given zero.
const DefaultConnectTimeout = workloadenv.DefaultConnectTimeout

// DefaultTimeout bounds a whole run, the wait for the lock included: a run
// stuck behind another one fails, and the deploy says so, instead of hanging.
const DefaultTimeout = time.Minute

// neonPoolerHostPart marks Neon's pooled hostnames (ep-name-123-pooler.region...).
const neonPoolerHostPart = "-pooler."

const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    bigint      PRIMARY KEY,
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)`

// errBadURL replaces pgx's parse error, which quotes the URL.
var errBadURL = errors.New("migrate: database URL is not a valid PostgreSQL connection string")

// Result is what a run did.
type Result struct {
	// Applied are the migrations this run applied, in order.
	Applied []migrations.Migration
	// Unknown are versions recorded in the database that this binary does
	// not have: a newer release has migrated the database.
	Unknown []int64
}

// CheckDirect rejects a URL that is unparsable or names Neon's pooled
// endpoint: behind a transaction pooler the session advisory lock guards
// nothing, and DDL may be split across server connections.
func CheckDirect(directURL string) error {
	cfg, err := pgconn.ParseConfig(directURL)
	if err != nil {
		return errBadURL
	}
	if strings.Contains(cfg.Host, neonPoolerHostPart) {
		return fmt.Errorf("migrate: %s names a pooled endpoint (host %s); use the direct URL, without -pooler",
			workloadenv.DatabaseDirectURL, cfg.Host)
	}
	return nil
}

// Run connects to directURL and applies ms with [Apply].
func Run(ctx context.Context, directURL string, connectTimeout time.Duration, ms []migrations.Migration, log *slog.Logger) (Result, error) {
	if err := CheckDirect(directURL); err != nil {
		return Result{}, err
	}
	cfg, err := pgx.ParseConfig(directURL)
	if err != nil {
		return Result{}, errBadURL
	}
	cfg.ConnectTimeout = connectTimeout
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return Result{}, fmt.Errorf("migrate: connect: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	return Apply(ctx, conn, ms, log)
}

// Apply applies the migrations of ms not yet recorded in schema_migrations,
// in order, holding the advisory lock [LockKey] throughout. It stops at the
// first failure; the migrations before it stay applied.
func Apply(ctx context.Context, conn *pgx.Conn, ms []migrations.Migration, log *slog.Logger) (res Result, err error) {
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", LockKey); err != nil {
		return res, fmt.Errorf("migrate: take advisory lock: %w", err)
	}
	defer func() {
		_, unlockErr := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", LockKey)
		if unlockErr != nil && err == nil {
			err = fmt.Errorf("migrate: release advisory lock: %w", unlockErr)
		}
	}()

	if _, err := conn.Exec(ctx, createTable); err != nil {
		return res, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	applied, err := appliedVersions(ctx, conn)
	if err != nil {
		return res, err
	}
	known := map[int64]bool{}
	for _, m := range ms {
		known[m.Version] = true
		if applied[m.Version] {
			continue
		}
		start := time.Now()
		if err := applyOne(ctx, conn, m); err != nil {
			return res, err
		}
		res.Applied = append(res.Applied, m)
		log.InfoContext(ctx, "migration applied", "version", m.Version, "name", m.Name,
			"duration_ms", time.Since(start).Milliseconds())
	}
	for v := range applied {
		if !known[v] {
			res.Unknown = append(res.Unknown, v)
		}
	}
	return res, nil
}

func appliedVersions(ctx context.Context, conn *pgx.Conn) (map[int64]bool, error) {
	rows, err := conn.Query(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
	}
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
	}
	applied := make(map[int64]bool, len(versions))
	for _, v := range versions {
		applied[v] = true
	}
	return applied, nil
}

func applyOne(ctx context.Context, conn *pgx.Conn, m migrations.Migration) error {
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// SET takes no bind parameters; the value is an integer we format.
		if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL lock_timeout = %d", LockTimeout.Milliseconds())); err != nil {
			return err
		}
		// No arguments: pgx sends the file with the simple protocol, so it
		// may hold several statements.
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.Version, m.Name)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: apply %04d_%s: %w", m.Version, m.Name, err)
	}
	return nil
}
