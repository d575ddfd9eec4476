package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/server"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs/googleauth"
)

// telemetryFlushTimeout bounds the last span export after draining. Cloud
// Run kills the container 10 s after SIGTERM; the default drain takes at
// most 8 s of it (workloadenv.DefaultShutdownTimeout).
const telemetryFlushTimeout = 1500 * time.Millisecond

const tracerName = "github.com/groundwork-iac/groundwork/workloads/api"

// serve runs the HTTP server until SIGTERM or SIGINT.
func serve(stdout io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	tel, err := obs.Setup(context.Background(), obs.WithLogWriter(stdout), googleauth.Option())
	if err != nil {
		obs.NewLogger(stdout, slog.LevelInfo).Error("cannot set up telemetry", "error", err)
		return 1
	}
	log := tel.Logger
	defer flush(log, tel)

	cfg, err := loadServeConfig(&envconf.Reader{})
	if err != nil {
		log.Error("invalid configuration", "error", err)
		return 1
	}
	warnLadder(log, cfg)
	cfg.Store.Tracer = tel.Tracer(tracerName)
	store, err := notes.Open(cfg.Store)
	if err != nil {
		log.Error("cannot open the database pool", "error", err)
		return 1
	}
	defer store.Close()

	ln, err := net.Listen("tcp", ":"+cfg.Port)
	if err != nil {
		log.Error("cannot listen", "port", cfg.Port, "error", err)
		return 1
	}
	srv := server.New(store, cfg.Server, obs.Instruments{Tracer: tel.Tracer(tracerName), Logger: log})
	log.Info("api listening", "port", cfg.Port,
		"database", notes.Describe(cfg.Store.URL),
		"pool_size", cfg.Store.PoolSize,
		"handler_timeout", srv.HandlerTimeout().String(),
		"shutdown_timeout", srv.ShutdownTimeout().String(),
		"exporting_spans", tel.Exporting)

	if err := srv.Run(ctx, ln); err != nil {
		log.Error("server stopped", "error", err)
		return 1
	}
	log.Info("drained; exiting")
	return 0
}

// flush exports the spans still buffered and stops the tracer provider.
func flush(log *slog.Logger, tel *obs.Telemetry) {
	ctx, cancel := context.WithTimeout(context.Background(), telemetryFlushTimeout)
	defer cancel()
	if err := tel.Shutdown(ctx); err != nil {
		log.Warn("flushing spans failed", "error", err)
	}
}
