package migrations

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/migrate"
)

// WorkerRoleCheck checks that WorkerRole exists and that its
// statement_timeout in this database is want, the Worker's
// DB_STATEMENT_TIMEOUT binding: the role enforces the timeout, the binding
// is what the plan's timeout budget reckons with, and the two must agree.
// It reports whether the role can log in yet.
func WorkerRoleCheck(want time.Duration) migrate.Check {
	return migrate.Check{Name: "worker role", Run: func(ctx context.Context, conn *pgx.Conn) (string, error) {
		var canLogin bool
		var inDatabase, everywhere []string
		err := conn.QueryRow(ctx, `SELECT r.rolcanlogin,
  coalesce((SELECT setconfig FROM pg_db_role_setting WHERE setrole = r.oid
    AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())), '{}'),
  coalesce((SELECT setconfig FROM pg_db_role_setting WHERE setrole = r.oid AND setdatabase = 0), '{}')
FROM pg_roles r WHERE r.rolname = $1`, WorkerRole).Scan(&canLogin, &inDatabase, &everywhere)
		if errors.Is(err, pgx.ErrNoRows) {
			return "", fmt.Errorf("role %s does not exist; apply the migrations (up)", WorkerRole)
		}
		if err != nil {
			return "", fmt.Errorf("read role %s: %w", WorkerRole, err)
		}
		// A role's setting for this database wins over its setting for
		// every database (https://www.postgresql.org/docs/current/sql-alterrole.html).
		value, ok := setting("statement_timeout", inDatabase)
		if !ok {
			value, ok = setting("statement_timeout", everywhere)
		}
		if !ok {
			return "", fmt.Errorf("role %s has no statement_timeout; apply the migrations (up)", WorkerRole)
		}
		got, err := pgDuration(value)
		if err != nil {
			return "", fmt.Errorf("role %s: statement_timeout %q: %w", WorkerRole, value, err)
		}
		if got != want {
			return "", fmt.Errorf("role %s has statement_timeout %s in this database, but the Worker's %s is %s; make them equal: "+
				"a new migration (ALTER ROLE %s IN DATABASE ... SET statement_timeout = ...) or groundwork:edge.statementTimeout",
				WorkerRole, got, workloadenv.DBStatementTimeout, want, WorkerRole)
		}
		detail := fmt.Sprintf("%s has statement_timeout %s = %s", WorkerRole, got, workloadenv.DBStatementTimeout)
		if !canLogin {
			return detail + "; it cannot log in until its password is set: ALTER ROLE " + WorkerRole + " WITH LOGIN PASSWORD '...'", nil
		}
		return detail + "; it can log in", nil
	}}
}

// setting finds name=value in a pg_db_role_setting.setconfig array.
func setting(name string, config []string) (string, bool) {
	for _, kv := range config {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v, true
		}
	}
	return "", false
}

var pgUnit = regexp.MustCompile(`^([0-9]+)\s*(us|ms|s|min|h|d)?$`)

// pgDuration reads a time setting as PostgreSQL writes it: a number with
// an optional unit, milliseconds without one
// (https://www.postgresql.org/docs/current/config-setting.html).
func pgDuration(v string) (time.Duration, error) {
	m := pgUnit.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return 0, errors.New("not a PostgreSQL time value")
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, err
	}
	unit := map[string]time.Duration{"us": time.Microsecond, "": time.Millisecond, "ms": time.Millisecond,
		"s": time.Second, "min": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
	return time.Duration(n) * unit, nil
}
