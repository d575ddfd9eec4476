// Package pgtest gives the database tests (the workloads' and the runtime
// tests') the local PostgreSQL and PgBouncer that scripts/localdb starts:
// their URLs, a database of the test's own, and connections closed when the
// test ends.
//
// Without the local database a test skips with the command that starts it,
// or fails under GROUNDWORK_RUNTIME_TESTS=require (what scripts/test sets).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Variables scripts/localdb exports.
const (
	EnvPooledURL = "GROUNDWORK_TEST_DATABASE_URL"
	EnvDirectURL = "GROUNDWORK_TEST_DATABASE_DIRECT_URL"
)

// URLs returns the pooled (PgBouncer) and direct (PostgreSQL) URLs.
func URLs(t testing.TB) (pooled, direct string) {
	t.Helper()
	pooled, direct = os.Getenv(EnvPooledURL), os.Getenv(EnvDirectURL)
	if pooled == "" || direct == "" {
		if os.Getenv("GROUNDWORK_RUNTIME_TESTS") == "require" {
			t.Fatal(`the local database is required here: eval "$(scripts/localdb start)"`)
		}
		t.Skip(`the local database is not set up: eval "$(scripts/localdb start)"`)
	}
	return pooled, direct
}

// Database creates an empty database named prefix_<random>, returns its
// direct URL, and drops it when the test ends.
func Database(t testing.TB, prefix string) string {
	t.Helper()
	_, base := URLs(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := prefix + "_" + hex.EncodeToString(b)
	admin := Connect(t, base)
	Exec(t, admin, "CREATE DATABASE "+name)
	_ = admin.Close(context.Background())
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Logf("drop database %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Connect opens a connection that is closed when the test ends.
func Connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the local database: %v", err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// Exec runs sql and fails the test on an error.
func Exec(t testing.TB, c *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := c.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%.80s: %v", sql, err)
	}
}

// Int runs a query returning one integer.
func Int(t testing.TB, c *pgx.Conn, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := c.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%.80s: %v", sql, err)
	}
	return n
}
