package main

import (
	"io"
	"os"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/api/migrations"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// migrateCommand runs `api migrate [up|status]` over DATABASE_DIRECT_URL
// with the shared runner; the Cloud Run job runs `api migrate`, which is up.
func migrateCommand(args []string, stdout, stderr io.Writer) int {
	level, levelErr := obs.ParseLevel(os.Getenv(telemetry.EnvLogLevel))
	log := obs.NewLoggerWith(stdout, level, obs.HandlerOptions{GoogleCloudProject: os.Getenv(workloadenv.GoogleCloudProject)})
	if levelErr != nil {
		log.Warn("ignoring "+telemetry.EnvLogLevel, "error", levelErr)
	}
	set, err := migrations.Set()
	if err != nil {
		log.Error("cannot migrate", "error", err)
		return 1
	}
	return migrate.Command{Prog: "api migrate", Set: set}.Run(args, stdout, stderr, log, &envconf.Reader{})
}
