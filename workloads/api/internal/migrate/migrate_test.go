package migrate

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/workloads/api/migrations"
)

// envTestDirectURL names a real server's direct URL; the tests needing one
// skip without it (the jobs store tests use the same name).
const envTestDirectURL = "GROUNDWORK_TEST_DATABASE_DIRECT_URL"

func TestCheckDirect(t *testing.T) {
	if err := CheckDirect("postgres://app:pw@ep-cool-1234.eu-central-1.aws.neon.tech/app?sslmode=require"); err != nil {
		t.Errorf("direct Neon URL rejected: %v", err)
	}
	err := CheckDirect("postgres://app:s3cret@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/app?sslmode=require")
	if err == nil || !strings.Contains(err.Error(), "pooled endpoint") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("pooled URL: %v", err)
	}
	if err := CheckDirect("postgres://app:s3cret@host:port/app"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("bad URL: %v", err)
	}
}

func TestApplyAgainstPostgres(t *testing.T) {
	url := os.Getenv(envTestDirectURL)
	if url == "" {
		if os.Getenv("GROUNDWORK_RUNTIME_TESTS") == "require" {
			t.Fatal("the local database is required here: eval \"$(scripts/localdb start)\"")
		}
		t.Skip(`the local database is not set up: eval "$(scripts/localdb start)"`)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close(context.Background()) }()
	// A schema of its own, so the test neither sees nor touches the real one.
	schema := "migrate_test_" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "_")
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") }()
	scoped := url + "&search_path=" + schema
	if !strings.Contains(url, "?") {
		scoped = url + "?search_path=" + schema
	}

	ms := []migrations.Migration{
		{Version: 1, Name: "one", SQL: "CREATE TABLE t1 (id int); CREATE INDEX t1_id ON t1 (id);"},
		{Version: 2, Name: "two", SQL: "ALTER TABLE t1 ADD COLUMN note text;"},
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))

	// Concurrent first runs: the advisory lock makes each migration apply once.
	var wg sync.WaitGroup
	results := make([]Result, 3)
	errs := make([]error, 3)
	for i := range 3 {
		wg.Go(func() { results[i], errs[i] = Run(ctx, scoped, 0, ms, log) })
	}
	wg.Wait()
	applied := 0
	for i := range 3 {
		if errs[i] != nil {
			t.Fatalf("run %d: %v", i, errs[i])
		}
		applied += len(results[i].Applied)
	}
	if applied != len(ms) {
		t.Errorf("concurrent runs applied %d migrations, want %d", applied, len(ms))
	}

	// Idempotent: a second run applies nothing, and reports versions it does not know.
	res, err := Run(ctx, scoped, 0, ms[:1], log)
	if err != nil || len(res.Applied) != 0 || len(res.Unknown) != 1 || res.Unknown[0] != 2 {
		t.Errorf("second run = %+v, %v", res, err)
	}

	// A failing migration rolls back whole and is not recorded.
	bad := append(ms, migrations.Migration{Version: 3, Name: "bad", SQL: "CREATE TABLE t3 (id int); SELECT 1/0;"})
	if _, err := Run(ctx, scoped, 0, bad, log); err == nil || !strings.Contains(err.Error(), "0003_bad") {
		t.Errorf("bad migration: %v", err)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+schema+".schema_migrations").Scan(&n); err != nil || n != 2 {
		t.Errorf("recorded versions = %d, %v", n, err)
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 't3'", schema).Scan(&n); err != nil || n != 0 {
		t.Errorf("t3 exists after a failed migration: %d, %v", n, err)
	}
}
