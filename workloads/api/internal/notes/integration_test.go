package notes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/groundwork-iac/groundwork/internal/pgtest"
	"github.com/groundwork-iac/groundwork/workloads/api/migrations"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
)

// openTestStore migrates the database and opens a store on the pooled URL.
func openTestStore(t *testing.T, cfg Config) *Store {
	t.Helper()
	pooled, direct := pgtest.URLs(t)
	set, err := migrations.Set()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
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
	return s
}

func TestNotesAgainstPostgres(t *testing.T) {
	s := openTestStore(t, Config{PoolSize: 4})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Concurrent clients share the pooler's server connections: named
	// prepared statements would collide here behind PgBouncer 1.18.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var created []Note
	errs := make(chan error, 25)
	for c := range 5 {
		wg.Go(func() {
			for i := range 5 {
				n, err := s.Create(ctx, fmt.Sprintf("note %d-%d", c, i))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				created = append(created, n)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	got, err := s.Get(ctx, created[0].ID)
	if err != nil || got != created[0] {
		t.Errorf("Get = %+v, %v; want %+v", got, err, created[0])
	}
	if _, err := s.Get(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(missing) = %v", err)
	}

	// Walk every page of 7: newest first, each note once, ours all seen.
	var seen []Note
	var after *Cursor
	for pages := 0; ; pages++ {
		if pages > 10_000 {
			t.Fatal("pagination does not end")
		}
		page, err := s.List(ctx, 7, after)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, page.Notes...)
		if page.Next == nil {
			break
		}
		c, err := ParseCursor(page.Next.Encode())
		if err != nil {
			t.Fatal(err)
		}
		after = &c
	}
	ids := map[string]bool{}
	for i, n := range seen {
		if ids[n.ID] {
			t.Fatalf("note %s listed twice", n.ID)
		}
		ids[n.ID] = true
		if i > 0 && (n.CreatedAt.After(seen[i-1].CreatedAt) || n.CreatedAt.Equal(seen[i-1].CreatedAt) && n.ID > seen[i-1].ID) {
			t.Fatalf("notes %d and %d out of order", i-1, i)
		}
	}
	for _, n := range created {
		if !ids[n.ID] {
			t.Errorf("created note %s not listed", n.ID)
		}
	}
	if !slices.IsSortedFunc(seen, func(a, b Note) int { return b.CreatedAt.Compare(a.CreatedAt) }) {
		t.Error("not newest first")
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping = %v", err)
	}
}

func TestQuerySpansAgainstPostgres(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	s := openTestStore(t, Config{Tracer: tp.Tracer("test")})
	ctx, parent := tp.Tracer("test").Start(context.Background(), "POST /v1/notes")
	if _, err := s.Create(ctx, "traced"); err != nil {
		t.Fatal(err)
	}
	parent.End()
	var names []string
	for _, span := range rec.Ended() {
		if span.Parent().SpanID() == parent.SpanContext().SpanID() {
			names = append(names, span.Name())
		}
	}
	if got := strings.Join(names, ","); got != "BEGIN,SET,INSERT,COMMIT" {
		t.Errorf("statement spans = %s", got)
	}
}

func TestStatementTimeoutAgainstPostgres(t *testing.T) {
	s := openTestStore(t, Config{StatementTimeout: 100 * time.Millisecond})
	start := time.Now()
	err := s.withTx(context.Background(), "sleep", func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), "SELECT pg_sleep(5)")
		return err
	})
	if !errors.Is(err, ErrTimeout) || SQLState(err) != sqlStateQueryCanceled {
		t.Errorf("err = %v (sqlstate %q), want ErrTimeout with 57014", err, SQLState(err))
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("statement ran %v past its timeout", d)
	}
}

func TestExhaustedPoolFailsFastAgainstPostgres(t *testing.T) {
	s := openTestStore(t, Config{PoolSize: 1, ConnectTimeout: 300 * time.Millisecond})
	ctx := context.Background()
	held, err := s.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	reqCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err = s.List(reqCtx, 1, nil)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("acquire waited %v, want about the connect timeout", d)
	}
}
