package main

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// sample is what one cell measured in one round.
type sample struct {
	attempts int
	ok       int
	inWindow int // successful transactions committed before the window ended
	errors   map[string]int
	window   time.Duration
	elapsed  time.Duration   // from the start of the window until the last attempt ended
	tx       []time.Duration // BEGIN to COMMIT, successful transactions
	connect  []time.Duration // successful connects (warm: the ramp's opens)
}

// recorder collects a sample from many goroutines.
type recorder struct {
	mu       sync.Mutex
	s        sample
	deadline time.Time // the end of the window
}

func newRecorder() *recorder { return &recorder{s: sample{errors: map[string]int{}}} }

// open starts the window now and returns its end.
func (r *recorder) open(window time.Duration) time.Time {
	r.s.window = window
	r.deadline = time.Now().Add(window)
	return r.deadline
}

func (r *recorder) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s.attempts++
	r.s.errors[classify(err)]++
}

func (r *recorder) succeed(tx time.Duration) {
	committed := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s.attempts++
	r.s.ok++
	if !committed.After(r.deadline) {
		r.s.inWindow++
	}
	r.s.tx = append(r.s.tx, tx)
}

func (r *recorder) connected(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s.connect = append(r.s.connect, d)
}

// runCold is the connect-per-request model: clients instances start at
// once; each attempt connects, runs one transaction and closes, and the
// instance starts its next attempt at once, until the window ends. Attempts
// under way when it ends run to completion and count, but only commits
// before the end count toward throughput.
func runCold(ctx context.Context, cfg *pgx.ConnConfig, clients int, window, work time.Duration) sample {
	rec := newRecorder()
	var wg sync.WaitGroup
	start := make(chan struct{})
	var deadline time.Time
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for time.Now().Before(deadline) {
				t0 := time.Now()
				conn, err := pgx.ConnectConfig(ctx, cfg)
				if err != nil {
					rec.fail(err)
					continue
				}
				rec.connected(time.Since(t0))
				t1 := time.Now()
				err = transact(ctx, conn, i, work)
				d := time.Since(t1)
				_ = conn.Close(ctx)
				if err != nil {
					rec.fail(err)
					continue
				}
				rec.succeed(d)
			}
		}()
	}
	began := time.Now()
	deadline = rec.open(window)
	close(start)
	wg.Wait()
	rec.s.elapsed = time.Since(began)
	return rec.s
}

// runWarm is the warm-instance model: clients workers each open one
// connection and keep it, as a warm Lambda worker or a Cloud Run instance
// with a pool of one does. The opens are ramped, at most rampInFlight at a
// time, and each new connection runs one unmeasured transaction, so the
// window measures steady state rather than the connect storm. An open that
// fails is one failed attempt and that worker sits out. Then the window
// starts: every worker runs transactions back to back until it ends.
func runWarm(ctx context.Context, cfg *pgx.ConnConfig, clients, rampInFlight int, window, work time.Duration) sample {
	rec := newRecorder()
	conns := make([]*pgx.Conn, clients)
	defer func() {
		for _, c := range conns {
			if c != nil {
				_ = c.Close(ctx)
			}
		}
	}()

	sem := make(chan struct{}, max(1, rampInFlight))
	var wg sync.WaitGroup
	for i := range clients {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t0 := time.Now()
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				rec.fail(err)
				return
			}
			rec.connected(time.Since(t0))
			if err := transact(ctx, conn, i, work); err != nil {
				_ = conn.Close(ctx)
				rec.fail(err)
				return
			}
			conns[i] = conn
		}()
	}
	wg.Wait()

	start := make(chan struct{})
	var deadline time.Time
	for i, conn := range conns {
		if conn == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for time.Now().Before(deadline) {
				t0 := time.Now()
				err := transact(ctx, conn, i, work)
				d := time.Since(t0)
				if err != nil {
					rec.fail(err)
					if conn.IsClosed() {
						return
					}
					continue
				}
				rec.succeed(d)
			}
		}()
	}
	began := time.Now()
	deadline = rec.open(window)
	close(start)
	wg.Wait()
	rec.s.elapsed = time.Since(began)
	return rec.s
}

// transact is one request's database work: a short write transaction that
// holds its connection for work.
func transact(ctx context.Context, conn *pgx.Conn, instance int, work time.Duration) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "INSERT INTO bench_pooling (instance) VALUES ($1)", instance); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "SELECT pg_sleep($1)", work.Seconds()); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
