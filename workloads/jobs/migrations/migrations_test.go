package migrations

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/internal/pgtest"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
)

func TestEmbeddedMigrations(t *testing.T) {
	set, err := Set()
	if err != nil {
		t.Fatal(err)
	}
	if set.Name != "jobs" || set.Table != "groundwork_jobs_schema_migrations" || set.LockKey != 0x67776a6f626d6967 {
		t.Errorf("set = %s %s %#x", set.Name, set.Table, set.LockKey)
	}
	var got []string
	for _, m := range set.Migrations {
		got = append(got, fmt.Sprintf("%d %s no-transaction=%v", m.Version, m.Name, m.NoTransaction))
	}
	// 0002 builds its index CONCURRENTLY, which PostgreSQL refuses inside a
	// transaction block.
	if want := []string{"1 create_groundwork_jobs no-transaction=false",
		"2 index_groundwork_jobs_processed_at no-transaction=true"}; !slices.Equal(got, want) {
		t.Fatalf("migrations = %q, want %q", got, want)
	}
	// The first version must upgrade the unversioned schema in place: the
	// same table, created only if it is not there.
	legacy, err := os.ReadFile("testdata/schema-before-versioning.sql")
	if err != nil {
		t.Fatal(err)
	}
	stmt := func(sql string) string {
		i := strings.Index(sql, "CREATE TABLE IF NOT EXISTS groundwork_jobs (")
		if i < 0 {
			t.Fatalf("no CREATE TABLE IF NOT EXISTS groundwork_jobs in %q", sql)
		}
		return sql[i:]
	}
	if got, want := stmt(set.Migrations[0].SQL), stmt(string(legacy)); got != want {
		t.Errorf("0001 creates a different table than the unversioned schema:\n%s\nwant\n%s", got, want)
	}
}

