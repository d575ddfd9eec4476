// Command api is the api blueprint's container on Cloud Run: a JSON API over
// notes stored in Neon Postgres, reached through Neon's pooled endpoint
// (PgBouncer in transaction mode).
//
//	api            serve HTTP until SIGTERM, then drain
//	api migrate [up]     apply the embedded migrations over the direct URL, then exit
//	api migrate status   list applied and pending versions, change nothing
//
// Environment (names from components/workloadenv and components/telemetry):
//
//	PORT                  listen port (default 8080; Cloud Run sets it)
//	HANDLER_TIMEOUT       per-request deadline (default 25s)
//	SHUTDOWN_TIMEOUT      drain bound after SIGTERM (default 8s)
//	DATABASE_URL          pooled URL; required to serve (a Secret Manager reference on Cloud Run)
//	DB_POOL_SIZE          connections per instance (default 5)
//	DB_CONNECT_TIMEOUT    connect and pool acquire bound (default 5s)
//	DB_STATEMENT_TIMEOUT  SET LOCAL statement_timeout in every transaction (default 10s)
//	DATABASE_DIRECT_URL   direct URL; required by migrate
//	GOOGLE_CLOUD_PROJECT  adds Cloud Logging's trace and severity fields to log lines
//	GROUNDWORK_OTLP_AUTH  "google": export spans with Application Default Credentials
//	OTEL_*, LOG_LEVEL     the telemetry contract
//
// URLs are never logged; logs name the host and database only. The server
// starts without a reachable database: /healthz answers, /readyz and the
// notes routes answer 503 until it is back.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  api            serve HTTP on $PORT
  api migrate          apply migrations over $DATABASE_DIRECT_URL (flags: -timeout)
  api migrate status   list applied and pending versions (flags: -timeout)
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run dispatches on the subcommand and returns the exit code: 0, 1 on
// failure, 2 on a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "serve" {
		return serve(stdout)
	}
	switch args[0] {
	case "migrate":
		return migrateCommand(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		_, _ = fmt.Fprint(stdout, usage)
		return 0
	}
	_, _ = fmt.Fprintf(stderr, "api: unknown command %q\n%s", args[0], usage)
	return 2
}
