package rt

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// EnvServerLog names PostgreSQL's log file, which scripts/localdb exports.
const EnvServerLog = "GROUNDWORK_TEST_DATABASE_LOG"

// ServerEntry is one message of PostgreSQL's log.
type ServerEntry struct {
	User, Database, App string
	// Severity is LOG, ERROR, DETAIL, STATEMENT, ...
	Severity string
	// Message is the text after the severity, continuation lines included.
	Message string
}

// Statement is what the entry says the server ran, from a log_statement
// line: "execute <name>" for a prepared statement run with the extended
// protocol (Name "<unnamed>" for an unnamed one), "statement" for the
// simple protocol (Name empty), with its SQL text. ok is false for other
// entries.
func (e ServerEntry) Statement() (kind, name, sql string, ok bool) {
	if e.Severity != "LOG" {
		return "", "", "", false
	}
	if rest, found := strings.CutPrefix(e.Message, "statement: "); found {
		return "statement", "", rest, true
	}
	if rest, found := strings.CutPrefix(e.Message, "execute "); found {
		if name, text, found := strings.Cut(rest, ": "); found {
			return "execute", name, text, true
		}
	}
	return "", "", "", false
}

// serverLine is scripts/localdb's log_line_prefix ('%m [%p] user=%u db=%d
// app=%a: ') and the severity.
var serverLine = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \S+ \[\d+\] user=(\S*) db=(\S*) app=(.*?): ([A-Z]+):  (.*)$`)

// ServerLog returns the entries of PostgreSQL's log written by user's
// sessions in this database, in order. Statements are logged only where a
// test asked for it: db.SetRoleParam(t, user, "log_statement", "all").
func (db *DB) ServerLog(t testing.TB, user string) []ServerEntry {
	t.Helper()
	path := os.Getenv(EnvServerLog)
	if path == "" {
		Require(t, "PostgreSQL's log ("+EnvServerLog+")", `start the database with: eval "$(scripts/localdb start)"`)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read PostgreSQL's log: %v", err)
	}
	var out []ServerEntry
	mine := false
	for _, line := range strings.Split(string(raw), "\n") {
		m := serverLine.FindStringSubmatch(line)
		if m == nil {
			// A continuation of a multi-line message (SQL text), which
			// the server indents with a tab.
			if mine && len(out) > 0 {
				out[len(out)-1].Message += "\n" + strings.TrimPrefix(line, "\t")
			}
			continue
		}
		mine = m[1] == user && m[2] == db.Name
		if mine {
			out = append(out, ServerEntry{User: m[1], Database: m[2], App: m[3], Severity: m[4], Message: m[5]})
		}
	}
	return out
}

// UncacheableFunctions returns the names of the functions PostgreSQL marks
// STABLE or VOLATILE, which make a query uncacheable by Hyperdrive
// (https://developers.cloudflare.com/hyperdrive/concepts/query-caching/).
func (db *DB) UncacheableFunctions(t testing.TB) map[string]bool {
	t.Helper()
	c := connect(t, db.Direct)
	defer c.Close(context.Background())
	rows, err := c.Query(context.Background(), "SELECT DISTINCT lower(proname) FROM pg_proc WHERE provolatile IN ('s', 'v')")
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}
