package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/internal/pgtest"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
	"github.com/groundwork-iac/groundwork/workloads/jobs/migrations"
)

func TestProcessAgainstPostgres(t *testing.T) {
	s, _ := openMigrated(t, Config{StatementTimeout: 1500 * time.Millisecond})
	pooled := os.Getenv(pgtest.EnvPooledURL)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	key := "it-" + time.Now().Format(time.RFC3339Nano)
	job := Job{IdempotencyKey: key, Kind: "test.kind", Payload: []byte(`{"n":1}`), RequestID: "req-1"}

	// Several rounds exercise reuse of pooled server connections.
	for i := range 3 {
		inserted, err := s.Process(ctx, job)
		if err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if inserted != (i == 0) {
			t.Errorf("round %d: inserted = %v", i, inserted)
		}
	}

	var kind, payload, timeout string
	var requestID, traceID *string
	err := s.pool.QueryRow(ctx,
		`SELECT kind, payload::text, request_id, trace_id FROM groundwork_jobs WHERE idempotency_key = $1`, key,
	).Scan(&kind, &payload, &requestID, &traceID)
	if err != nil {
		t.Fatal(err)
	}
	if kind != "test.kind" || payload != `{"n": 1}` || requestID == nil || *requestID != "req-1" || traceID != nil {
		t.Errorf("row = %q %q %v %v", kind, payload, requestID, traceID)
	}
	// Clients sharing the pooler's server connections: named prepared
	// statements would collide here behind PgBouncer 1.18.
	shared, err := Open(Config{URL: pooled, PoolSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 4*5)
	for c := range 4 {
		wg.Go(func() {
			for i := range 5 {
				j := job
				j.IdempotencyKey = fmt.Sprintf("%s-%d-%d", key, c, i)
				if _, err := shared.Process(ctx, j); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// SET LOCAL must not leak into the pooled session.
	if err := s.pool.QueryRow(ctx, `SHOW statement_timeout`).Scan(&timeout); err != nil {
		t.Fatal(err)
	}
	if timeout == "1500ms" {
		t.Errorf("statement_timeout leaked outside the transaction")
	}
}

// TestDeleteProcessedAgainstPostgres: through the pooler, batches delete
// the oldest jobs first, never more than the limit, never one processed at
// or after the cutoff; a row another transaction holds is skipped, not
// waited for; and the batch is served by migration 0002's index.
func TestDeleteProcessedAgainstPostgres(t *testing.T) {
	s, direct := openMigrated(t, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Jobs "processed" in 2001, which no other test writes.
	base := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := s.pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%.60s: %v", sql, err)
		}
	}
	exec(`DELETE FROM groundwork_jobs WHERE idempotency_key LIKE 'ret-%'`)
	t.Cleanup(func() {
		_, _ = s.pool.Exec(context.Background(), `DELETE FROM groundwork_jobs WHERE idempotency_key LIKE 'ret-%'`)
	})
	// Written newest first, so the table's physical order is not the age
	// order: only an ORDER BY makes a batch take the oldest.
	exec(`INSERT INTO groundwork_jobs (idempotency_key, kind, payload, processed_at)
SELECT 'ret-old-' || g, 'invoice.paid', '{}', $1::timestamptz + g * interval '1 second' FROM generate_series(2499, 0, -1) g`, base)
	cutoff := base.Add(2500 * time.Second)
	// Kept: processed at the cutoff itself, or after it.
	exec(`INSERT INTO groundwork_jobs (idempotency_key, kind, payload, processed_at)
SELECT 'ret-new-' || g, 'invoice.paid', '{}', $1::timestamptz + g * interval '1 hour' FROM generate_series(0, 9) g`, cutoff)
	count := func(like string) (n int, oldest time.Time) {
		t.Helper()
		if err := s.pool.QueryRow(ctx, `SELECT count(*), coalesce(min(processed_at), 'epoch') FROM groundwork_jobs WHERE idempotency_key LIKE $1`,
			like).Scan(&n, &oldest); err != nil {
			t.Fatal(err)
		}
		return n, oldest
	}

	for i, want := range []int64{1000, 1000, 500, 0} {
		n, err := s.DeleteProcessed(ctx, cutoff, 1000)
		if err != nil || n != want {
			t.Fatalf("batch %d: DeleteProcessed = %d, %v; want %d", i+1, n, err, want)
		}
		if i == 0 {
			if left, oldest := count("ret-old-%"); left != 1500 || !oldest.Equal(base.Add(1000*time.Second)) {
				t.Errorf("after one batch: %d old jobs left, the oldest at %s; want 1500, the oldest at %s (oldest first)",
					left, oldest, base.Add(1000*time.Second))
			}
		}
	}
	if left, _ := count("ret-old-%"); left != 0 {
		t.Errorf("%d old jobs left, want 0", left)
	}
	if kept, _ := count("ret-new-%"); kept != 10 {
		t.Errorf("%d jobs processed at or after the cutoff kept, want 10", kept)
	}

	// A row held by another transaction is skipped, not waited for.
	exec(`INSERT INTO groundwork_jobs (idempotency_key, kind, payload, processed_at) VALUES
  ('ret-held', 'k', '{}', $1), ('ret-free-1', 'k', '{}', $1), ('ret-free-2', 'k', '{}', $1)`, base)
	holder, err := pgx.Connect(ctx, direct)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close(context.Background())
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM groundwork_jobs WHERE idempotency_key = 'ret-held' FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	quick, cancelQuick := context.WithTimeout(ctx, 2*time.Second)
	n, err := s.DeleteProcessed(quick, cutoff, 1000)
	cancelQuick()
	if err != nil || n != 2 {
		t.Errorf("with ret-held locked: DeleteProcessed = %d, %v; want the 2 free rows, at once", n, err)
	}
	_ = tx.Rollback(ctx)
	if n, err := s.DeleteProcessed(ctx, cutoff, 1000); err != nil || n != 1 {
		t.Errorf("after the lock: DeleteProcessed = %d, %v; want ret-held", n, err)
	}

	if _, err := s.DeleteProcessed(ctx, cutoff, 0); err == nil || err.Error() != "store: delete processed jobs: limit must be positive, got 0" {
		t.Errorf("limit 0: %v", err)
	}

	// Oldest first whatever the plan: with index scans off, the table is
	// read in its physical order, newest first here.
	exec(`INSERT INTO groundwork_jobs (idempotency_key, kind, payload, processed_at)
SELECT 'ret-seq-' || g, 'k', '{}', $1::timestamptz + g * interval '1 second' FROM generate_series(99, 0, -1) g`, base)
	for _, off := range []string{"SET enable_indexscan = off", "SET enable_bitmapscan = off", "SET enable_indexonlyscan = off"} {
		if _, err := holder.Exec(ctx, off); err != nil {
			t.Fatal(err)
		}
	}
	if tag, err := holder.Exec(ctx, deleteProcessed, cutoff, 10); err != nil || tag.RowsAffected() != 10 {
		t.Fatalf("batch of 10 on a sequential scan: %v, %v", tag, err)
	}
	if left, oldest := count("ret-seq-%"); left != 90 || !oldest.Equal(base.Add(10*time.Second)) {
		t.Errorf("a batch of 10 on a sequential scan left %d jobs, the oldest at %s; want 90, the oldest at %s", left, oldest, base.Add(10*time.Second))
	}
	if _, err := holder.Exec(ctx, "RESET ALL"); err != nil {
		t.Fatal(err)
	}

	// The batch reads migration 0002's index (not the whole table).
	exec(`INSERT INTO groundwork_jobs (idempotency_key, kind, payload, processed_at)
SELECT 'ret-plan-' || g, 'k', '{}', $1::timestamptz + g * interval '1 second' FROM generate_series(0, 19999) g`, base.AddDate(1, 0, 0))
	exec(`ANALYZE groundwork_jobs`)
	rows, err := holder.Query(ctx, "EXPLAIN "+deleteProcessed, cutoff, 1000)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "Index Scan using groundwork_jobs_processed_at_idx") {
		t.Errorf("the batch's plan does not use groundwork_jobs_processed_at_idx:\n%s", strings.Join(plan, "\n"))
	}
}

// openMigrated migrates the test database and opens a Store on its pooled
// URL with cfg's other settings; it also returns the direct URL.
func openMigrated(t testing.TB, cfg Config) (*Store, string) {
	t.Helper()
	pooled, direct := pgtest.URLs(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	set, err := migrations.Set()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := migrate.Connect(ctx, direct, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := migrate.Up(ctx, conn, set, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	cfg.URL = pooled
	s, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, direct
}
