package migrate

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// lock takes the session-level advisory lock key on conn, retrying
// pg_try_advisory_lock every LockPoll until ctx ends. Between tries this
// session runs nothing, so it holds no snapshot: a CREATE INDEX
// CONCURRENTLY of the run holding the lock waits for every older
// snapshot, and a runner blocked inside pg_advisory_lock would be one,
// waiting in turn for that run to finish.
func lock(ctx context.Context, conn *pgx.Conn, key int64, log *slog.Logger) (unlock func() error, err error) {
	waited := false
	for {
		var ok bool
		if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&ok); err != nil {
			return nil, fmt.Errorf("migrate: take the advisory lock: %w", err)
		}
		if ok {
			return func() error {
				_, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key)
				if err != nil {
					return fmt.Errorf("migrate: release the advisory lock: %w", err)
				}
				return nil
			}, nil
		}
		if !waited {
			waited = true
			log.InfoContext(ctx, "waiting for the migration lock", "lock_key", key, "held_by_pid", lockHolder(ctx, conn, key))
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("migrate: another run holds the migration lock (key %d) and did not finish in time: %w",
				key, context.Cause(ctx))
		case <-time.After(LockPoll):
		}
	}
}

// lockHolder is the pid of the session holding key, 0 if none is seen. A
// bigint advisory key shows in pg_locks split in two 32-bit halves.
func lockHolder(ctx context.Context, conn *pgx.Conn, key int64) int {
	var pid int
	_ = conn.QueryRow(ctx, `SELECT pid FROM pg_locks
WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = $1 AND objid = $2
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1`,
		uint32(uint64(key)>>32), uint32(uint64(key))).Scan(&pid)
	return pid
}
