package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
)

func TestHealthzNeverTouchesTheDatabase(t *testing.T) {
	h := newHarness(t, Config{})
	h.store.err = errors.New("database down")
	rec := h.do(http.MethodGet, "/healthz", "")
	if rec.Code != http.StatusOK || decode(t, rec)["status"] != "ok" {
		t.Errorf("healthz = %d %s", rec.Code, rec.Body.String())
	}
	if h.store.callCount() != 0 {
		t.Error("healthz called the store")
	}
}

func TestReadyz(t *testing.T) {
	h := newHarness(t, Config{})
	if rec := h.do(http.MethodGet, "/readyz", ""); rec.Code != http.StatusOK || decode(t, rec)["status"] != "ready" {
		t.Errorf("readyz = %d %s", rec.Code, rec.Body.String())
	}
	if d := time.Until(h.store.deadline); h.store.deadline.IsZero() || d > ReadyTimeout {
		t.Errorf("ping deadline in %v, want at most %v", d, ReadyTimeout)
	}

	h.store.pingErr = &notes.Error{Op: "ping", Kind: notes.ErrUnavailable, Err: errors.New("dial tcp 10.0.0.1:5432: connect: connection refused")}
	rec := h.do(http.MethodGet, "/readyz", "")
	assertError(t, rec, http.StatusServiceUnavailable, "database unavailable")
	if strings.Contains(rec.Body.String(), "10.0.0.1") {
		t.Errorf("readyz leaks the cause: %s", rec.Body.String())
	}

	h.store.pingErr = nil
	h.srv.Drain()
	assertError(t, h.do(http.MethodGet, "/readyz", ""), http.StatusServiceUnavailable, "draining")
}

func TestCreateAndGetNote(t *testing.T) {
	h := newHarness(t, Config{})
	rec := h.do(http.MethodPost, "/v1/notes", `{"body": "hello"}`, "Content-Type", "application/json; charset=utf-8")
	if rec.Code != http.StatusCreated {
		t.Fatalf("create = %d %s", rec.Code, rec.Body.String())
	}
	note := decode(t, rec)
	id, _ := note["id"].(string)
	if !notes.ValidID(id) || note["body"] != "hello" || note["created_at"] != "2026-01-01T00:00:00Z" {
		t.Errorf("note = %v", note)
	}
	if rec.Header().Get("Location") != "/v1/notes/"+id {
		t.Errorf("Location = %q", rec.Header().Get("Location"))
	}

	rec = h.do(http.MethodGet, "/v1/notes/"+strings.ToUpper(id), "")
	if rec.Code != http.StatusOK || decode(t, rec)["id"] != id {
		t.Errorf("get = %d %s", rec.Code, rec.Body.String())
	}
	assertError(t, h.do(http.MethodGet, "/v1/notes/00000000-0000-4000-8000-999999999999", ""), http.StatusNotFound, "note not found")
	assertError(t, h.do(http.MethodGet, "/v1/notes/42", ""), http.StatusBadRequest, msgBadID)
}

func TestCreateValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		body, contentType string
		status            int
		msg               string
	}{
		"missing field":   {`{}`, "", http.StatusBadRequest, msgNoteRequired},
		"null":            {`{"body": null}`, "", http.StatusBadRequest, msgNoteRequired},
		"empty":           {`{"body": ""}`, "", http.StatusBadRequest, msgNoteEmpty},
		"blank":           {`{"body": " \n\t"}`, "", http.StatusBadRequest, msgNoteEmpty},
		"too long":        {`{"body": "` + strings.Repeat("é", notes.MaxBodyRunes+1) + `"}`, "", http.StatusBadRequest, msgNoteTooLong},
		"NUL":             {`{"body": "a\u0000b"}`, "", http.StatusBadRequest, msgNoteNUL},
		"not JSON":        {`body=hello`, "", http.StatusBadRequest, msgBadJSON},
		"wrong type":      {`{"body": 42}`, "", http.StatusBadRequest, msgBadJSON},
		"unknown field":   {`{"body": "a", "tags": []}`, "", http.StatusBadRequest, msgBadJSON},
		"two objects":     {`{"body": "a"} {"body": "b"}`, "", http.StatusBadRequest, msgBadJSON},
		"form":            {`body=hello`, "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType, msgMediaType},
		"body over limit": {`{"body": "` + strings.Repeat("a", MaxBodyBytes) + `"}`, "", http.StatusRequestEntityTooLarge, msgBodyTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, Config{})
			var headers []string
			if tc.contentType != "" {
				headers = []string{"Content-Type", tc.contentType}
			}
			assertError(t, h.do(http.MethodPost, "/v1/notes", tc.body, headers...), tc.status, tc.msg)
			if h.store.callCount() != 0 {
				t.Error("an invalid note reached the store")
			}
		})
	}

	// The longest valid body, in 2-byte characters, escaped as \uXXXX: fits the byte cap.
	h := newHarness(t, Config{})
	longest := `{"body": "` + strings.Repeat(`\u00e9`, notes.MaxBodyRunes) + `"}`
	if rec := h.do(http.MethodPost, "/v1/notes", longest); rec.Code != http.StatusCreated {
		t.Errorf("longest valid note = %d %s", rec.Code, rec.Body.String())
	}
}

