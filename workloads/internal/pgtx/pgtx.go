// Package pgtx is how the kit's Go workloads use Postgres behind a
// transaction-mode pooler (Neon's pooled endpoint, Supabase's port 6543,
// RDS Proxy, PgBouncer).
//
// Such a pooler hands each transaction to whichever server connection is
// free, so the pool keeps no session state: statements run in pgx's
// QueryExecModeExec (no named prepared statements, which PgBouncer before
// 1.21 rejects in transaction mode), statement and description caches are
// off, and the statement timeout is SET LOCAL inside every transaction (a
// startup parameter is refused by the pooler). The pool connects lazily, so
// a process starts while the database is down, and acquiring a connection is
// bounded by the connect timeout, so an exhausted pool fails fast.
package pgtx

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrAcquire marks a failure to get a connection within the connect timeout.
var ErrAcquire = errors.New("no database connection within the connect timeout")

// ErrBadURL is returned for an unparsable URL instead of pgx's error, which
// quotes the URL (with the password redacted only on a best-effort basis).
var ErrBadURL = errors.New("the database URL is not a valid PostgreSQL connection string")

// Settings of a pool. Every field is required except MaxConnIdleTime (zero:
// pgx's default) and Tracer.
type Settings struct {
	PoolSize         int
	ConnectTimeout   time.Duration
	StatementTimeout time.Duration
	MaxConnIdleTime  time.Duration
	Tracer           pgx.QueryTracer
}

// PoolConfig returns the pool settings for a transaction-mode pooler.
func PoolConfig(url string, s Settings) (*pgxpool.Config, error) {
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, ErrBadURL
	}
	pc.MaxConns = int32(s.PoolSize)
	pc.MinConns = 0 // connect lazily: a down database fails work, not startup
	if s.MaxConnIdleTime > 0 {
		pc.MaxConnIdleTime = s.MaxConnIdleTime
	}
	pc.ConnConfig.ConnectTimeout = s.ConnectTimeout
	pc.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	pc.ConnConfig.StatementCacheCapacity = 0
	pc.ConnConfig.DescriptionCacheCapacity = 0
	pc.ConnConfig.Tracer = s.Tracer
	return pc, nil
}

// Pool is a pgx pool with the transaction discipline above.
type Pool struct {
	*pgxpool.Pool
	connectTimeout, statementTimeout time.Duration
}

// Open creates the pool without connecting.
func Open(url string, s Settings) (*Pool, error) {
	pc, err := PoolConfig(url, s)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, fmt.Errorf("create pool: %w", err)
	}
	return &Pool{Pool: pool, connectTimeout: s.ConnectTimeout, statementTimeout: s.StatementTimeout}, nil
}

// InTx runs fn in one transaction whose first statement sets the statement
// timeout, and commits. An acquire failure wraps ErrAcquire.
func (p *Pool) InTx(ctx context.Context, fn func(pgx.Tx) error) error {
	acquireCtx, cancel := context.WithTimeout(ctx, p.connectTimeout)
	conn, err := p.Acquire(acquireCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrAcquire, err)
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }() // no-op after Commit
	// SET takes no bind parameters; the value is an integer we format.
	if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", p.statementTimeout.Milliseconds())); err != nil {
		return fmt.Errorf("set statement_timeout: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
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
