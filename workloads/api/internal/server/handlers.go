package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/groundwork-iac/groundwork/workloads/api/internal/notes"
)

// Client-facing validation messages.
var (
	msgBodyTooLarge = "request body exceeds " + strconv.Itoa(MaxBodyBytes) + " bytes"
	msgBadJSON      = `body must be one JSON object such as {"body": "text"}`
	msgMediaType    = "Content-Type must be application/json"
	msgNoteRequired = `"body" is required`
	msgNoteEmpty    = `"body" must not be empty`
	msgNoteTooLong  = `"body" must be at most ` + strconv.Itoa(notes.MaxBodyRunes) + " characters"
	msgNoteNUL      = `"body" must not contain NUL characters`
	msgBadID        = "id must be a UUID"
	msgBadLimit     = "limit must be an integer from 1 to " + strconv.Itoa(notes.MaxPageSize)
	msgBadCursor    = "cursor is malformed; pass next_cursor from the previous page unchanged"
)

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.Draining() {
		writeError(w, r, http.StatusServiceUnavailable, "draining")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.Log().WarnContext(ctx, "database not ready", "sqlstate", notes.SQLState(err), "error", err.Error())
		writeError(w, r, http.StatusServiceUnavailable, "database unavailable")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// createRequest is the body of POST /v1/notes. Body is a pointer to tell a
// missing field from an empty one.
type createRequest struct {
	Body *string `json:"body"`
}

func (s *Server) createNote(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			writeError(w, r, http.StatusUnsupportedMediaType, msgMediaType)
			return
		}
	}
	var req createRequest
	if status, msg := decodeJSON(w, r, &req); status != 0 {
		writeError(w, r, status, msg)
		return
	}
	if msg := validateBody(req.Body); msg != "" {
		writeError(w, r, http.StatusBadRequest, msg)
		return
	}
	note, err := s.store.Create(r.Context(), *req.Body)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/v1/notes/"+note.ID)
	writeJSON(w, http.StatusCreated, note)
}

// decodeJSON reads exactly one JSON object of at most MaxBodyBytes into v,
// rejecting unknown fields. It returns 0 on success, else the status and
// message to answer.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) (int, string) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if err = dec.Decode(&struct{}{}); errors.Is(err, io.EOF) {
			return 0, ""
		}
		if err == nil {
			err = errors.New("more than one JSON value")
		}
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge, msgBodyTooLarge
	}
	return http.StatusBadRequest, msgBadJSON
}

// validateBody returns what is wrong with a note's body, or "".
func validateBody(body *string) string {
	switch {
	case body == nil:
		return msgNoteRequired
	case strings.TrimSpace(*body) == "":
		return msgNoteEmpty
	case utf8.RuneCountInString(*body) > notes.MaxBodyRunes:
		return msgNoteTooLong
	case strings.ContainsRune(*body, 0): // PostgreSQL text cannot hold NUL
		return msgNoteNUL
	}
	return ""
}

func (s *Server) getNote(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !notes.ValidID(id) {
		writeError(w, r, http.StatusBadRequest, msgBadID)
		return
	}
	note, err := s.store.Get(r.Context(), strings.ToLower(id))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, note)
}

// listResponse is one page; NextCursor is absent on the last page.
type listResponse struct {
	Notes      []notes.Note `json:"notes"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := notes.DefaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > notes.MaxPageSize {
			writeError(w, r, http.StatusBadRequest, msgBadLimit)
			return
		}
		limit = n
	}
	var after *notes.Cursor
	if v := q.Get("cursor"); v != "" {
		c, err := notes.ParseCursor(v)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, msgBadCursor)
			return
		}
		after = &c
	}
	page, err := s.store.List(r.Context(), limit, after)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	resp := listResponse{Notes: page.Notes}
	if resp.Notes == nil {
		resp.Notes = []notes.Note{}
	}
	if page.Next != nil {
		resp.NextCursor = page.Next.Encode()
	}
	writeJSON(w, http.StatusOK, resp)
}
