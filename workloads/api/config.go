package main

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/server"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
)

// serveConfig is everything serve reads from the environment.
type serveConfig struct {
	Port   string
	Server server.Config
	// Store.URL is secret: never log it.
	Store notes.Config
}

// loadServeConfig reads the environment, reporting every problem at once.
func loadServeConfig(env *envconf.Reader) (serveConfig, error) {
	cfg := serveConfig{
		Port: env.String(workloadenv.Port, workloadenv.DefaultPort),
		Server: server.Config{
			HandlerTimeout:  env.Duration(workloadenv.HandlerTimeout, workloadenv.DefaultHTTPHandlerTimeout),
			ShutdownTimeout: env.Duration(workloadenv.ShutdownTimeout, workloadenv.DefaultShutdownTimeout),
		},
		Store: notes.Config{
			URL:              env.String(workloadenv.DatabaseURL, ""),
			PoolSize:         env.Int(workloadenv.DBPoolSize, workloadenv.DefaultAPIPoolSize),
			ConnectTimeout:   env.Duration(workloadenv.DBConnectTimeout, workloadenv.DefaultConnectTimeout),
			StatementTimeout: env.Duration(workloadenv.DBStatementTimeout, workloadenv.DefaultStatementTimeout),
		},
	}
	errs := []error{env.Err()}
	if p, err := strconv.Atoi(cfg.Port); err != nil || p < 1 || p > 65535 {
		errs = append(errs, fmt.Errorf("%s must be a port number such as %s, got %q",
			workloadenv.Port, workloadenv.DefaultPort, cfg.Port))
	}
	if cfg.Store.URL == "" {
		errs = append(errs, errors.New(workloadenv.DatabaseURL+
			" is not set; it holds the pooled connection URL (on Cloud Run, a Secret Manager reference)"))
	}
	return cfg, errors.Join(errs...)
}

// warnLadder logs timeouts out of order: the database should give up
// (connect or acquire, then the statement) before the request's deadline,
// so the client gets a 503 or 504 rather than a cut connection.
func warnLadder(log *slog.Logger, cfg serveConfig) {
	db := cfg.Store.ConnectTimeout + cfg.Store.StatementTimeout
	if db >= cfg.Server.HandlerTimeout {
		log.Warn("database timeouts exceed the handler deadline",
			workloadenv.DBConnectTimeout, cfg.Store.ConnectTimeout.String(),
			workloadenv.DBStatementTimeout, cfg.Store.StatementTimeout.String(),
			workloadenv.HandlerTimeout, cfg.Server.HandlerTimeout.String())
	}
}
