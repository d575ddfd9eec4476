// Package store writes jobs to PostgreSQL through a transaction-mode pooler
// (PgBouncer, Neon's pooled endpoint).
//
// The pool follows package pgtx's discipline for transaction poolers (exec
// mode, SET LOCAL statement_timeout, lazy connect, bounded acquire), with no
// LISTEN and no session advisory lock. The schema (workloads/jobs/migrations)
// is applied by the migrate command over the direct URL, never through the
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
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/pgtx"
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

// errBadURL is pgtx's, prefixed with this package.
var errBadURL = fmt.Errorf("store: %w", pgtx.ErrBadURL)

// PoolConfig returns the pool settings for a transaction-mode pooler.
func PoolConfig(cfg Config) (*pgxpool.Config, error) {
	pc, err := pgtx.PoolConfig(cfg.URL, cfg.settings())
	if err != nil {
		return nil, errBadURL
	}
	return pc, nil
}

func (cfg Config) settings() pgtx.Settings {
	return pgtx.Settings{
		PoolSize:         or(cfg.PoolSize, workloadenv.DefaultPoolSize),
		ConnectTimeout:   or(cfg.ConnectTimeout, workloadenv.DefaultConnectTimeout),
		StatementTimeout: or(cfg.StatementTimeout, workloadenv.DefaultStatementTimeout),
	}
}

// Store writes jobs. It is safe for concurrent use.
type Store struct {
	pool *pgtx.Pool
}

// Open creates the pool without connecting.
func Open(cfg Config) (*Store, error) {
	pool, err := pgtx.Open(cfg.URL, cfg.settings())
	if errors.Is(err, pgtx.ErrBadURL) {
		return nil, errBadURL
	}
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Close closes the pool.
func (s *Store) Close() { s.pool.Close() }

const insertJob = `INSERT INTO groundwork_jobs (idempotency_key, kind, payload, request_id, trace_id)
VALUES ($1, $2, $3::jsonb, $4, $5)
ON CONFLICT (idempotency_key) DO NOTHING`

// Process writes job in one transaction and reports whether it was inserted:
// false means a job with the same idempotency key was already written.
func (s *Store) Process(ctx context.Context, job Job) (inserted bool, err error) {
	err = s.pool.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, insertJob,
			job.IdempotencyKey, job.Kind, string(job.Payload), nullIfEmpty(job.RequestID), nullIfEmpty(job.TraceID))
		if err != nil {
			return fmt.Errorf("insert job: %w", err)
		}
		inserted = tag.RowsAffected() == 1
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return inserted, nil
}

// deleteProcessed deletes up to $2 jobs processed before $1, oldest first
// (the index of migration 0002 serves the range and the order). SKIP LOCKED
// leaves a row another transaction holds (a concurrent run) to that one
// instead of waiting for it: a batch never queues behind a lock.
const deleteProcessed = `DELETE FROM groundwork_jobs WHERE idempotency_key IN (
    SELECT idempotency_key FROM groundwork_jobs WHERE processed_at < $1
    ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED)`

// DeleteProcessed deletes, in one transaction, up to limit jobs processed
// before cutoff, oldest first, and returns how many it deleted. With them go
// their idempotency keys: a redelivery of such a job would run again.
func (s *Store) DeleteProcessed(ctx context.Context, cutoff time.Time, limit int) (deleted int64, err error) {
	if limit <= 0 {
		return 0, fmt.Errorf("store: delete processed jobs: limit must be positive, got %d", limit)
	}
	err = s.pool.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, deleteProcessed, cutoff, limit)
		if err != nil {
			return fmt.Errorf("delete processed jobs: %w", err)
		}
		deleted = tag.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return deleted, nil
}

// Describe returns "host=<host> database=<db>" for url, for logs; it never
// includes the user or password.
func Describe(url string) string { return pgtx.Describe(url) }

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// nullIfEmpty stores an absent id as NULL rather than "".
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
