package main

import (
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestServerConns(t *testing.T) {
	h := header{srv: &server{maxConnections: 20, reserved: 2}, poolSize: 18}
	if got := h.serverConns("direct"); got != 18 {
		t.Errorf("direct server connections = %d, want 18 (20 - 2 reserved)", got)
	}
	if got := h.serverConns("pgbouncer"); got != 18 {
		t.Errorf("pgbouncer server connections = %d, want 18 (the pool)", got)
	}
	// A pool larger than the slots it can fill is capped by them.
	h.poolSize = 25
	if got := h.serverConns("pgbouncer"); got != 18 {
		t.Errorf("pgbouncer server connections with pool 25 = %d, want 18 (the slots left)", got)
	}
	h.poolSize = 10
	if got := h.serverConns("pgbouncer"); got != 10 {
		t.Errorf("pgbouncer server connections with pool 10 = %d, want 10", got)
	}
	h.txDirect = 12500 * time.Microsecond
	if got := h.limit("pgbouncer"); got != 800 {
		t.Errorf("pgbouncer limit with pool 10 and T 12.5ms = %v, want 800", got)
	}
}

func TestFmtSpread(t *testing.T) {
	if got, want := fmtSpread([]float64{161, 110, 138}, 0), "138 [110-161]"; got != want {
		t.Errorf("fmtSpread = %q, want %q", got, want)
	}
	if got, want := fmtSpread([]float64{10.64, 10.71}, 1), "10.7 [10.6-10.7]"; got != want {
		t.Errorf("fmtSpread = %q, want %q", got, want)
	}
	if got := fmtSpread(nil, 1); got != "-" {
		t.Errorf("fmtSpread(nil) = %q, want -", got)
	}
}

func TestErrorSummaryAndClassify(t *testing.T) {
	errs := map[string]int{}
	for _, err := range []error{
		&pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"},
		&pgconn.PgError{Code: "53300", Message: "remaining connection slots are reserved for non-replication superuser connections"},
		&pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"},
		&pgconn.PgError{Code: "57014", Message: "canceling statement due to statement timeout"},
		errors.New("boom"),
	} {
		errs[classify(err)]++
	}
	want := "1 x 53300 (reserved), 2 x 53300 (too many), 1 x 57014, 1 x other: boom"
	if got := errorSummary(errs); got != want {
		t.Errorf("errorSummary = %q, want %q", got, want)
	}
	if got := errorSummary(nil); got != "-" {
		t.Errorf("errorSummary(nil) = %q, want -", got)
	}
}

func TestRecorderCountsOnlyCommitsInTheWindow(t *testing.T) {
	r := newRecorder()
	r.deadline = time.Now().Add(time.Hour)
	r.succeed(10 * time.Millisecond)
	r.succeed(11 * time.Millisecond)
	r.deadline = time.Now().Add(-time.Second) // the window has ended
	r.succeed(12 * time.Millisecond)
	r.fail(&pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"})
	s := r.s
	if s.attempts != 4 || s.ok != 3 || s.inWindow != 2 || s.errors["53300 (too many)"] != 1 || len(s.tx) != 3 {
		t.Errorf("recorder sample = attempts %d, ok %d, in window %d, errors %v, %d tx; "+
			"want attempts 4, ok 3, in window 2, errors map[53300 (too many):1], 3 tx",
			s.attempts, s.ok, s.inWindow, s.errors, len(s.tx))
	}
}
