package migrate

import (
	"slices"
	"testing"
)

func TestStatements(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		want      []string
	}{
		{"two", "DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (c);\n",
			[]string{"DROP INDEX CONCURRENTLY IF EXISTS i", "CREATE INDEX CONCURRENTLY i ON t (c)"}},
		{"no final semicolon", "SELECT 1; SELECT 2", []string{"SELECT 1", "SELECT 2"}},
		// A comment before a statement is sent with it, as psql does.
		{"comments only between", "-- header; with a semicolon\nSELECT 1;\n/* a; b */\n-- trailing;\n",
			[]string{"-- header; with a semicolon\nSELECT 1"}},
		{"comment inside a statement", "SELECT 1 -- one; still one\n + 2;", []string{"SELECT 1 -- one; still one\n + 2"}},
		{"nested block comment", "SELECT /* a /* b; */ c; */ 1; SELECT 2;", []string{"SELECT /* a /* b; */ c; */ 1", "SELECT 2"}},
		{"string", "INSERT INTO t VALUES ('a;b', 'it''s; fine');", []string{"INSERT INTO t VALUES ('a;b', 'it''s; fine')"}},
		{"escape string", `SELECT E'a\';b'; SELECT 2;`, []string{`SELECT E'a\';b'`, "SELECT 2"}},
		{"not an escape string", `SELECT 'a\'; SELECT 2;`, []string{`SELECT 'a\'`, "SELECT 2"}},
		{"quoted identifier", `CREATE TABLE "a;""b" (c int); SELECT 2;`, []string{`CREATE TABLE "a;""b" (c int)`, "SELECT 2"}},
		{"dollar quote", "DO $$ BEGIN PERFORM 1; PERFORM 2; END $$; SELECT 3;",
			[]string{"DO $$ BEGIN PERFORM 1; PERFORM 2; END $$", "SELECT 3"}},
		{"tagged dollar quote", "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ $body$ LANGUAGE sql; SELECT 2;",
			[]string{"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ $body$ LANGUAGE sql", "SELECT 2"}},
		{"parameter is not a quote", "PREPARE p AS SELECT $1; SELECT 2;", []string{"PREPARE p AS SELECT $1", "SELECT 2"}},
		{"dollar in identifier", "SELECT a$b$c FROM t; SELECT 2;", []string{"SELECT a$b$c FROM t", "SELECT 2"}},
		{"empty", " ;\n; -- nothing\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Statements(tc.sql); !slices.Equal(got, tc.want) {
				t.Errorf("Statements(%q)\n got %q\nwant %q", tc.sql, got, tc.want)
			}
		})
	}
}
