package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// Client-facing messages of server-side failures. They never carry SQL
// errors or connection details.
const (
	msgInternal    = "internal error"
	msgTimeout     = "query timed out"
	msgUnavailable = "database unavailable; retry later"
	msgCanceled    = "request canceled"
	msgNotFound    = "note not found"
)

// StatusClientClosedRequest is logged when the caller went away before the
// answer (nginx's convention); the caller never sees it.
const StatusClientClosedRequest = 499

// retryAfterSeconds is sent with 503s: the pool or the database may have a
// connection to give a second later.
const retryAfterSeconds = "1"

// writeJSON writes v as the JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // the api's bodies always marshal
		status, b = http.StatusInternalServerError, []byte(`{"error":"`+msgInternal+`"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeError writes {"error": msg, "request_id": ...}; the request id's key
// is the log field's.
func writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg, telemetry.FieldRequestID: obs.RequestID(r.Context())})
}

// storeError answers a failed store call: 404, 504 for a statement timeout
// or the request's deadline, 503 when no connection could be had, else 500.
// The cause is logged with its SQLSTATE, never sent.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, msgInternal
	switch {
	case errors.Is(err, notes.ErrNotFound):
		writeError(w, r, http.StatusNotFound, msgNotFound)
		return
	case errors.Is(err, notes.ErrUnavailable): // before deadlines: an acquire timeout wraps one
		status, msg = http.StatusServiceUnavailable, msgUnavailable
		w.Header().Set("Retry-After", retryAfterSeconds)
	case errors.Is(err, notes.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		status, msg = http.StatusGatewayTimeout, msgTimeout
	case errors.Is(err, context.Canceled):
		status, msg = StatusClientClosedRequest, msgCanceled
	}

	ctx := r.Context()
	level := slog.LevelError
	if status == StatusClientClosedRequest {
		level = slog.LevelInfo
	} else {
		span := trace.SpanFromContext(ctx)
		span.RecordError(err)
		span.SetStatus(codes.Error, msg)
	}
	s.Log().LogAttrs(ctx, level, "database call failed",
		slog.Int("status", status),
		slog.String("sqlstate", notes.SQLState(err)),
		slog.String("error", err.Error()))
	writeError(w, r, status, msg)
}

// muxErrorWriter turns the mux's plain-text errors (404, 405) into JSON,
// keeping their status and headers (Allow).
type muxErrorWriter struct {
	http.ResponseWriter
	r        *http.Request
	replaced bool
}

func (m *muxErrorWriter) WriteHeader(code int) {
	if code < http.StatusBadRequest {
		m.ResponseWriter.WriteHeader(code)
		return
	}
	m.replaced = true
	writeError(m.ResponseWriter, m.r, code, strings.ToLower(http.StatusText(code)))
}

func (m *muxErrorWriter) Write(b []byte) (int, error) {
	if m.replaced {
		return len(b), nil // the JSON body is written; drop the text one
	}
	return m.ResponseWriter.Write(b)
}
