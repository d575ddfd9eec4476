package server

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// startRun runs h's server on a fresh listener and returns its URL, the
// cancel that plays SIGTERM, and Run's result.
func startRun(t *testing.T, h *harness) (string, context.CancelFunc, <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() { done <- h.srv.Run(ctx, ln) }()
	return "http://" + ln.Addr().String(), cancel, done
}

func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	h := newHarness(t, Config{ShutdownTimeout: 5 * time.Second})
	entered, release := make(chan struct{}), make(chan struct{})
	h.store.hook = func(context.Context) {
		close(entered)
		<-release
	}
	base, sigterm, done := startRun(t, h)

	type result struct {
		status int
		err    error
	}
	slow := make(chan result, 1)
	go func() {
		resp, err := http.Post(base+"/v1/notes", "application/json", strings.NewReader(`{"body": "slow"}`))
		if err != nil {
			slow <- result{err: err}
			return
		}
		_ = resp.Body.Close()
		slow <- result{status: resp.StatusCode}
	}()
	<-entered

	sigterm()
	deadline := time.Now().Add(2 * time.Second)
	for !h.srv.Draining() {
		if time.Now().After(deadline) {
			t.Fatal("not draining after SIGTERM")
		}
		time.Sleep(time.Millisecond)
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining = %d", rec.Code)
	}
	for {
		// The listener closes: new connections are refused.
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), 100*time.Millisecond)
		if err != nil {
			break
		}
		_ = c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections while draining")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Run returned before the in-flight request finished: %v", err)
	default:
	}

	close(release)
	if r := <-slow; r.err != nil || r.status != http.StatusCreated {
		t.Errorf("in-flight request = %d, %v; want 201", r.status, r.err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil after a clean drain", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestShutdownGivesUpAfterTimeout(t *testing.T) {
	h := newHarness(t, Config{ShutdownTimeout: 100 * time.Millisecond})
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	h.store.hook = func(context.Context) {
		close(entered)
		<-release
	}
	base, sigterm, done := startRun(t, h)
	go func() {
		if resp, err := http.Get(base + "/v1/notes"); err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-entered
	sigterm()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "did not finish within 100ms") {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not give up")
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	srv := newHarness(t, Config{HandlerTimeout: 12 * time.Second}).srv.HTTPServer()
	if srv.ReadHeaderTimeout != ReadHeaderTimeout || srv.ReadTimeout != 12*time.Second ||
		srv.WriteTimeout != 12*time.Second+WriteGrace || srv.IdleTimeout != IdleTimeout ||
		srv.MaxHeaderBytes != MaxHeaderBytes || srv.ErrorLog == nil {
		t.Errorf("server = read header %v, read %v, write %v, idle %v, max header %d",
			srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
}
