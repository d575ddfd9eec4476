package migrate

import (
	"bytes"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/internal/pgtest"
)

// testDB creates a database of its own for the test and returns its URL.
func testDB(t *testing.T) string { return pgtest.Database(t, "migrate") }

func connect(t *testing.T, dsn string) *pgx.Conn { return pgtest.Connect(t, dsn) }

func exec(t *testing.T, c *pgx.Conn, sql string, args ...any) {
	t.Helper()
	pgtest.Exec(t, c, sql, args...)
}

func queryInt(t *testing.T, c *pgx.Conn, sql string, args ...any) int {
	t.Helper()
	return pgtest.Int(t, c, sql, args...)
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
