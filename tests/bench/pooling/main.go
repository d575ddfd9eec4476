// Command pooling measures what a transaction-mode pooler buys serverless
// functions, straight at PostgreSQL and through PgBouncer, in two models:
//
//   - cold (connect per request): N instances start at once; each attempt
//     connects, runs one short transaction and closes, and the instance
//     starts over, for the cell's window.
//   - warm (a kept connection): N workers each open one connection, ramped,
//     and keep it, as warm Lambda workers and Cloud Run instances with a pool
//     of one do; then they run transactions back to back for the window.
//
// N is a multiple of the server's max_connections. Every cell (model, N,
// path) runs once per round; the path order alternates between rounds. It
// prints a table; it is a measurement, not a test.
//
//	scripts/localdb run go run ./tests/bench/pooling
//	go run ./tests/bench/pooling -cold 1,2,5,10 -warm 1,5,10 -rounds 5 -window 4s
//
// It reads the URLs scripts/localdb exports (GROUNDWORK_TEST_DATABASE_URL
// through PgBouncer, GROUNDWORK_TEST_DATABASE_DIRECT_URL straight at
// PostgreSQL) and GROUNDWORK_TEST_DATABASE_POOL_SIZE, and needs the role to
// be one of PgBouncer's admin_users.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	cold, warm     []int // load levels, multiples of max_connections
	rounds         int
	window         time.Duration
	work           time.Duration
	rampInFlight   int
	calibrate      int
	connectTimeout time.Duration
}

func main() {
	var o options
	cold := flag.String("cold", "1,5,10", "cold-model loads, as multiples of max_connections (empty: none)")
	warm := flag.String("warm", "1,5,10", "warm-model loads, as multiples of max_connections (empty: none)")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds; each runs every cell once, direct first in odd rounds")
	flag.DurationVar(&o.window, "window", 2500*time.Millisecond, "how long each cell starts new work")
	flag.DurationVar(&o.work, "work", 10*time.Millisecond, "time each transaction holds its connection (pg_sleep)")
	flag.IntVar(&o.rampInFlight, "ramp", 4, "warm model: at most this many connections opening at a time")
	flag.IntVar(&o.calibrate, "calibrate", 100, "serial transactions that measure the transaction time")
	flag.DurationVar(&o.connectTimeout, "connect-timeout", 30*time.Second, "client connect timeout")
	flag.Parse()

	var err error
	if o.cold, err = parseLevels("-cold", *cold); err == nil {
		o.warm, err = parseLevels("-warm", *warm)
	}
	if err == nil && o.rounds < 1 {
		err = fmt.Errorf("-rounds must be at least 1, got %d", o.rounds)
	}
	if err == nil && (o.calibrate < 1 || o.rampInFlight < 1) {
		err = fmt.Errorf("-calibrate and -ramp must be at least 1, got %d and %d", o.calibrate, o.rampInFlight)
	}
	if err == nil && (o.window <= 0 || o.work <= 0) {
		err = fmt.Errorf("-window and -work must be positive, got %s and %s", o.window, o.work)
	}
	if err == nil {
		err = run(os.Stdout, o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pooling:", err)
		os.Exit(1)
	}
}

func parseLevels(flagName, list string) ([]int, error) {
	var levels []int
	for f := range strings.SplitSeq(list, ",") {
		if strings.TrimSpace(f) == "" {
			continue
		}
		m, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || m < 1 {
			return nil, fmt.Errorf("%s must be positive integers separated by commas, got %q", flagName, list)
		}
		levels = append(levels, m)
	}
	return levels, nil
}

// model is one way functions hold connections.
type model string

const (
	cold model = "cold"
	warm model = "warm"
)

// cell is one row of the table: its samples, one per round.
type cell struct {
	model   model
	clients int
	path    string
	samples []sample
}

func run(w io.Writer, o options) error {
	pooledURL, directURL := os.Getenv("GROUNDWORK_TEST_DATABASE_URL"), os.Getenv("GROUNDWORK_TEST_DATABASE_DIRECT_URL")
	if pooledURL == "" || directURL == "" {
		return errors.New(`GROUNDWORK_TEST_DATABASE_URL and GROUNDWORK_TEST_DATABASE_DIRECT_URL are not set; ` +
			`run it as: scripts/localdb run go run ./tests/bench/pooling`)
	}
	poolSize, err := strconv.Atoi(os.Getenv("GROUNDWORK_TEST_DATABASE_POOL_SIZE"))
	if err != nil || poolSize < 1 {
		return fmt.Errorf("GROUNDWORK_TEST_DATABASE_POOL_SIZE must be PgBouncer's server pool size, a positive integer, "+
			"got %q (scripts/localdb exports it)", os.Getenv("GROUNDWORK_TEST_DATABASE_POOL_SIZE"))
	}
	direct, err := connConfig(directURL, o.connectTimeout)
	if err != nil {
		return fmt.Errorf("GROUNDWORK_TEST_DATABASE_DIRECT_URL does not parse as a PostgreSQL URL: %w", err)
	}
	pooled, err := connConfig(pooledURL, o.connectTimeout)
	if err != nil {
		return fmt.Errorf("GROUNDWORK_TEST_DATABASE_URL does not parse as a PostgreSQL URL: %w", err)
	}

	ctx := context.Background()
	h := header{loadStart: loadAverage(), opts: o, poolSize: poolSize}
	srv, err := inspect(ctx, direct, pooled)
	if err != nil {
		return err
	}
	defer srv.teardown(ctx)
	h.srv = srv
	if err := srv.settle(ctx); err != nil {
		return err
	}
	if h.txDirect, h.txDirectMedian, err = txTimes(ctx, direct, o.calibrate, o.work); err != nil {
		return fmt.Errorf("measure the transaction time, direct: %w", err)
	}
	if h.txPooled, h.txPooledMedian, err = txTimes(ctx, pooled, o.calibrate, o.work); err != nil {
		return fmt.Errorf("measure the transaction time through PgBouncer: %w", err)
	}
	if err := srv.settle(ctx); err != nil {
		return err
	}

	var cells []*cell
	find := func(m model, clients int, path string) *cell {
		for _, c := range cells {
			if c.model == m && c.clients == clients && c.path == path {
				return c
			}
		}
		c := &cell{model: m, clients: clients, path: path}
		cells = append(cells, c)
		return c
	}
	began := time.Now()
	for round := 1; round <= o.rounds; round++ {
		order := []string{"direct", "pgbouncer"}
		if round%2 == 0 {
			slices.Reverse(order)
		}
		for _, m := range []model{cold, warm} {
			levels := o.cold
			if m == warm {
				levels = o.warm
			}
			for _, lvl := range levels {
				clients := lvl * srv.maxConnections
				for _, p := range order {
					cfg := direct
					if p == "pgbouncer" {
						cfg = pooled
					}
					var s sample
					if m == cold {
						s = runCold(ctx, cfg, clients, o.window, o.work)
					} else {
						s = runWarm(ctx, cfg, clients, o.rampInFlight, o.window, o.work)
					}
					c := find(m, clients, p)
					c.samples = append(c.samples, s)
					fmt.Fprintf(os.Stderr, "  round %d  %s %4d %-9s  %5d ok of %5d attempts, %5d within the window, all done in %s\n",
						round, m, clients, p, s.ok, s.attempts, s.inWindow, s.elapsed.Round(time.Millisecond))
					if err := srv.settle(ctx); err != nil {
						return err
					}
				}
			}
		}
	}
	h.took = time.Since(began)
	h.loadEnd = loadAverage()
	return printTable(w, h, cells)
}

// loadAverage is the first three fields of /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
