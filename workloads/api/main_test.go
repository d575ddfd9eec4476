package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/server"
	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

func reader(env map[string]string) *envconf.Reader {
	return &envconf.Reader{Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
}

func TestServeConfigDefaults(t *testing.T) {
	cfg, err := loadServeConfig(reader(map[string]string{workloadenv.DatabaseURL: "postgres://app@db/app"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != workloadenv.DefaultPort ||
		cfg.Server.HandlerTimeout != workloadenv.DefaultHTTPHandlerTimeout ||
		cfg.Server.ShutdownTimeout != workloadenv.DefaultShutdownTimeout ||
		cfg.Store.PoolSize != workloadenv.DefaultAPIPoolSize ||
		cfg.Store.ConnectTimeout != workloadenv.DefaultConnectTimeout ||
		cfg.Store.StatementTimeout != workloadenv.DefaultStatementTimeout {
		t.Errorf("defaults = %+v", cfg)
	}
	// The default ladder is in order: the database gives up before the handler.
	if cfg.Store.ConnectTimeout+cfg.Store.StatementTimeout >= cfg.Server.HandlerTimeout {
		t.Error("default database timeouts exceed the default handler deadline")
	}
}

func TestServeConfigFromEnv(t *testing.T) {
	cfg, err := loadServeConfig(reader(map[string]string{
		workloadenv.DatabaseURL: "postgres://app@db/app", workloadenv.Port: "9090",
		workloadenv.HandlerTimeout: "20s", workloadenv.ShutdownTimeout: "7s", workloadenv.DBPoolSize: "3",
		workloadenv.DBConnectTimeout: "2s", workloadenv.DBStatementTimeout: "4s",
	}))
	want := serveConfig{Port: "9090",
		Server: server.Config{HandlerTimeout: 20 * time.Second, ShutdownTimeout: 7 * time.Second},
		Store: notes.Config{URL: "postgres://app@db/app", PoolSize: 3,
			ConnectTimeout: 2 * time.Second, StatementTimeout: 4 * time.Second}}
	if err != nil || cfg != want {
		t.Errorf("config = %+v, %v", cfg, err)
	}
}

func TestServeConfigReportsEveryProblem(t *testing.T) {
	_, err := loadServeConfig(reader(map[string]string{
		workloadenv.Port: "http", workloadenv.HandlerTimeout: "soon", workloadenv.DBPoolSize: "0",
	}))
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, want := range []string{workloadenv.Port, workloadenv.HandlerTimeout, workloadenv.DBPoolSize,
		workloadenv.DatabaseURL + " is not set"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error misses %q:\n%v", want, err)
		}
	}
}

func TestWarnLadder(t *testing.T) {
	var buf bytes.Buffer
	log := obs.NewLogger(&buf, slog.LevelInfo)
	cfg := serveConfig{Server: server.Config{HandlerTimeout: 8 * time.Second},
		Store: notes.Config{ConnectTimeout: 5 * time.Second, StatementTimeout: 10 * time.Second}}
	warnLadder(log, cfg)
	if !strings.Contains(buf.String(), "database timeouts exceed the handler deadline") {
		t.Errorf("no warning: %s", buf.String())
	}
}

func TestRunUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"frobnicate"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage") {
		t.Errorf("unknown command: exit %d, stderr %q", code, stderr.String())
	}
	if code := run([]string{"help"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "api migrate") {
		t.Errorf("help: exit %d, stdout %q", code, stdout.String())
	}
}

func TestMigrateRefusesWithoutDirectURL(t *testing.T) {
	t.Setenv(workloadenv.DatabaseDirectURL, "")
	t.Setenv(workloadenv.DatabaseURL, "postgres://app:s3cret@ep-x-pooler.neon.tech/app")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"migrate"}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(stdout.String(), workloadenv.DatabaseDirectURL+" is not set") || strings.Contains(stdout.String(), "s3cret") {
		t.Errorf("log = %s", stdout.String())
	}
}

func TestMigrateRefusesPooledURL(t *testing.T) {
	t.Setenv(workloadenv.DatabaseDirectURL, "postgres://app:s3cret@ep-x-123-pooler.eu-central-1.aws.neon.tech/app")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"migrate", "-timeout", "5s"}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(stdout.String(), "pooled endpoint") || strings.Contains(stdout.String(), "s3cret") {
		t.Errorf("log = %s", stdout.String())
	}
	if code := run([]string{"migrate", "-bogus"}, &stdout, &stderr); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
}
