// Package store writes jobs to PostgreSQL through a transaction-mode pooler
// (PgBouncer, Neon's pooled endpoint).
//
// Such a pooler hands each transaction to whichever server connection is
// free, so the pool keeps no session state: queries run in pgx's
// QueryExecModeExec (PgBouncer before 1.21 rejects named prepared statements
// in transaction mode), settings are applied with SET LOCAL inside the
// transaction, and there is no LISTEN and no session advisory lock. The
// schema is applied by [Migrate] over the direct URL, never through the
// pooler.
//
// Nothing here logs or returns a connection string; [Describe] gives the
// host and database name for logs.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// Defaults when a variable is unset; the values and their reasons live in
// workloadenv, shared with the components that set them.
const (
	DefaultPoolSize         = workloadenv.DefaultPoolSize
	DefaultConnectTimeout   = workloadenv.DefaultConnectTimeout
	DefaultStatementTimeout = workloadenv.DefaultStatementTimeout
)

// Job is one row to write.
type Job struct {
	IdempotencyKey string
	Kind           string
	Payload        json.RawMessage
	// RequestID and TraceID are stored as NULL when empty.
	RequestID string
	TraceID   string
}

// Config configures a Store. Zero values mean the defaults above.
type Config struct {
	// URL is the pooled connection URL. Secret: never log it.
	URL              string
	PoolSize         int
	ConnectTimeout   time.Duration
	StatementTimeout time.Duration
}

// errBadURL is returned for an unparsable URL instead of pgx's error, which
// quotes the URL (with the password redacted only on a best-effort basis).
var errBadURL = errors.New("store: database URL is not a valid PostgreSQL connection string")

// PoolConfig returns the pool settings for a transaction-mode pooler.
func PoolConfig(cfg Config) (*pgxpool.Config, error) {
	pc, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		return nil, errBadURL
	}
	pc.MaxConns = int32(or(cfg.PoolSize, DefaultPoolSize))
	pc.MinConns = 0 // connect lazily: a down database fails messages, not init
	pc.ConnConfig.ConnectTimeout = or(cfg.ConnectTimeout, DefaultConnectTimeout)
	pc.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	pc.ConnConfig.StatementCacheCapacity = 0
	pc.ConnConfig.DescriptionCacheCapacity = 0
	return pc, nil
}

// Store writes jobs. It is safe for concurrent use.
type Store struct {
	pool             *pgxpool.Pool
	connectTimeout   time.Duration
	statementTimeout time.Duration
}

// Open creates the pool without connecting.
func Open(cfg Config) (*Store, error) {
	pc, err := PoolConfig(cfg)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, fmt.Errorf("store: create pool: %w", err)
	}
	return &Store{
		pool:             pool,
		connectTimeout:   pc.ConnConfig.ConnectTimeout,
		statementTimeout: or(cfg.StatementTimeout, DefaultStatementTimeout),
	}, nil
}

// Close closes the pool.
func (s *Store) Close() { s.pool.Close() }

const insertJob = `INSERT INTO groundwork_jobs (idempotency_key, kind, payload, request_id, trace_id)
VALUES ($1, $2, $3::jsonb, $4, $5)
ON CONFLICT (idempotency_key) DO NOTHING`

// Process writes job in one transaction and reports whether it was inserted:
// false means a job with the same idempotency key was already written.
func (s *Store) Process(ctx context.Context, job Job) (inserted bool, err error) {
	acquireCtx, cancel := context.WithTimeout(ctx, s.connectTimeout)
	conn, err := s.pool.Acquire(acquireCtx)
	cancel()
	if err != nil {
		return false, fmt.Errorf("store: acquire connection: %w", err)
	}
	defer conn.Release()

	tx, err := conn.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("store: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }() // no-op after Commit

	// SET takes no bind parameters; the value is an integer we format.
	if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", s.statementTimeout.Milliseconds())); err != nil {
		return false, fmt.Errorf("store: set statement_timeout: %w", err)
	}
	tag, err := tx.Exec(ctx, insertJob,
		job.IdempotencyKey, job.Kind, string(job.Payload), nullIfEmpty(job.RequestID), nullIfEmpty(job.TraceID))
	if err != nil {
		return false, fmt.Errorf("store: insert job: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("store: commit: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// Describe returns "host=<host> database=<db>" for url, for logs; it never
// includes the user or password.
func Describe(url string) string {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return "host=? database=? (unparsable URL)"
	}
	return fmt.Sprintf("host=%s database=%s", cfg.Host, cfg.Database)
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
