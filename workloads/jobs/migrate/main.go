// Command migrate applies the jobs schema (workloads/jobs/schema.sql) to the
// database's direct endpoint. Migrations never go through the transaction
// pooler: DDL and its session settings belong on a real session.
//
// Environment:
//
//	DATABASE_DIRECT_URL  direct (unpooled) connection URL; required
//	DB_CONNECT_TIMEOUT   connect bound (default 5s)
//	LOG_LEVEL            debug, info, warn or error (default info)
//
// The URL is never logged; the log names its host and database only. The
// schema is idempotent, so migrate is safe to run on every deploy. It exits 1
// on failure.
package main

import (
	"context"
	"flag"
	"os"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/store"
)

func main() {
	timeout := flag.Duration("timeout", time.Minute, "overall deadline of the migration")
	flag.Parse()

	level, levelErr := obs.ParseLevel(os.Getenv(telemetry.EnvLogLevel))
	log := obs.NewLogger(os.Stdout, level)
	if levelErr != nil {
		log.Warn("ignoring "+telemetry.EnvLogLevel, "error", levelErr)
	}

	env := &envconf.Reader{}
	url := env.String(workloadenv.DatabaseDirectURL, "")
	connectTimeout := env.Duration(workloadenv.DBConnectTimeout, workloadenv.DefaultConnectTimeout)
	if err := env.Err(); err != nil {
		log.Error("cannot migrate", "error", err)
		os.Exit(1)
	}
	if url == "" {
		log.Error("cannot migrate: " + workloadenv.DatabaseDirectURL + " is not set")
		os.Exit(1)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	target := store.Describe(url)
	if err := store.Migrate(ctx, url, connectTimeout); err != nil {
		log.Error("migration failed", "database", target, "error", err)
		cancel()
		os.Exit(1)
	}
	log.Info("schema applied", "database", target)
}
