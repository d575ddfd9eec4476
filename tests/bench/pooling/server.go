package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// connConfig parses a URL for the benchmark's clients.
func connConfig(url string, connectTimeout time.Duration) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	// PgBouncer 1.18 in transaction mode cannot keep prepared statements
	// (https://www.pgbouncer.org/features.html); QueryExecModeExec sends
	// each statement unnamed, in one round trip.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	cfg.ConnectTimeout = connectTimeout
	return cfg, nil
}

var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// server is what the benchmark learns about the two paths before it runs.
type server struct {
	version        string
	maxConnections int
	reserved       int // superuser_reserved_connections
	bouncerVersion string
	bouncerDB      string
	admin          *pgx.ConnConfig
	direct         *pgx.ConnConfig
}

func inspect(ctx context.Context, direct, pooled *pgx.ConnConfig) (*server, error) {
	s := &server{direct: direct, bouncerDB: pooled.Database}
	// The admin console takes the name bare.
	if !plainName.MatchString(s.bouncerDB) {
		return nil, fmt.Errorf("the pooled URL's database name %q must match %s for PgBouncer's admin console", s.bouncerDB, plainName)
	}
	conn, err := pgx.ConnectConfig(ctx, direct)
	if err != nil {
		return nil, fmt.Errorf("connect to the direct URL: %w", err)
	}
	defer conn.Close(ctx)
	err = conn.QueryRow(ctx, `SELECT current_setting('server_version'),
		current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int`).
		Scan(&s.version, &s.maxConnections, &s.reserved)
	if err != nil {
		return nil, fmt.Errorf("read max_connections: %w", err)
	}
	_, err = conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS bench_pooling (
		id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		instance int NOT NULL,
		at timestamptz NOT NULL DEFAULT now())`)
	if err != nil {
		return nil, fmt.Errorf("create the benchmark's table: %w", err)
	}

	// PgBouncer's admin console is the virtual database "pgbouncer"; it
	// speaks only the simple query protocol
	// (https://www.pgbouncer.org/usage.html#admin-console).
	s.admin = pooled.Copy()
	s.admin.Database = "pgbouncer"
	s.admin.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	admin, err := pgx.ConnectConfig(ctx, s.admin)
	if err != nil {
		return nil, fmt.Errorf("connect to PgBouncer's admin console (database \"pgbouncer\" at the pooled URL's "+
			"host): %w; the role must be in admin_users (scripts/localdb sets it) so the benchmark can close "+
			"PgBouncer's idle server connections between cells", err)
	}
	defer admin.Close(ctx)
	if err := admin.QueryRow(ctx, "SHOW VERSION").Scan(&s.bouncerVersion); err != nil {
		return nil, fmt.Errorf("PgBouncer SHOW VERSION: %w", err)
	}
	return s, nil
}

func (s *server) teardown(ctx context.Context) {
	conn, err := pgx.ConnectConfig(ctx, s.direct)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, "DROP TABLE IF EXISTS bench_pooling")
}

// settle returns both paths to a clean start for the next cell. PgBouncer
// keeps its server connections open for server_idle_timeout (600 s by
// default, https://www.pgbouncer.org/config.html#server_idle_timeout), and
// idle as they are they fill the slots the direct path needs, so they are
// dropped (KILL, then RESUME, https://www.pgbouncer.org/usage.html#kill-db).
// Then it waits until PostgreSQL has no other client backend left, so the
// backends of the last cell have exited.
func (s *server) settle(ctx context.Context) error {
	admin, err := pgx.ConnectConfig(ctx, s.admin)
	if err != nil {
		return fmt.Errorf("connect to PgBouncer's admin console: %w", err)
	}
	_, errKill := admin.Exec(ctx, "KILL "+s.bouncerDB)
	_, errResume := admin.Exec(ctx, "RESUME "+s.bouncerDB)
	_ = admin.Close(ctx)
	// Before the first client reaches it, PgBouncer has no pool for the
	// database yet, and KILL and RESUME answer "no such database".
	for _, err := range []error{errKill, errResume} {
		var pgErr *pgconn.PgError
		if err != nil && !(errors.As(err, &pgErr) && strings.Contains(pgErr.Message, "no such database")) {
			return fmt.Errorf("PgBouncer KILL/RESUME %s: %w", s.bouncerDB, err)
		}
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		others, err := s.otherBackends(ctx)
		if err == nil && others == 0 {
			// Let this probe's own backend exit too.
			time.Sleep(50 * time.Millisecond)
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("PostgreSQL did not accept a connection within 15s after a cell: %w", err)
			}
			return fmt.Errorf("PostgreSQL still had %d other client backends 15s after a cell", others)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *server) otherBackends(ctx context.Context) (int, error) {
	conn, err := pgx.ConnectConfig(ctx, s.direct)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
		WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`).Scan(&n)
	return n, err
}

// txTimes runs n transactions one after another on one open connection,
// after a few unmeasured ones, and returns the fastest and the median. The
// fastest is the least time a transaction holds a server connection on that
// path, so server connections / fastest bounds the throughput from above.
func txTimes(ctx context.Context, cfg *pgx.ConnConfig, n int, work time.Duration) (fastest, median time.Duration, err error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(ctx)
	const warmup = 5
	var d []time.Duration
	for i := range warmup + n {
		t0 := time.Now()
		if err := transact(ctx, conn, -1, work); err != nil {
			return 0, 0, err
		}
		if i >= warmup {
			d = append(d, time.Since(t0))
		}
	}
	return slices.Min(d), percentile(d, 50), nil
}

// classify names an error by SQLSTATE when the server sent one.
func classify(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// 53300 has two causes worth telling apart: no backend slot at
		// all, or, after authenticating, only the superuser-reserved
		// slots left.
		if pgErr.Code == "53300" && strings.Contains(pgErr.Message, "reserved") {
			return pgErr.Code + " (reserved)"
		}
		if pgErr.Code == "53300" {
			return pgErr.Code + " (too many)"
		}
		return pgErr.Code
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) && errors.Is(err, context.DeadlineExceeded) {
		return "connect timeout"
	}
	return "other: " + err.Error()
}
