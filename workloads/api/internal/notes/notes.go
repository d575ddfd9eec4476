// Package notes stores the api's notes in PostgreSQL reached through a
// transaction-mode pooler (Neon's pooled endpoint, PgBouncer).
//
// The pool follows package pgtx's discipline for transaction poolers (exec
// mode, SET LOCAL statement_timeout in every transaction, lazy connect so
// the process answers its health check while the database is down, bounded
// acquire).
//
// Failures are [*Error] values whose kind ([ErrNotFound], [ErrTimeout],
// [ErrUnavailable], context.Canceled) callers test with errors.Is. Nothing
// here logs or returns a connection string; [Describe] gives the host and
// database name for logs.
package notes

import (
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/pgtx"
)

// Defaults when a variable is unset; the values and their reasons live in
// workloadenv, shared with the components that set them.
const ()

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

// errBadURL is pgtx's, prefixed with this package.
var errBadURL = fmt.Errorf("notes: %w", pgtx.ErrBadURL)

// PoolConfig returns the pool settings for a transaction-mode pooler.
func PoolConfig(cfg Config) (*pgxpool.Config, error) {
	pc, err := pgtx.PoolConfig(cfg.URL, cfg.settings())
	if err != nil {
		return nil, errBadURL
	}
	return pc, nil
}

func (cfg Config) settings() pgtx.Settings {
	s := pgtx.Settings{
		PoolSize:         or(cfg.PoolSize, workloadenv.DefaultAPIPoolSize),
		ConnectTimeout:   or(cfg.ConnectTimeout, workloadenv.DefaultConnectTimeout),
		StatementTimeout: or(cfg.StatementTimeout, workloadenv.DefaultStatementTimeout),
		MaxConnIdleTime:  MaxConnIdleTime,
	}
	if cfg.Tracer != nil {
		s.Tracer = QueryTracer{Tracer: cfg.Tracer}
	}
	return s
}

// Store reads and writes notes. It is safe for concurrent use.
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
		return nil, fmt.Errorf("notes: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Close closes the pool, waiting for acquired connections to be released.
func (s *Store) Close() { s.pool.Close() }

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
