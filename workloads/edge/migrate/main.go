// Command migrate applies the edge blueprint's versioned schema
// (workloads/edge/migrations) over the database's direct URL, with the
// shared runner (workloads/internal/migrate). Never through Hyperdrive:
// Hyperdrive supports no advisory locks
// (https://developers.cloudflare.com/hyperdrive/reference/supported-databases-and-features/),
// and DDL belongs on a session of its own.
//
//	go run ./workloads/edge/migrate [up]      apply what is pending
//	go run ./workloads/edge/migrate status    list applied and pending versions
//
// Flags: -timeout (default 1m), the deadline of the whole run.
//
// Environment:
//
//	DATABASE_DIRECT_URL   direct URL of a role that may create tables and roles
//	                      (the database owner: Supabase's postgres); required
//	DB_STATEMENT_TIMEOUT  the Worker's statement timeout (default 10s): up and
//	                      status check that the Worker's role has the same one
//	DB_CONNECT_TIMEOUT    connect bound (default 5s)
//	LOG_LEVEL             debug, info, warn or error (default info)
//
// The migrations create the Worker's role, groundwork_edge_worker, without
// a password; enable it once with
//
//	ALTER ROLE groundwork_edge_worker WITH LOGIN PASSWORD '...';
//
// and name it in the Hyperdrive origin (groundwork:database.directUrl). The
// URL is never logged; the log names its host and database only. It exits
// 1 on failure, 2 on a usage error.
package main

import (
	"os"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/edge/migrations"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

func main() {
	level, levelErr := obs.ParseLevel(os.Getenv(telemetry.EnvLogLevel))
	log := obs.NewLogger(os.Stdout, level)
	if levelErr != nil {
		log.Warn("ignoring "+telemetry.EnvLogLevel, "error", levelErr)
	}
	env := &envconf.Reader{}
	timeout := env.Duration(workloadenv.DBStatementTimeout, workloadenv.DefaultStatementTimeout)
	set, err := migrations.Set()
	if err != nil {
		log.Error("cannot migrate", "error", err)
		os.Exit(1)
	}
	cmd := migrate.Command{Prog: "edge migrate", Set: set, Checks: []migrate.Check{migrations.WorkerRoleCheck(timeout)}}
	os.Exit(cmd.Run(os.Args[1:], os.Stdout, os.Stderr, log, env))
}
