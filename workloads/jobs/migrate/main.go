// Command migrate applies the jobs workload's versioned schema
// (workloads/jobs/migrations) to the database's direct endpoint, with the
// shared runner (workloads/internal/migrate). Migrations never go through
// the transaction pooler: the run's advisory lock and its DDL need a real
// session.
//
//	go run ./workloads/jobs/migrate [up]      apply what is pending
//	go run ./workloads/jobs/migrate status    list applied and pending versions
//
// Flags: -timeout (default 1m), the deadline of the whole run.
//
// Environment:
//
//	DATABASE_DIRECT_URL  direct (unpooled) connection URL; required
//	DB_CONNECT_TIMEOUT   connect bound (default 5s)
//	LOG_LEVEL            debug, info, warn or error (default info)
//
// The URL is never logged; the log names its host and database only. It
// exits 1 on failure, 2 on a usage error.
package main

import (
	"os"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/migrations"
)

func main() {
	level, levelErr := obs.ParseLevel(os.Getenv(telemetry.EnvLogLevel))
	log := obs.NewLogger(os.Stdout, level)
	if levelErr != nil {
		log.Warn("ignoring "+telemetry.EnvLogLevel, "error", levelErr)
	}
	set, err := migrations.Set()
	if err != nil {
		log.Error("cannot migrate", "error", err)
		os.Exit(1)
	}
	os.Exit(migrate.Command{Prog: "jobs migrate", Set: set}.Run(os.Args[1:], os.Stdout, os.Stderr, log, &envconf.Reader{}))
}
