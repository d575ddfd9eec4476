package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/jobs"
)

// migrateLockTimeout keeps the DDL from queueing behind a long transaction
// (and every query from queueing behind the DDL).
const migrateLockTimeout = "10s"

// Migrate applies jobs.Schema over directURL, the database's direct
// endpoint: DDL and session settings do not belong behind a transaction
// pooler. The schema is idempotent, so Migrate is safe to run on every deploy.
func Migrate(ctx context.Context, directURL string, connectTimeout time.Duration) error {
	cfg, err := pgx.ParseConfig(directURL)
	if err != nil {
		return errBadURL
	}
	cfg.ConnectTimeout = or(connectTimeout, workloadenv.DefaultConnectTimeout)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("store: connect for migration: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()

	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL lock_timeout = '"+migrateLockTimeout+"'"); err != nil {
			return fmt.Errorf("store: set lock_timeout: %w", err)
		}
		if _, err := tx.Exec(ctx, jobs.Schema); err != nil {
			return fmt.Errorf("store: apply schema: %w", err)
		}
		return nil
	})
}