func TestListNotesPaginates(t *testing.T) {
	h := newHarness(t, Config{})
	if rec := h.do(http.MethodGet, "/v1/notes", ""); rec.Body.String() != `{"notes":[]}`+"\n" {
		t.Errorf("empty list = %s", rec.Body.String())
	}
	for i := range 5 {
		h.do(http.MethodPost, "/v1/notes", fmt.Sprintf(`{"body": "n%d"}`, i))
	}

	var bodies []string
	cursor := ""
	for page := 0; page < 5; page++ {
		target := "/v1/notes?limit=2"
		if cursor != "" {
			target += "&cursor=" + url.QueryEscape(cursor)
		}
		rec := h.do(http.MethodGet, target, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("page %d = %d %s", page, rec.Code, rec.Body.String())
		}
		body := decode(t, rec)
		for _, n := range body["notes"].([]any) {
			bodies = append(bodies, n.(map[string]any)["body"].(string))
		}
		next, ok := body["next_cursor"].(string)
		if !ok {
			break
		}
		cursor = next
	}
	if got := strings.Join(bodies, ","); got != "n4,n3,n2,n1,n0" {
		t.Errorf("pages = %s, want newest first, each once", got)
	}

	rec := h.do(http.MethodGet, "/v1/notes", "")
	if n := len(decode(t, rec)["notes"].([]any)); n != 5 {
		t.Errorf("default page has %d notes", n)
	}
	for _, q := range []string{"limit=0", "limit=101", "limit=ten", "limit=-1"} {
		assertError(t, h.do(http.MethodGet, "/v1/notes?"+q, ""), http.StatusBadRequest, msgBadLimit)
	}
	for _, c := range []string{"garbage!", "djF8MXx4"} {
		assertError(t, h.do(http.MethodGet, "/v1/notes?cursor="+c, ""), http.StatusBadRequest, msgBadCursor)
	}
}

func TestStoreErrorsBecomeJSON(t *testing.T) {
	statementTimeout := &notes.Error{Op: "list", Kind: notes.ErrTimeout, SQLState: "57014",
		Err: &pgconn.PgError{Severity: "ERROR", Code: "57014", Message: "canceling statement due to statement timeout"}}
	for name, tc := range map[string]struct {
		err    error
		status int
		msg    string
	}{
		"statement timeout": {statementTimeout, http.StatusGatewayTimeout, msgTimeout},
		"deadline":          {fmt.Errorf("scan: %w", context.DeadlineExceeded), http.StatusGatewayTimeout, msgTimeout},
		"pool exhausted": {&notes.Error{Op: "list", Kind: notes.ErrUnavailable, Err: context.DeadlineExceeded},
			http.StatusServiceUnavailable, msgUnavailable},
		"client gone": {&notes.Error{Op: "list", Kind: context.Canceled, Err: context.Canceled}, StatusClientClosedRequest, msgCanceled},
		"internal": {errors.New(`ERROR: relation "notes" does not exist at postgres://app:s3cret@db/app`),
			http.StatusInternalServerError, msgInternal},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, Config{})
			h.store.err = tc.err
			rec := h.do(http.MethodGet, "/v1/notes", "", "X-Request-ID", "req-42")
			assertError(t, rec, tc.status, tc.msg)
			if decode(t, rec)["request_id"] != "req-42" {
				t.Errorf("request_id = %v", decode(t, rec)["request_id"])
			}
			for _, leak := range []string{"s3cret", "relation", "SQLSTATE", "canceling statement"} {
				if strings.Contains(rec.Body.String(), leak) {
					t.Errorf("answer leaks %q: %s", leak, rec.Body.String())
				}
			}
			if tc.status == http.StatusServiceUnavailable && rec.Header().Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			if got := h.accessLine(t)["status"]; got != float64(tc.status) {
				t.Errorf("access log status = %v", got)
			}
		})
	}

	h := newHarness(t, Config{})
	h.store.err = statementTimeout
	h.do(http.MethodGet, "/v1/notes", "")
	var dbLine map[string]any
	for _, l := range h.logLines(t) {
		if l["msg"] == "database call failed" {
			dbLine = l
		}
	}
	if dbLine == nil || dbLine["sqlstate"] != "57014" || dbLine["status"] != float64(http.StatusGatewayTimeout) {
		t.Errorf("database error log = %v", dbLine)
	}
}

func TestUnroutedRequestsAnswerJSON(t *testing.T) {
	h := newHarness(t, Config{})
	assertError(t, h.do(http.MethodGet, "/nope", ""), http.StatusNotFound, "not found")
	rec := h.do(http.MethodDelete, "/v1/notes", "")
	assertError(t, rec, http.StatusMethodNotAllowed, "method not allowed")
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, http.MethodPost) {
		t.Errorf("Allow = %q", allow)
	}
}
