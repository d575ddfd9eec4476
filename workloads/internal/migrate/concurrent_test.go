package migrate

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// writerLockTimeout is the writers' lock_timeout: a write that waits this
// long for a lock fails with SQLSTATE 55P03, so "no failed write" means
// "no write waited on a lock for long".
const writerLockTimeout = "50ms"

// writeLoad is what the writers and the server-side monitor saw while a
// migration ran.
type writeLoad struct {
	writes       int            // successful inserts, all told
	duringRun    int            // of them, completed while the migration ran
	failures     map[string]int // failed inserts by SQLSTATE
	lockWaits    int            // monitor samples where a writer waited for a lock on the table
	buildSamples int            // monitor samples where pg_stat_progress_create_index showed the build
}

// underWrites runs migration while writers insert into table w as fast as
// they can, each under writerLockTimeout, and a monitor samples pg_locks
// and pg_stat_progress_create_index from its own session.
func underWrites(t *testing.T, url string, writers int, migration func()) writeLoad {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var (
		mu         sync.Mutex
		load       = writeLoad{failures: map[string]int{}}
		runStart   time.Time
		runEnd     time.Time
		pids       []uint32
		ready, wg  sync.WaitGroup
		monitorEnd = make(chan struct{})
	)
	for range writers {
		c := connect(t, url)
		exec(t, c, "SET lock_timeout = '"+writerLockTimeout+"'")
		pids = append(pids, c.PgConn().PID())
		ready.Add(1)
		wg.Go(func() {
			first := true
			for ctx.Err() == nil {
				_, err := c.Exec(ctx, "INSERT INTO w (v) VALUES (md5(random()::text))")
				done := time.Now()
				mu.Lock()
				var pgErr *pgconn.PgError
				switch {
				case err == nil:
					load.writes++
					if !runStart.IsZero() && runEnd.IsZero() && done.After(runStart) {
						load.duringRun++
					}
				case errors.As(err, &pgErr):
					load.failures[pgErr.Code]++
				case ctx.Err() == nil:
					load.failures[err.Error()]++
				}
				mu.Unlock()
				if first {
					first = false
					ready.Done()
				}
			}
		})
	}
	mon := connect(t, url)
	go func() {
		defer close(monitorEnd)
		for ctx.Err() == nil {
			var waits, building int
			err := mon.QueryRow(ctx, `SELECT
  (SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation' AND relation = 'w'::regclass AND pid = ANY($1)),
  (SELECT count(*) FROM pg_stat_progress_create_index WHERE datname = current_database())`, pids).Scan(&waits, &building)
			if err != nil {
				return
			}
			mu.Lock()
			load.lockWaits += waits
			load.buildSamples += building
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
		}
	}()
	ready.Wait()
	mu.Lock()
	runStart = time.Now()
	mu.Unlock()
	migration()
	mu.Lock()
	runEnd = time.Now()
	mu.Unlock()
	time.Sleep(50 * time.Millisecond) // the writers go on after the migration
	stop()
	wg.Wait()
	<-monitorEnd
	return load
}

// liveTable creates w with rows enough that building an index on v takes
// a few hundred milliseconds.
func liveTable(t *testing.T, c *pgx.Conn) {
	t.Helper()
	exec(t, c, "CREATE TABLE w (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text NOT NULL)")
	exec(t, c, "INSERT INTO w (v) SELECT md5(g::text) FROM generate_series(1, 400000) g")
}

// TestConcurrentIndexDoesNotBlockWriters applies a no-transaction
// migration with CREATE INDEX CONCURRENTLY while two sessions keep
// inserting into the table, and holds it to what the server saw: no
// writer ever waited for a lock on the table (pg_locks), none failed its
// 50 ms lock_timeout, writes completed while the index was being built
// (pg_stat_progress_create_index), and the index is valid. The same
// index built in a transaction, as every migration was before, is the
// control: it blocks the writers, and the same measurements see it.
func TestConcurrentIndexDoesNotBlockWriters(t *testing.T) {
	url := testDB(t)
	c := connect(t, url)
	liveTable(t, c)
	log, _ := newLog()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	concurrent := Set{Name: "test", Table: "test_migrations", LockKey: 71, Migrations: []Migration{
		mig(t, 1, "index_v", "-- migrate: no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS w_v_idx;\nCREATE INDEX CONCURRENTLY w_v_idx ON w (v);\n"),
	}}
	var res Result
	var err error
	load := underWrites(t, url, 2, func() { res, err = Up(ctx, connect(t, url), concurrent, log) })
	t.Logf("CREATE INDEX CONCURRENTLY: %d writes (%d while it ran), failures %v, lock-wait samples %d, build samples %d",
		load.writes, load.duringRun, load.failures, load.lockWaits, load.buildSamples)
	if err != nil || len(res.Applied) != 1 {
		t.Fatalf("Up = %+v, %v", res, err)
	}
	if len(load.failures) != 0 {
		t.Errorf("writes failed while the index was built concurrently: %v", load.failures)
	}
	if load.lockWaits != 0 {
		t.Errorf("the server saw writers waiting for a lock on w in %d samples", load.lockWaits)
	}
	if load.buildSamples == 0 || load.duringRun == 0 {
		t.Errorf("the writes did not overlap the build: %d build samples, %d writes during the run", load.buildSamples, load.duringRun)
	}
	if n := queryInt(t, c, "SELECT count(*) FROM pg_index WHERE indexrelid = 'w_v_idx'::regclass AND indisvalid"); n != 1 {
		t.Errorf("w_v_idx valid = %d, want 1", n)
	}

	blocking := Set{Name: "test", Table: "test_migrations", LockKey: 71, Migrations: append(concurrent.Migrations,
		mig(t, 2, "index_v_in_tx", "CREATE INDEX w_v_tx_idx ON w (v);\n"))}
	load = underWrites(t, url, 2, func() { res, err = Up(ctx, connect(t, url), blocking, log) })
	t.Logf("CREATE INDEX in a transaction: %d writes (%d while it ran), failures %v, lock-wait samples %d, build samples %d",
		load.writes, load.duringRun, load.failures, load.lockWaits, load.buildSamples)
	if err != nil || len(res.Applied) != 1 || res.Applied[0].Version != 2 {
		t.Fatalf("Up = %+v, %v", res, err)
	}
	if load.failures["55P03"] == 0 || load.lockWaits == 0 {
		t.Errorf("the control did not block the writers (lock_timeout failures %d, lock-wait samples %d): the measurement sees nothing",
			load.failures["55P03"], load.lockWaits)
	}
}
