package store

import (
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

func TestPoolConfigForTransactionPooler(t *testing.T) {
	pc, err := PoolConfig(Config{URL: "postgres://app:pw@db.example:6432/app?sslmode=require"})
	if err != nil {
		t.Fatal(err)
	}
	cc := pc.ConnConfig
	if cc.DefaultQueryExecMode != pgx.QueryExecModeExec {
		t.Errorf("exec mode = %v, want QueryExecModeExec", cc.DefaultQueryExecMode)
	}
	if pc.MaxConns != workloadenv.DefaultPoolSize || pc.MinConns != 0 {
		t.Errorf("MaxConns = %d MinConns = %d", pc.MaxConns, pc.MinConns)
	}
	if cc.ConnectTimeout != workloadenv.DefaultConnectTimeout {
		t.Errorf("ConnectTimeout = %v", cc.ConnectTimeout)
	}
	if cc.StatementCacheCapacity != 0 || cc.DescriptionCacheCapacity != 0 {
		t.Errorf("statement caches enabled: %d/%d", cc.StatementCacheCapacity, cc.DescriptionCacheCapacity)
	}
	if _, ok := cc.RuntimeParams["statement_timeout"]; ok {
		t.Error("statement_timeout as a startup parameter is refused by PgBouncer")
	}

	pc, err = PoolConfig(Config{URL: "postgres://h/db", PoolSize: 3, ConnectTimeout: 2 * time.Second})
	if err != nil || pc.MaxConns != 3 || pc.ConnConfig.ConnectTimeout != 2*time.Second {
		t.Errorf("overrides not applied: %v %v", pc, err)
	}
}

func TestBadURLIsNotEchoed(t *testing.T) {
	const url = "postgres://app:s3cret@db.example:notaport/app"
	if _, err := Open(Config{URL: url}); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open error = %v", err)
	}
	if got := Describe(url); strings.Contains(got, "s3cret") {
		t.Errorf("Describe = %q", got)
	}
	if got := Describe("postgres://app:s3cret@db.example:5432/app"); got != "host=db.example database=app" {
		t.Errorf("Describe = %q", got)
	}
}

func TestOpenDoesNotConnect(t *testing.T) {
	s, err := Open(Config{URL: "postgres://app:pw@127.0.0.1:1/app?sslmode=disable"})
	if err != nil {
		t.Fatalf("Open against a closed port: %v", err)
	}
	s.Close()
}
