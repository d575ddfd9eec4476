package rt

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// roleLock serialises ALTER ROLE on the roles every test database shares
// (roles belong to the whole server) across test processes:
// workloads/edge/migrations uses the same key. Two concurrent updates of
// one role fail with "tuple concurrently updated".
const roleLock int64 = 0x67776564676d6970

// EnableRole lets role, created NOLOGIN by a blueprint's migrations, log in
// with the local database's password: the operator's one-line ALTER ROLE.
func EnableRole(t testing.TB, role string) {
	t.Helper()
	c := connect(t, os.Getenv(EnvDirectURL))
	defer c.Close(context.Background())
	password, _ := mustURL(t, os.Getenv(EnvDirectURL)).User.Password()
	err := pgx.BeginFunc(context.Background(), c, func(tx pgx.Tx) error {
		if _, err := tx.Exec(context.Background(), "SELECT pg_advisory_xact_lock($1)", roleLock); err != nil {
			return err
		}
		_, err := tx.Exec(context.Background(), "ALTER ROLE "+pgx.Identifier{role}.Sanitize()+" WITH LOGIN PASSWORD "+quoteLiteral(password))
		return err
	})
	if err != nil {
		t.Fatalf("enable role %s: %v", role, err)
	}
}

// SetRoleParam sets a parameter for role's sessions in this database only
// (ALTER ROLE ... IN DATABASE ... SET), as a migration or an operator does:
// statement_timeout, or log_statement to have the server log its statements.
func (db *DB) SetRoleParam(t testing.TB, role, name, value string) {
	t.Helper()
	db.Exec(t, "ALTER ROLE "+pgx.Identifier{role}.Sanitize()+" IN DATABASE "+pgx.Identifier{db.Name}.Sanitize()+
		" SET "+pgx.Identifier{name}.Sanitize()+" = "+quoteLiteral(value))
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s is not a URL", EnvDirectURL)
	}
	return u
}
