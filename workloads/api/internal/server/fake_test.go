package server

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

// fakeStore keeps notes in memory. Err, when set, fails every call; hook,
// when set, runs first in every call and may block or panic.
type fakeStore struct {
	mu      sync.Mutex
	notes   []notes.Note
	seq     int
	calls   int
	err     error
	pingErr error
	hook    func(ctx context.Context)
	// deadline is the context deadline of the last call.
	deadline time.Time
}

func (f *fakeStore) enter(ctx context.Context) error {
	if f.hook != nil {
		f.hook(ctx)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.deadline, _ = ctx.Deadline()
	return f.err
}

func (f *fakeStore) Create(ctx context.Context, body string) (notes.Note, error) {
	if err := f.enter(ctx); err != nil {
		return notes.Note{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	n := notes.Note{
		ID:        fmt.Sprintf("00000000-0000-4000-8000-%012d", f.seq),
		Body:      body,
		CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(f.seq/2) * time.Second),
	}
	f.notes = append(f.notes, n)
	return n, nil
}

func (f *fakeStore) Get(ctx context.Context, id string) (notes.Note, error) {
	if err := f.enter(ctx); err != nil {
		return notes.Note{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.notes {
		if n.ID == id {
			return n, nil
		}
	}
	return notes.Note{}, &notes.Error{Op: "get", Kind: notes.ErrNotFound}
}

// List mirrors the SQL: ORDER BY created_at DESC, id DESC, strictly after the cursor.
func (f *fakeStore) List(ctx context.Context, limit int, after *notes.Cursor) (notes.Page, error) {
	if err := f.enter(ctx); err != nil {
		return notes.Page{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	sorted := slices.Clone(f.notes)
	slices.SortFunc(sorted, func(a, b notes.Note) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(b.ID, a.ID))
	})
	var out []notes.Note
	for _, n := range sorted {
		if after != nil && (n.CreatedAt.After(after.CreatedAt) ||
			n.CreatedAt.Equal(after.CreatedAt) && n.ID >= after.ID) {
			continue
		}
		out = append(out, n)
	}
	var page notes.Page
	if len(out) > limit {
		out = out[:limit]
		page.Next = &notes.Cursor{CreatedAt: out[limit-1].CreatedAt, ID: out[limit-1].ID}
	}
	page.Notes = out
	return page, nil
}

func (f *fakeStore) Ping(ctx context.Context) error {
	if err := f.enter(ctx); err != nil {
		return err
	}
	return f.pingErr
}

func (f *fakeStore) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// harness is a server over a fake store with recorded spans and logs.
type harness struct {
	srv   *Server
	store *fakeStore
	spans *tracetest.SpanRecorder
	logs  *lockedBuffer
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	h := &harness{store: &fakeStore{}, spans: tracetest.NewSpanRecorder(), logs: &lockedBuffer{}}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.spans))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	h.srv = New(h.store, cfg, obs.Instruments{
		Tracer:     tp.Tracer("test"),
		Propagator: propagation.TraceContext{},
		Logger:     obs.NewLogger(h.logs, slog.LevelDebug),
	})
	return h
}

// do serves one request; body is sent as is.
func (h *harness) do(method, target, body string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, req)
	return rec
}

// logLines decodes every log line, failing on one that is not a JSON object.
func (h *harness) logLines(t *testing.T) []map[string]any {
	t.Helper()
	return decodeLines(t, h.logs.String())
}

func decodeLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not one JSON object: %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// accessLine returns the single access log line ("msg": "request").
func (h *harness) accessLine(t *testing.T) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, l := range h.logLines(t) {
		if l[slog.MessageKey] == "request" {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d access log lines, want 1:\n%s", len(found), h.logs.String())
	}
	return found[0]
}

// decode parses a JSON answer into a map.
func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("answer is not JSON: %q: %v", rec.Body.String(), err)
	}
	return m
}

// assertError checks a JSON error answer: status, message, and the request
// id of the X-Request-ID header.
func assertError(t *testing.T, rec *httptest.ResponseRecorder, status int, msg string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status = %d, want %d (body %s)", rec.Code, status, rec.Body.String())
	}
	body := decode(t, rec)
	if msg != "" && body["error"] != msg {
		t.Errorf("error = %q, want %q", body["error"], msg)
	}
	id := rec.Header().Get(telemetry.HeaderRequestID)
	if id == "" || body[telemetry.FieldRequestID] != id {
		t.Errorf("request_id = %v, header %q", body[telemetry.FieldRequestID], id)
	}
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.String()
}

var (
	_ io.Writer    = (*lockedBuffer)(nil)
	_ http.Handler = (*Server)(nil)
)
