package migrate

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
)

// envTestDirectURL names a real server's direct URL (scripts/localdb sets
// it); the tests needing one skip without it, or fail under
// GROUNDWORK_RUNTIME_TESTS=require.
const envTestDirectURL = "GROUNDWORK_TEST_DATABASE_DIRECT_URL"

// testDB creates a database of its own for the test and returns its URL;
// it is dropped when the test ends.
func testDB(t *testing.T) string {
	t.Helper()
	base := os.Getenv(envTestDirectURL)
	if base == "" {
		if os.Getenv("GROUNDWORK_RUNTIME_TESTS") == "require" {
			t.Fatal(`the local database is required here: eval "$(scripts/localdb start)"`)
		}
		t.Skip(`the local database is not set up: eval "$(scripts/localdb start)"`)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "migrate_" + hex.EncodeToString(b)
	admin := connect(t, base)
	if _, err := admin.Exec(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
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

// connect opens a connection closed when the test ends.
func connect(t *testing.T, dsn string) *pgx.Conn {
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

func exec(t *testing.T, c *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := c.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%.80s: %v", sql, err)
	}
}

func queryInt(t *testing.T, c *pgx.Conn, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := c.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%.80s: %v", sql, err)
	}
	return n
}

// mig builds a migration as Load would from the file's body.
func mig(t *testing.T, version int64, name, body string) Migration {
	t.Helper()
	m, err := Load(fstest.MapFS{fmt.Sprintf("%04d_%s.sql", version, name): {Data: []byte(body)}})
	if err != nil {
		t.Fatal(err)
	}
	return m[0]
}

// logBuffer is a JSON logger's output, safe for concurrent runs.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewJSONHandler(b, nil)), b
}
