// Package server is the api's HTTP layer: routes, middleware and handlers
// over a notes [Store], and the http.Server that runs them.
//
// Routes:
//
//	GET  /healthz           the process is up; never touches the database
//	GET  /readyz            the database answers a ping within ReadyTimeout; 503 once draining
//	POST /v1/notes          create a note from {"body": "..."}
//	GET  /v1/notes/{id}     one note
//	GET  /v1/notes          newest first: ?limit=N (default 20, at most 100) &cursor=C
//
// Every request gets a request id (the caller's X-Request-ID when valid, else
// a new one, echoed in the response), a server span continuing the caller's
// traceparent or, without one, Cloud Run's X-Cloud-Trace-Context, a deadline
// of HandlerTimeout, and one JSON access log line. Panics become 500s. Every
// error is JSON: {"error": "...", "request_id": "..."}. Database failures
// map to 504 (statement timeout, deadline), 503 (no connection) or 500; the
// client never sees SQL errors or connection details.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// Defaults and fixed limits.
const (
	// ReadyTimeout bounds the database ping of /readyz: a probe must not
	// hang on a database that does not answer.
	ReadyTimeout = time.Second
	// MaxBodyBytes caps a request body; larger bodies get 413. A valid note
	// (10 000 characters, each at most 6 bytes once JSON-escaped) fits.
	MaxBodyBytes = 64 << 10
	// ReadHeaderTimeout bounds reading a request's headers (slowloris).
	ReadHeaderTimeout = 5 * time.Second
	// WriteGrace is how long past the handler deadline a response may take
	// to write: time to send the 504 once the deadline has passed.
	WriteGrace = 2 * time.Second
	// IdleTimeout keeps idle keep-alive connections open longer than the
	// 600 s Google's load balancers keep them toward backends, so the proxy,
	// not the server, closes them: a server-side close racing a new request
	// on the same connection surfaces as a 502.
	IdleTimeout = 620 * time.Second
	// MaxHeaderBytes caps request headers.
	MaxHeaderBytes = 64 << 10
)

// tracerName names the server's tracer.
const tracerName = "github.com/groundwork-iac/groundwork/workloads/api/internal/server"

// Store is what the handlers need of package notes.
type Store interface {
	Create(ctx context.Context, body string) (notes.Note, error)
	Get(ctx context.Context, id string) (notes.Note, error)
	List(ctx context.Context, limit int, after *notes.Cursor) (notes.Page, error)
	Ping(ctx context.Context) error
}

// Config holds the server's timeouts. Zero values mean the defaults above.
type Config struct {
	// HandlerTimeout is every request's deadline (HANDLER_TIMEOUT).
	HandlerTimeout time.Duration
	// ShutdownTimeout bounds draining in-flight requests (SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
}

// Server serves the api. It is an http.Handler.
type Server struct {
	store Store
	cfg   Config
	obs.Instruments

	mux      *http.ServeMux
	patterns map[string]bool
	handler  http.Handler
	draining atomic.Bool
}

// New returns a server over store. Zero-valued instruments mean the
// process-wide tracer, propagator and logger.
func New(store Store, cfg Config, inst obs.Instruments) *Server {
	s := &Server{store: store, cfg: cfg, Instruments: inst, mux: http.NewServeMux(), patterns: map[string]bool{}}
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /readyz", s.readyz)
	s.handle("POST /v1/notes", s.createNote)
	s.handle("GET /v1/notes/{id}", s.getNote)
	s.handle("GET /v1/notes", s.listNotes)
	// Outermost first: the request id is in every log line, the span and
	// the access log see the final status (a recovered panic's 500 too).
	s.handler = s.withRequestID(s.observe(s.withDeadline(s.recoverer(http.HandlerFunc(s.dispatch)))))
	return s
}

func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.patterns[pattern] = true
	s.mux.HandleFunc(pattern, h)
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Drain makes /readyz answer 503 from now on.
func (s *Server) Drain() { s.draining.Store(true) }

// Draining reports whether [Server.Drain] was called.
func (s *Server) Draining() bool { return s.draining.Load() }

// HandlerTimeout is the effective request deadline.
func (s *Server) HandlerTimeout() time.Duration {
	if s.cfg.HandlerTimeout > 0 {
		return s.cfg.HandlerTimeout
	}
	return workloadenv.DefaultHTTPHandlerTimeout
}

// ShutdownTimeout is the effective drain bound.
func (s *Server) ShutdownTimeout() time.Duration {
	if s.cfg.ShutdownTimeout > 0 {
		return s.cfg.ShutdownTimeout
	}
	return workloadenv.DefaultShutdownTimeout
}

// HTTPServer returns an http.Server for s with every timeout explicit. The
// whole request must arrive within the handler deadline; the response may
// take WriteGrace longer.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       s.HandlerTimeout(),
		WriteTimeout:      s.HandlerTimeout() + WriteGrace,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.Log().Handler(), slog.LevelWarn),
	}
}

// Run serves on ln until ctx is done (SIGTERM), then drains: /readyz turns
// 503, the listener closes, and in-flight requests get ShutdownTimeout to
// finish before their connections are closed. It returns nil after a clean
// drain. The caller closes the store and flushes telemetry afterwards.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := s.HTTPServer()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}

	s.Drain()
	timeout := s.ShutdownTimeout()
	s.Log().InfoContext(ctx, "draining", "timeout", timeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		<-errc
		return fmt.Errorf("server: in-flight requests did not finish within %v: %w", timeout, err)
	}
	<-errc // http.ErrServerClosed
	return nil
}

// route returns the path template of the registered pattern r matches, or
// "" when none does (404, 405, or a redirect to a cleaned path).
func (s *Server) route(r *http.Request) string {
	_, pattern := s.mux.Handler(r)
	if !s.patterns[pattern] {
		return ""
	}
	_, path, _ := strings.Cut(pattern, " ")
	return path
}

// dispatch routes r; the mux's own plain-text errors become JSON.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if s.route(r) == "" {
		s.mux.ServeHTTP(&muxErrorWriter{ResponseWriter: w, r: r}, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}
