package migrations

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/internal/pgtest"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
)

func TestEmbeddedMigrations(t *testing.T) {
	set, err := Set()
	if err != nil {
		t.Fatal(err)
	}
	if set.Name != "edge" || set.Table != "groundwork_edge_schema_migrations" || set.LockKey != 0x67776564676d6967 {
		t.Errorf("set = %s %s %#x", set.Name, set.Table, set.LockKey)
	}
	var names []string
	for _, m := range set.Migrations {
		names = append(names, m.File())
	}
	if strings.Join(names, " ") != "0001_create_items.sql 0002_create_worker_role.sql" {
		t.Errorf("migrations = %v", names)
	}
	role := set.Migrations[1].SQL
	// The role's timeout is the Worker's default DB_STATEMENT_TIMEOUT.
	m := regexp.MustCompile(`SET statement_timeout = %L',\s*current_database\(\), '([^']+)'\)`).FindStringSubmatch(role)
	if m == nil {
		t.Fatalf("0002 sets no statement_timeout:\n%s", role)
	}
	if got, err := pgDuration(m[1]); err != nil || got != workloadenv.DefaultStatementTimeout {
		t.Errorf("0002 sets statement_timeout %q (%v, %v), want workloadenv.DefaultStatementTimeout %v",
			m[1], got, err, workloadenv.DefaultStatementTimeout)
	}
	var code []string // the file without its comments
	for _, line := range strings.Split(role, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			code = append(code, line)
		}
	}
	if s := strings.Join(code, "\n"); strings.Count(s, WorkerRole) != 3 || strings.Contains(strings.ToUpper(s), "PASSWORD") ||
		!strings.Contains(s, "CREATE ROLE "+WorkerRole+" NOLOGIN;") {
		t.Errorf("0002 must create %s NOLOGIN, with no password:\n%s", WorkerRole, s)
	}
}

func TestPGDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"10s": 10 * time.Second, "1500": 1500 * time.Millisecond,
		"250ms": 250 * time.Millisecond, "2min": 2 * time.Minute, "1h": time.Hour, "0": 0, "5 s": 5 * time.Second} {
		if got, err := pgDuration(in); err != nil || got != want {
			t.Errorf("pgDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "10 seconds", "1.5s", "-1s"} {
		if _, err := pgDuration(bad); err == nil {
			t.Errorf("pgDuration(%q) accepted", bad)
		}
	}
}

// TestMigrationsUpgradeAHandSetUpDatabaseAndCreateTheWorkerRole: a
// database set up by hand from the schema.sql of earlier releases, holding
// items, is migrated: its rows stay, and the Worker's role comes out able
// to read items and nothing else, with the kit's statement timeout in
// force in its sessions, which the status check confirms.
func TestMigrationsUpgradeAHandSetUpDatabaseAndCreateTheWorkerRole(t *testing.T) {
	dsn := testDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	legacy, err := os.ReadFile("testdata/schema-before-versioning.sql")
	if err != nil {
		t.Fatal(err)
	}
	c := connect(t, dsn)
	exec(t, c, string(legacy))
	exec(t, c, "INSERT INTO items (name) VALUES ('kept-1'), ('kept-2')")

	set, err := Set()
	if err != nil {
		t.Fatal(err)
	}
	res, err := migrate.Up(ctx, c, set, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil || len(res.Applied) != 2 {
		t.Fatalf("Up = %+v, %v", res, err)
	}
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM items WHERE name LIKE 'kept-%'").Scan(&n); err != nil || n != 2 {
		t.Errorf("items kept = %d, %v", n, err)
	}

	detail, err := WorkerRoleCheck(10*time.Second).Run(ctx, c)
	if err != nil || !strings.HasPrefix(detail, "groundwork_edge_worker has statement_timeout 10s = DB_STATEMENT_TIMEOUT; it ") {
		t.Errorf("check with 10s = %q, %v", detail, err)
	}
	_, err = WorkerRoleCheck(5*time.Second).Run(ctx, c)
	want := "role groundwork_edge_worker has statement_timeout 10s in this database, but the Worker's DB_STATEMENT_TIMEOUT is 5s; make them equal: " +
		"a new migration (ALTER ROLE groundwork_edge_worker IN DATABASE ... SET statement_timeout = ...) or groundwork:edge.statementTimeout"
	if err == nil || err.Error() != want {
		t.Errorf("check with 5s = %v\nwant %s", err, want)
	}

	w := connect(t, asWorker(t, dsn))
	var timeout string
	if err := w.QueryRow(ctx, "SHOW statement_timeout").Scan(&timeout); err != nil || timeout != "10s" {
		t.Errorf("the worker's sessions have statement_timeout %q (%v), want the role's 10s", timeout, err)
	}
	if err := w.QueryRow(ctx, "SELECT count(*) FROM items").Scan(&n); err != nil || n != 2 {
		t.Errorf("the worker reads %d items, %v", n, err)
	}
	_, err = w.Exec(ctx, "INSERT INTO items (name) VALUES ('nope')")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
		t.Errorf("the worker's insert = %v, want permission denied (42501)", err)
	}
}

// passwordLock serialises ALTER ROLE on the shared worker role across test
// processes (tests/runtime uses the same key): concurrent updates of one
// role fail with "tuple concurrently updated".
const passwordLock = 0x67776564676d6970

// asWorker enables the worker role with the local database's password and
// returns dsn with the worker as its user.
func asWorker(t *testing.T, dsn string) string {
	t.Helper()
	base := os.Getenv("GROUNDWORK_TEST_DATABASE_DIRECT_URL")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	password, _ := u.User.Password()
	c := connect(t, base)
	err = pgx.BeginFunc(context.Background(), c, func(tx pgx.Tx) error {
		if _, err := tx.Exec(context.Background(), "SELECT pg_advisory_xact_lock($1)", int64(passwordLock)); err != nil {
			return err
		}
		_, err := tx.Exec(context.Background(), "ALTER ROLE "+WorkerRole+" WITH LOGIN PASSWORD "+quoteLiteral(password))
		return err
	})
	if err != nil {
		t.Fatalf("enable %s: %v", WorkerRole, err)
	}
	w, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	w.User = url.UserPassword(WorkerRole, password)
	return w.String()
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func testDB(t *testing.T) string { return pgtest.Database(t, "edge_migrations") }

func connect(t *testing.T, dsn string) *pgx.Conn { return pgtest.Connect(t, dsn) }

func exec(t *testing.T, c *pgx.Conn, sql string) { t.Helper(); pgtest.Exec(t, c, sql) }