// TestUpgradeFromTheUnversionedSchema: a database created (and re-created
// on every deploy) by the schema of earlier releases, holding jobs, is
// migrated by the versioned runner: version 1 is recorded, the rows are
// kept, and the table is the one a new database gets.
func TestUpgradeFromTheUnversionedSchema(t *testing.T) {
	old, fresh := testDB(t), testDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	legacy, err := os.ReadFile("testdata/schema-before-versioning.sql")
	if err != nil {
		t.Fatal(err)
	}
	c := connect(t, old)
	for range 2 { // applied on every deploy, as it was
		exec(t, c, string(legacy))
	}
	exec(t, c, `INSERT INTO groundwork_jobs (idempotency_key, kind, payload, request_id) VALUES
  ('order-1', 'order.created', '{"order":1}', 'req-1'), ('order-2', 'order.created', '{"order":2}', NULL),
  ('refund-9', 'refund.issued', 'null', 'req-9')`)

	set, err := Set()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := migrate.Status(ctx, c, set)
	if err != nil || rep.Count(migrate.StatePending) != len(set.Migrations) || rep.Count(migrate.StateApplied) != 0 {
		t.Fatalf("status before = %+v, %v", rep.Entries, err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	res, err := migrate.Up(ctx, c, set, log)
	if err != nil || len(res.Applied) != len(set.Migrations) || res.Applied[0].Version != 1 {
		t.Fatalf("Up = %+v, %v", res, err)
	}
	if res, err := migrate.Up(ctx, c, set, log); err != nil || len(res.Applied) != 0 {
		t.Errorf("second Up = %+v, %v", res, err)
	}
	rep, err = migrate.Status(ctx, c, set)
	if err != nil || rep.Count(migrate.StateApplied) != len(set.Migrations) || rep.Entries[0].Note != "" {
		t.Errorf("status after = %+v, %v", rep.Entries, err)
	}
	var keys []string
	rows, err := c.Query(ctx, `SELECT idempotency_key || ' ' || kind || ' ' || payload::text || ' ' || coalesce(request_id, '-')
FROM groundwork_jobs ORDER BY idempotency_key`)
	if err != nil {
		t.Fatal(err)
	}
	keys, err = pgx.CollectRows(rows, pgx.RowTo[string])
	want := []string{`order-1 order.created {"order": 1} req-1`, `order-2 order.created {"order": 2} -`, `refund-9 refund.issued null req-9`}
	if err != nil || !slices.Equal(keys, want) {
		t.Errorf("rows after the upgrade = %q, %v; want %q", keys, err, want)
	}

	f := connect(t, fresh)
	if _, err := migrate.Up(ctx, f, set, log); err != nil {
		t.Fatal(err)
	}
	if a, b := shape(t, c), shape(t, f); !slices.Equal(a, b) {
		t.Errorf("upgraded table differs from a new one:\n%q\n%q", a, b)
	}
	// Both have the retention's index on processed_at, valid, and no other
	// besides the primary key's.
	wantIndexes := []string{
		"groundwork_jobs_pkey valid CREATE UNIQUE INDEX groundwork_jobs_pkey ON public.groundwork_jobs USING btree (idempotency_key)",
		"groundwork_jobs_processed_at_idx valid CREATE INDEX groundwork_jobs_processed_at_idx ON public.groundwork_jobs USING btree (processed_at)",
	}
	for name, conn := range map[string]*pgx.Conn{"upgraded": c, "new": f} {
		if got := indexes(t, conn); !slices.Equal(got, wantIndexes) {
			t.Errorf("%s database: indexes = %q\nwant %q", name, got, wantIndexes)
		}
	}
}

// indexes lists groundwork_jobs' indexes with their validity and definition.
func indexes(t *testing.T, c *pgx.Conn) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), `
SELECT i.relname || ' ' || CASE WHEN x.indisvalid THEN 'valid' ELSE 'INVALID' END || ' ' || pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = 'groundwork_jobs'::regclass ORDER BY i.relname`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// shape lists groundwork_jobs' columns and constraints.
func shape(t *testing.T, c *pgx.Conn) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), `
SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
FROM information_schema.columns WHERE table_name = 'groundwork_jobs'
UNION ALL
SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'groundwork_jobs'::regclass
ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(out) != 7 {
		t.Fatalf("shape = %q, %v", out, err)
	}
	return out
}

// TestIndexMigrationRecoversFromAFailedBuild: a CREATE INDEX CONCURRENTLY
// that failed leaves an INVALID index of the name behind (here, a unique
// build over duplicate rows); 0002 drops it and builds the real one, so a
// retried run succeeds.
func TestIndexMigrationRecoversFromAFailedBuild(t *testing.T) {
	c := connect(t, testDB(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	set, err := Set()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	first := set
	first.Migrations = set.Migrations[:1]
	if _, err := migrate.Up(ctx, c, first, log); err != nil {
		t.Fatal(err)
	}
	exec(t, c, `INSERT INTO groundwork_jobs (idempotency_key, kind, payload) VALUES ('a', 'same', 'null'), ('b', 'same', 'null')`)
	if _, err := c.Exec(ctx, `CREATE UNIQUE INDEX CONCURRENTLY groundwork_jobs_processed_at_idx ON groundwork_jobs (kind)`); err == nil {
		t.Fatal("the unique build over duplicate kinds succeeded; the test needs it to fail")
	}
	if got := indexes(t, c); len(got) != 2 || !strings.HasPrefix(got[1], "groundwork_jobs_processed_at_idx INVALID") {
		t.Fatalf("indexes after the failed build = %q, want an INVALID groundwork_jobs_processed_at_idx", got)
	}
	res, err := migrate.Up(ctx, c, set, log)
	if err != nil || len(res.Applied) != 1 || res.Applied[0].Version != 2 {
		t.Fatalf("Up = %+v, %v; want version 2 applied", res, err)
	}
	want := "groundwork_jobs_processed_at_idx valid CREATE INDEX groundwork_jobs_processed_at_idx ON public.groundwork_jobs USING btree (processed_at)"
	if got := indexes(t, c); len(got) != 2 || got[1] != want {
		t.Errorf("indexes = %q, want the primary key's and %q", got, want)
	}
}

func testDB(t *testing.T) string { return pgtest.Database(t, "jobs_migrations") }

func connect(t *testing.T, dsn string) *pgx.Conn { return pgtest.Connect(t, dsn) }

func exec(t *testing.T, c *pgx.Conn, sql string) { t.Helper(); pgtest.Exec(t, c, sql) }
