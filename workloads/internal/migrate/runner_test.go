package migrate

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func testSet(ms ...Migration) Set {
	return Set{Name: "test", Table: "test_migrations", LockKey: 72, Migrations: ms}
}

// TestFailedNoTransactionMigrationIsRecordedAndReRuns: a CREATE UNIQUE
// INDEX CONCURRENTLY that fails on duplicate rows leaves an INVALID index.
// The run fails saying so, the history records the file as failed, a
// re-run of a file that does not drop the index first fails on it, and the
// file written to the documented pattern (DROP INDEX CONCURRENTLY IF
// EXISTS first) succeeds once the data is fixed.
func TestFailedNoTransactionMigrationIsRecordedAndReRuns(t *testing.T) {
	url := testDB(t)
	c := connect(t, url)
	exec(t, c, "CREATE TABLE u (id int PRIMARY KEY, email text NOT NULL)")
	exec(t, c, "INSERT INTO u VALUES (1, 'a@example.com'), (2, 'a@example.com'), (3, 'b@example.com')")
	log, _ := newLog()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	naive := mig(t, 1, "unique_email", "-- migrate: no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY u_email_key ON u (email);\n")
	_, err := Up(ctx, connect(t, url), testSet(naive), log)
	for _, want := range []string{"migrate: apply 0001_unique_email.sql (outside a transaction",
		"recorded as failed and the next run applies it again", "statement 1 of 1", "(SQLSTATE 23505)",
		"INVALID index left behind: u_email_key; the file must drop it first"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("first run: error %v, want it to contain %q", err, want)
		}
	}
	rep, err := Status(ctx, c, testSet(naive))
	if err != nil || len(rep.Entries) != 1 || rep.Entries[0].State != StateFailed || !strings.Contains(rep.Entries[0].Note, "23505") {
		t.Fatalf("status after the failure = %+v, %v", rep.Entries, err)
	}
	if n := queryInt(t, c, "SELECT count(*) FROM pg_index WHERE indexrelid = 'u_email_key'::regclass AND NOT indisvalid"); n != 1 {
		t.Fatalf("invalid u_email_key = %d, want the one the failure left", n)
	}

	exec(t, c, "DELETE FROM u WHERE id = 2")
	_, err = Up(ctx, connect(t, url), testSet(naive), log)
	if err == nil || !strings.Contains(err.Error(), `relation "u_email_key" already exists (SQLSTATE 42P07)`) {
		t.Errorf("re-run of a file that does not drop the invalid index: %v", err)
	}

	fixed := mig(t, 1, "unique_email", "-- migrate: no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS u_email_key;\n"+
		"CREATE UNIQUE INDEX CONCURRENTLY u_email_key ON u (email);\n")
	res, err := Up(ctx, connect(t, url), testSet(fixed), log)
	if err != nil || len(res.Applied) != 1 {
		t.Fatalf("re-run of the fixed file = %+v, %v", res, err)
	}
	rep, err = Status(ctx, c, testSet(fixed))
	if err != nil || rep.Entries[0].State != StateApplied || rep.Entries[0].Note != "" {
		t.Errorf("status after the re-run = %+v, %v", rep.Entries, err)
	}
	if n := queryInt(t, c, "SELECT count(*) FROM pg_index WHERE indexrelid = 'u_email_key'::regclass AND indisvalid AND indisunique"); n != 1 {
		t.Errorf("valid unique u_email_key = %d, want 1", n)
	}
	if n := queryInt(t, c, "SELECT count(*) FROM test_migrations WHERE state = 'applied' AND error IS NULL AND checksum = $1", fixed.Checksum); n != 1 {
		t.Errorf("history rows applied with the fixed file's checksum = %d, want 1", n)
	}
}

