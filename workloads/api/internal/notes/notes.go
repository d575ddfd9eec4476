// Package notes stores the api's notes in PostgreSQL reached through a
// transaction-mode pooler (Neon's pooled endpoint, PgBouncer).
//
// Such a pooler hands each transaction to whichever server connection is
// free, so the pool keeps no session state: statements run in pgx's
// QueryExecModeExec (no named prepared statements, which PgBouncer before
// 1.21 rejects in transaction mode), and every statement runs in a
// transaction that first sets SET LOCAL statement_timeout (a startup
// parameter is refused by the pooler). The pool connects lazily, so the
// process starts and answers its health check while the database is down.
//
// Failures are [*Error] values whose kind ([ErrNotFound], [ErrTimeout],
// [ErrUnavailable], context.Canceled) callers test with errors.Is. Nothing
// here logs or returns a connection string; [Describe] gives the host and
// database name for logs.
package notes

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// Defaults when a variable is unset; the values and their reasons live in
// workloadenv, shared with the components that set them.
const (
	DefaultPoolSize         = workloadenv.DefaultAPIPoolSize
	DefaultConnectTimeout   = workloadenv.DefaultConnectTimeout
	DefaultStatementTimeout = workloadenv.DefaultStatementTimeout
)

// MaxConnIdleTime closes a client connection idle for a minute. Behind a
// transaction pooler an idle client connection holds no server connection,
// but it still counts against the pooler's client limit, and a scaled-down
// instance should give its connections back.
const MaxConnIdleTime = time.Minute

// Limits of the resource.
const (
	// MaxBodyRunes caps a note's body, in characters.
	MaxBodyRunes = 10_000
	// DefaultPageSize is the number of notes listed when none is asked for.
	DefaultPageSize = 20
	// MaxPageSize is the most notes one page lists.
	MaxPageSize = 100
)

// Note is one note.
type Note struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Page is one page of notes, newest first.
type Page struct {
	Notes []Note
	// Next is where the next page starts; nil on the last page.
	Next *Cursor
}

// Config configures a Store. Zero values mean the defaults above.
type Config struct {
	// URL is the pooled connection URL. Secret: never log it.
	URL              string
	PoolSize         int
	ConnectTimeout   time.Duration
	StatementTimeout time.Duration
	// Tracer, if set, gets a client span per statement ([QueryTracer]).
	Tracer trace.Tracer
}

// errBadURL is returned for an unparsable URL instead of pgx's error, which
// quotes the URL (with the password redacted only on a best-effort basis).
var errBadURL = errors.New("notes: database URL is not a valid PostgreSQL connection string")

// PoolConfig returns the pool settings for a transaction-mode pooler.
func PoolConfig(cfg Config) (*pgxpool.Config, error) {
	pc, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		return nil, errBadURL
	}
	pc.MaxConns = int32(or(cfg.PoolSize, DefaultPoolSize))
	pc.MinConns = 0 // connect lazily: a down database fails requests, not startup
	pc.MaxConnIdleTime = MaxConnIdleTime
	pc.ConnConfig.ConnectTimeout = or(cfg.ConnectTimeout, DefaultConnectTimeout)
	pc.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	pc.ConnConfig.StatementCacheCapacity = 0
	pc.ConnConfig.DescriptionCacheCapacity = 0
	if cfg.Tracer != nil {
		pc.ConnConfig.Tracer = QueryTracer{Tracer: cfg.Tracer}
	}
	return pc, nil
}

// Store reads and writes notes. It is safe for concurrent use.
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
		return nil, fmt.Errorf("notes: create pool: %w", err)
	}
	return &Store{
		pool:             pool,
		connectTimeout:   pc.ConnConfig.ConnectTimeout,
		statementTimeout: or(cfg.StatementTimeout, DefaultStatementTimeout),
	}, nil
}

// Close closes the pool, waiting for acquired connections to be released.
func (s *Store) Close() { s.pool.Close() }

// Describe returns "host=<host> database=<db>" for url, for logs; it never
// includes the user or password.
func Describe(url string) string {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return "host=? database=? (unparsable URL)"
	}
	return fmt.Sprintf("host=%s database=%s", cfg.Host, cfg.Database)
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
