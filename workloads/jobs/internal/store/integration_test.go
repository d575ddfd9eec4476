package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
	"github.com/groundwork-iac/groundwork/workloads/jobs/migrations"
)

// scripts/localdb sets these: PostgreSQL behind PgBouncer in transaction mode
// (pooled) and the server itself (direct).
const (
	envTestPooledURL = "GROUNDWORK_TEST_DATABASE_URL"
	envTestDirectURL = "GROUNDWORK_TEST_DATABASE_DIRECT_URL"
)

func TestProcessAgainstPostgres(t *testing.T) {
	pooled, direct := os.Getenv(envTestPooledURL), os.Getenv(envTestDirectURL)
	if pooled == "" || direct == "" {
		if os.Getenv("GROUNDWORK_RUNTIME_TESTS") == "require" {
			t.Fatal("the local database is required here: eval \"$(scripts/localdb start)\"")
		}
		t.Skip(`the local database is not set up: eval "$(scripts/localdb start)"`)
	}
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

	s, err := Open(Config{URL: pooled, StatementTimeout: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
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
	err = s.pool.QueryRow(ctx,
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