// TestRacingRunnersApplyEachMigrationOnce: three runners on three
// connections start together; one applies everything, the others wait for
// the lock and find nothing to do. The set holds a CREATE INDEX
// CONCURRENTLY, which waits for every older snapshot: a runner waiting
// inside pg_advisory_lock would hold one, and the two would deadlock.
// Applying 0003 twice would fail (the column exists).
func TestRacingRunnersApplyEachMigrationOnce(t *testing.T) {
	url := testDB(t)
	set := testSet(
		mig(t, 1, "create_r", "CREATE TABLE r (id int PRIMARY KEY, v text);\nINSERT INTO r SELECT g, md5(g::text) FROM generate_series(1, 200000) g;\n"),
		mig(t, 2, "index_v", "-- migrate: no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS r_v_idx;\nCREATE INDEX CONCURRENTLY r_v_idx ON r (v);\n"),
		mig(t, 3, "add_note", "ALTER TABLE r ADD COLUMN note text;\n"),
	)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	log, logs := newLog()
	const runners = 3
	var wg sync.WaitGroup
	results := make([]Result, runners)
	errs := make([]error, runners)
	start := make(chan struct{})
	for i := range runners {
		conn := connect(t, url)
		wg.Go(func() {
			<-start
			results[i], errs[i] = Up(ctx, conn, set, log)
		})
	}
	close(start)
	wg.Wait()
	applied := map[int64]int{}
	for i := range runners {
		if errs[i] != nil {
			t.Errorf("runner %d: %v", i, errs[i])
		}
		for _, m := range results[i].Applied {
			applied[m.Version]++
		}
	}
	if applied[1] != 1 || applied[2] != 1 || applied[3] != 1 || len(applied) != 3 {
		t.Errorf("applications per version = %v, want each of 1, 2, 3 once", applied)
	}
	c := connect(t, url)
	if n := queryInt(t, c, "SELECT count(*) FROM test_migrations WHERE state = 'applied'"); n != 3 {
		t.Errorf("history rows = %d, want 3", n)
	}
	if !strings.Contains(logs.String(), `"msg":"waiting for the migration lock"`) {
		t.Logf("no runner had to wait (the first finished before the others asked): %s", logs.String())
	}
}

// TestEditedMigrationStopsTheRun: an applied file changed since it ran is
// reported by Status and stops Up before anything pending is applied.
func TestEditedMigrationStopsTheRun(t *testing.T) {
	url := testDB(t)
	c := connect(t, url)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	log, _ := newLog()
	one := mig(t, 1, "create_e", "CREATE TABLE e (id int);\n")
	if _, err := Up(ctx, c, testSet(one), log); err != nil {
		t.Fatal(err)
	}
	edited := mig(t, 1, "create_e", "CREATE TABLE e (id bigint);\n")
	two := mig(t, 2, "add_f", "CREATE TABLE f (id int);\n")
	res, err := Up(ctx, c, testSet(edited, two), log)
	want := "migrate: applied migrations were edited since they ran: 0001_create_e.sql (recorded " + one.Checksum[:12] +
		", file " + edited.Checksum[:12] + "); restore the released files and put the change in a new migration"
	if !errors.Is(err, ErrModified) || err.Error() != want || len(res.Applied) != 0 {
		t.Errorf("Up with an edited file = %+v, %v\nwant error %q", res, err, want)
	}
	if n := queryInt(t, c, "SELECT count(*) FROM pg_tables WHERE tablename = 'f'"); n != 0 {
		t.Error("the pending migration ran although an applied one was edited")
	}
	rep, err := Status(ctx, c, testSet(edited, two))
	if err != nil || rep.Entries[0].State != StateModified || rep.Entries[1].State != StatePending {
		t.Errorf("status = %+v, %v", rep.Entries, err)
	}
}

// TestEarlierHistoryTableIsUpgraded: the api's schema_migrations of
// earlier releases (version, name, applied_at) is brought up to date in
// place; its rows stay applied and get their checksums.
func TestEarlierHistoryTableIsUpgraded(t *testing.T) {
	url := testDB(t)
	c := connect(t, url)
	exec(t, c, `CREATE TABLE schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
	exec(t, c, `CREATE TABLE notes (id int)`)
	exec(t, c, `INSERT INTO schema_migrations (version, name) VALUES (1, 'create_notes')`)
	set := Set{Name: "api", Table: "schema_migrations", LockKey: 73, Migrations: []Migration{
		mig(t, 1, "create_notes", "CREATE TABLE notes (id int);\n"), mig(t, 2, "add_body", "ALTER TABLE notes ADD COLUMN body text;\n")}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	rep, err := Status(ctx, c, set)
	if err != nil || rep.Entries[0].State != StateApplied || !strings.Contains(rep.Entries[0].Note, "checksum not recorded yet") ||
		rep.Entries[1].State != StatePending {
		t.Fatalf("status of the earlier table = %+v, %v", rep.Entries, err)
	}
	log, logs := newLog()
	res, err := Up(ctx, c, set, log)
	if err != nil || len(res.Applied) != 1 || res.Applied[0].Version != 2 {
		t.Fatalf("Up = %+v, %v", res, err)
	}
	if !strings.Contains(logs.String(), `"msg":"checksum recorded for a migration applied before checksums were kept","version":1`) {
		t.Errorf("no log line for the recorded checksum:\n%s", logs.String())
	}
	if n := queryInt(t, c, "SELECT count(*) FROM schema_migrations WHERE state = 'applied' AND checksum IS NOT NULL"); n != 2 {
		t.Errorf("applied rows with checksums = %d, want 2", n)
	}
}
