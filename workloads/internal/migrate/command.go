package migrate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/pgtx"
)

// DefaultConnectTimeout applies when DB_CONNECT_TIMEOUT is unset.
const DefaultConnectTimeout = workloadenv.DefaultConnectTimeout

// Check is a blueprint's own check of the migrated database, run after up
// and by status (the edge Worker's role and its statement timeout). Run
// returns what it found, for the report, and an error when the database is
// not as it must be.
type Check struct {
	Name string
	Run  func(ctx context.Context, conn *pgx.Conn) (detail string, err error)
}

// Command is a blueprint's migration command:
//
//	PROG [up]       apply what is pending (the default)
//	PROG status     list applied and pending versions; change nothing
//
// with -timeout, over DATABASE_DIRECT_URL (DB_CONNECT_TIMEOUT bounds the
// connect). It never logs the URL, only its host and database.
type Command struct {
	// Prog names the command in usage lines ("api migrate").
	Prog   string
	Set    Set
	Checks []Check
}

// Run runs the command and returns its exit code: 0, 1 on failure (or, for
// status, a failed or modified migration, or a failed check), 2 on a usage
// error. Logs go to log, the status report to stdout.
func (c Command) Run(args []string, stdout, stderr io.Writer, log *slog.Logger, env *envconf.Reader) int {
	sub := "up"
	if len(args) > 0 && (args[0] == "up" || args[0] == "status") {
		sub, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet(c.Prog+" "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage:\n  %[1]s [up] [-timeout d]   apply pending migrations\n  %[1]s status [-timeout d]   list applied and pending versions\n", c.Prog)
		fs.PrintDefaults()
	}
	timeout := fs.Duration("timeout", DefaultTimeout, "deadline of the whole run, waiting for the lock included")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", c.Prog, fs.Arg(0))
		fs.Usage()
		return 2
	}
	url := env.String(workloadenv.DatabaseDirectURL, "")
	connectTimeout := env.Duration(workloadenv.DBConnectTimeout, DefaultConnectTimeout)
	if url == "" {
		log.Error("cannot migrate: " + workloadenv.DatabaseDirectURL + " is not set; migrations run over the " +
			"database's direct (unpooled) URL")
		return 1
	}
	if err := errors.Join(env.Err(), CheckDirect(url)); err != nil {
		log.Error("cannot migrate", "error", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	target := pgtx.Describe(url)
	conn, err := Connect(ctx, url, connectTimeout)
	if err != nil {
		log.Error("cannot migrate", "database", target, "error", err)
		return 1
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if sub == "status" {
		return c.status(ctx, conn, stdout, log, target)
	}
	return c.up(ctx, conn, log, target)
}

func (c Command) up(ctx context.Context, conn *pgx.Conn, log *slog.Logger, target string) int {
	res, err := Up(ctx, conn, c.Set, log)
	if err != nil {
		log.Error("migration failed", "database", target, "set", c.Set.Name, "applied", len(res.Applied), "error", err)
		return 1
	}
	if len(res.Unknown) > 0 {
		log.Warn("the database has migrations this binary does not know; a newer release ran",
			"database", target, "set", c.Set.Name, "versions", res.Unknown)
	}
	code := 0
	for _, ch := range c.Checks {
		detail, err := ch.Run(ctx, conn)
		if err != nil {
			log.Error("check failed", "database", target, "check", ch.Name, "error", err)
			code = 1
			continue
		}
		log.Info("check passed", "database", target, "check", ch.Name, "detail", detail)
	}
	if code == 0 {
		log.Info("schema up to date", "database", target, "set", c.Set.Name, "applied", len(res.Applied),
			"known", len(c.Set.Migrations))
	}
	return code
}

func (c Command) status(ctx context.Context, conn *pgx.Conn, stdout io.Writer, log *slog.Logger, target string) int {
	rep, err := Status(ctx, conn, c.Set)
	if err != nil {
		log.Error("cannot read the migration status", "database", target, "error", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s (%s)\n", c.Prog, target)
	if err := rep.Print(stdout); err != nil {
		return 1
	}
	code := 0
	if rep.Count(StateFailed) > 0 || rep.Count(StateModified) > 0 {
		code = 1
	}
	if n := rep.Count(StatePending) + rep.Count(StateFailed); n > 0 {
		// The checks hold a migrated database; this one is not yet.
		for _, ch := range c.Checks {
			fmt.Fprintf(stdout, "check %s: not run: %d migrations to apply first\n", ch.Name, n)
		}
		return code
	}
	for _, ch := range c.Checks {
		detail, err := ch.Run(ctx, conn)
		if err != nil {
			fmt.Fprintf(stdout, "check %s: FAILED: %v\n", ch.Name, err)
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "check %s: ok: %s\n", ch.Name, detail)
	}
	return code
}

// Connect opens one direct connection to url, refusing a pooled one.
func Connect(ctx context.Context, url string, connectTimeout time.Duration) (*pgx.Conn, error) {
	if err := CheckDirect(url); err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, ErrBadURL
	}
	cfg.ConnectTimeout = connectTimeout
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("migrate: connect: %w", err)
	}
	return conn, nil
}
