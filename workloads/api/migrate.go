package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/migrate"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
	"github.com/groundwork-iac/groundwork/workloads/api/migrations"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// migrateCommand applies the embedded migrations over DATABASE_DIRECT_URL.
func migrateCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	timeout := fs.Duration("timeout", migrate.DefaultTimeout, "deadline of the whole run, waiting for the lock included")
	if err := fs.Parse(args); err != nil {
		return 2
	}

	level, levelErr := obs.ParseLevel(os.Getenv(telemetry.EnvLogLevel))
	log := obs.NewLoggerWith(stdout, level, obs.HandlerOptions{GoogleCloudProject: os.Getenv(workloadenv.GoogleCloudProject)})
	if levelErr != nil {
		log.Warn("ignoring "+telemetry.EnvLogLevel, "error", levelErr)
	}

	env := &envconf.Reader{}
	url := env.String(workloadenv.DatabaseDirectURL, "")
	connectTimeout := env.Duration(workloadenv.DBConnectTimeout, workloadenv.DefaultConnectTimeout)
	if url == "" {
		log.Error("cannot migrate: " + workloadenv.DatabaseDirectURL + " is not set; migrations run over the " +
			"database's direct (unpooled) URL, never " + workloadenv.DatabaseURL)
		return 1
	}
	if err := errors.Join(env.Err(), migrate.CheckDirect(url)); err != nil {
		log.Error("cannot migrate", "error", err)
		return 1
	}
	all, err := migrations.All()
	if err != nil {
		log.Error("cannot migrate", "error", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	target := notes.Describe(url)
	res, err := migrate.Run(ctx, url, connectTimeout, all, log)
	if err != nil {
		log.Error("migration failed", "database", target, "applied", len(res.Applied), "error", err)
		return 1
	}
	if len(res.Unknown) > 0 {
		log.Warn("the database has migrations this binary does not know; a newer release ran",
			"database", target, "versions", res.Unknown)
	}
	log.Info("schema up to date", "database", target, "applied", len(res.Applied), "known", len(all))
	return 0
}
