package rt

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/internal/pgtest"
)

// Variables scripts/localdb exports.
const (
	EnvPooledURL = pgtest.EnvPooledURL
	EnvDirectURL = pgtest.EnvDirectURL
)

// DB is a database of its own for one test, reachable straight at
// PostgreSQL and through PgBouncer.
type DB struct {
	// Name is the database's name.
	Name string
	// Direct and Pooled are its URLs. Both carry Password.
	Direct, Pooled string
	// Password is the role's password, which no log line may contain.
	Password string
	// PoolerAddr is PgBouncer's host:port, DirectAddr PostgreSQL's.
	PoolerAddr, DirectAddr string
}

// NewDB creates an empty database, applies schema over the direct URL, and
// drops the database when the test ends.
func NewDB(t testing.TB, schema string) *DB {
	t.Helper()
	pooled, _ := pgtest.URLs(t)
	direct := pgtest.Database(t, "rt")
	d, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(d.Path, "/")
	db := &DB{Name: name, Direct: direct, Pooled: withDatabase(t, pooled, name), DirectAddr: d.Host}
	u, _ := url.Parse(pooled)
	db.Password, _ = u.User.Password()
	db.PoolerAddr = u.Host
	if strings.TrimSpace(schema) != "" {
		execSQL(t, connect(t, db.Direct), schema)
	}
	return db
}

// Exec runs sql over the direct URL.
func (db *DB) Exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	c := connect(t, db.Direct)
	defer c.Close(context.Background())
	execSQL(t, c, sql, args...)
}

// Int runs a query returning one integer over the direct URL.
func (db *DB) Int(t testing.TB, sql string, args ...any) int {
	t.Helper()
	c := connect(t, db.Direct)
	defer c.Close(context.Background())
	var n int
	if err := c.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// Lock takes an ACCESS EXCLUSIVE lock on table in an open transaction on
// its own direct connection, so every query of the table waits: the way a
// test makes a workload's query slow without changing its code. The lock is
// held until release is called or the test ends.
func (db *DB) Lock(t testing.TB, table string) (release func()) {
	t.Helper()
	c := connect(t, db.Direct)
	ctx := context.Background()
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+table+" IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatalf("lock %s: %v", table, err)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		_ = tx.Rollback(ctx)
		_ = c.Close(ctx)
	}
	t.Cleanup(release)
	return release
}

// As returns the URL of this database at addr (PostgreSQL's, or a [Proxy]
// in front of it) for user, with the local database's password (see
// [EnableRole]).
func (db *DB) As(user, addr string) string {
	u, _ := url.Parse(db.Direct)
	u.Host = addr
	u.User = url.UserPassword(user, db.Password)
	return u.String()
}

// Via returns the pooled URL with its host and port replaced by addr (a
// [Proxy] in front of PgBouncer).
func (db *DB) Via(addr string) string {
	u, _ := url.Parse(db.Pooled)
	u.Host = addr
	return u.String()
}

// connect opens a connection, also closed when the test ends.
func connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	return pgtest.Connect(t, dsn)
}

func execSQL(t testing.TB, c *pgx.Conn, sql string, args ...any) {
	t.Helper()
	pgtest.Exec(t, c, sql, args...)
}

func withDatabase(t testing.TB, dsn, name string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s/%s is not a URL", EnvPooledURL, EnvDirectURL)
	}
	u.Path = "/" + name
	return u.String()
}

// RandomHex returns n random bytes in hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
