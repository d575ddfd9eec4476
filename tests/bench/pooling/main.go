// Command pooling measures what a transaction-mode pooler buys serverless
// functions. Simulated function instances each open their own connection,
// run one short transaction and close, all at once, at several multiples of
// the server's max_connections: once straight at PostgreSQL and once through
// PgBouncer. It prints a table; it is a measurement, not a test.
//
//	scripts/localdb run go run ./tests/bench/pooling
//	go run ./tests/bench/pooling -levels 1,2,5,10 -rounds 5
//
// It reads the URLs scripts/localdb exports (GROUNDWORK_TEST_DATABASE_URL
// through PgBouncer, GROUNDWORK_TEST_DATABASE_DIRECT_URL straight at
// PostgreSQL) and GROUNDWORK_TEST_DATABASE_MAX_CONNECTIONS.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func main() {
	levels := flag.String("levels", "1,2,5,10", "concurrency levels, as multiples of max_connections")
	rounds := flag.Int("rounds", 3, "bursts per level and path; each instance makes one attempt per burst")
	work := flag.Duration("work", 10*time.Millisecond, "time each transaction holds its connection (pg_sleep)")
	connectTimeout := flag.Duration("connect-timeout", 30*time.Second, "client connect timeout")
	flag.Parse()

	if err := run(os.Stdout, *levels, *rounds, *work, *connectTimeout); err != nil {
		fmt.Fprintln(os.Stderr, "pooling:", err)
		os.Exit(1)
	}
}

// path is one way to the database.
type path struct {
	name string
	url  string
}

// result is one row of the table.
type result struct {
	concurrency int
	path        string
	attempts    int
	errors      map[string]int
	wall        time.Duration
	latencies   []time.Duration
}

func run(w io.Writer, levelList string, rounds int, work, connectTimeout time.Duration) error {
	pooled, direct := os.Getenv("GROUNDWORK_TEST_DATABASE_URL"), os.Getenv("GROUNDWORK_TEST_DATABASE_DIRECT_URL")
	if pooled == "" || direct == "" {
		return errors.New(`GROUNDWORK_TEST_DATABASE_URL and GROUNDWORK_TEST_DATABASE_DIRECT_URL are not set; ` +
			`run it as: scripts/localdb run go run ./tests/bench/pooling`)
	}
	maxConns, err := strconv.Atoi(os.Getenv("GROUNDWORK_TEST_DATABASE_MAX_CONNECTIONS"))
	if err != nil || maxConns < 1 {
		return errors.New("GROUNDWORK_TEST_DATABASE_MAX_CONNECTIONS must be set to the server's max_connections (scripts/localdb exports it)")
	}
	var multiples []int
	for _, f := range strings.Split(levelList, ",") {
		m, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || m < 1 {
			return fmt.Errorf("-levels must be positive integers separated by commas, got %q", levelList)
		}
		multiples = append(multiples, m)
	}

	ctx := context.Background()
	if err := setup(ctx, direct); err != nil {
		return err
	}
	defer teardown(ctx, direct)

	paths := []path{{"direct", direct}, {"pgbouncer", pooled}}
	var results []result
	for _, m := range multiples {
		for _, p := range paths {
			r := result{concurrency: m * maxConns, path: p.name, errors: map[string]int{}}
			for range rounds {
				burst(ctx, &r, p.url, work, connectTimeout)
				time.Sleep(200 * time.Millisecond) // let the server reap the last burst's backends
			}
			results = append(results, r)
			fmt.Fprintf(os.Stderr, "  %5d %-9s done\n", r.concurrency, r.path)
		}
	}

	fmt.Fprintf(w, "PostgreSQL max_connections=%d (2 reserved for superusers); PgBouncer transaction mode, pool %s\n",
		maxConns, os.Getenv("GROUNDWORK_TEST_DATABASE_POOL_SIZE"))
	fmt.Fprintf(w, "each attempt: connect, BEGIN, INSERT, pg_sleep(%s), COMMIT, close; %d bursts per row; %s/%s, %d CPUs\n\n",
		work, rounds, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "concurrency\tpath\tattempts\tok\terrors (SQLSTATE)\tthroughput/s\tp50\tp99\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\t%.0f\t%s\t%s\t\n", r.concurrency, r.path, r.attempts, len(r.latencies),
			errorSummary(r.errors), float64(len(r.latencies))/r.wall.Seconds(),
			ms(percentile(r.latencies, 50)), ms(percentile(r.latencies, 99)))
	}
	return tw.Flush()
}

// burst starts r.concurrency instances at once, each making one attempt.
func burst(ctx context.Context, r *result, url string, work, connectTimeout time.Duration) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		r.errors["bad URL"] += r.concurrency
		return
	}
	// PgBouncer 1.18 in transaction mode cannot keep prepared statements.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	cfg.ConnectTimeout = connectTimeout

	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	began := time.Now()
	for i := range r.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			err := attempt(ctx, cfg, i, work)
			d := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			r.attempts++
			if err != nil {
				r.errors[classify(err)]++
				return
			}
			r.latencies = append(r.latencies, d)
		}()
	}
	began = time.Now()
	close(start)
	wg.Wait()
	r.wall += time.Since(began)
}

// attempt is one function invocation's database work.
func attempt(ctx context.Context, cfg *pgx.ConnConfig, i int, work time.Duration) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "INSERT INTO bench_pooling (instance) VALUES ($1)", i); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "SELECT pg_sleep($1)", work.Seconds()); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// classify names an error by SQLSTATE when the server sent one.
func classify(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// 53300 has two causes worth telling apart: no backend slot at
		// all, or, after authenticating, only the superuser-reserved
		// slots left.
		if pgErr.Code == "53300" && strings.Contains(pgErr.Message, "reserved") {
			return pgErr.Code + " (reserved)"
		}
		if pgErr.Code == "53300" {
			return pgErr.Code + " (too many)"
		}
		return pgErr.Code
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) && errors.Is(err, context.DeadlineExceeded) {
		return "connect timeout"
	}
	return "other: " + err.Error()
}

func setup(ctx context.Context, direct string) error {
	conn, err := pgx.Connect(ctx, direct)
	if err != nil {
		return fmt.Errorf("connect to the direct URL: %w", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS bench_pooling (
		id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		instance int NOT NULL,
		at timestamptz NOT NULL DEFAULT now())`)
	return err
}

func teardown(ctx context.Context, direct string) {
	conn, err := pgx.Connect(ctx, direct)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, "DROP TABLE IF EXISTS bench_pooling")
}

func errorSummary(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d x %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func ms(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
