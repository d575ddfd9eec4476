package notes

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/groundwork-iac/groundwork/workloads/internal/pgtx"
)

const (
	insertNote = `INSERT INTO notes (body) VALUES ($1)
RETURNING id::text, body, created_at`
	selectNote = `SELECT id::text, body, created_at FROM notes WHERE id = $1::uuid`
	firstPage  = `SELECT id::text, body, created_at FROM notes
ORDER BY created_at DESC, id DESC
LIMIT $1`
	nextPage = `SELECT id::text, body, created_at FROM notes
WHERE (created_at, id) < ($1::timestamptz, $2::uuid)
ORDER BY created_at DESC, id DESC
LIMIT $3`
)

// Create stores a note with body, which the caller has validated.
func (s *Store) Create(ctx context.Context, body string) (Note, error) {
	var n Note
	err := s.withTx(ctx, "create", func(tx pgx.Tx) error {
		return scanNote(tx.QueryRow(ctx, insertNote, body), &n)
	})
	return n, err
}

// Get returns the note with id, a UUID (see [ValidID]), or an error of kind
// [ErrNotFound].
func (s *Store) Get(ctx context.Context, id string) (Note, error) {
	var n Note
	err := s.withTx(ctx, "get", func(tx pgx.Tx) error {
		err := scanNote(tx.QueryRow(ctx, selectNote, id), &n)
		if errors.Is(err, pgx.ErrNoRows) {
			return &Error{Op: "get", Kind: ErrNotFound}
		}
		return err
	})
	return n, err
}

// List returns up to limit notes, newest first, starting after the cursor
// after (nil for the first page). limit is clamped to [1, MaxPageSize].
func (s *Store) List(ctx context.Context, limit int, after *Cursor) (Page, error) {
	limit = min(max(limit, 1), MaxPageSize)
	var page Page
	err := s.withTx(ctx, "list", func(tx pgx.Tx) error {
		// One row more than asked tells whether a next page exists.
		var rows pgx.Rows
		var err error
		if after == nil {
			rows, err = tx.Query(ctx, firstPage, limit+1)
		} else {
			rows, err = tx.Query(ctx, nextPage, after.CreatedAt, after.ID, limit+1)
		}
		if err != nil {
			return err
		}
		notes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Note, error) {
			var n Note
			return n, scanNote(row, &n)
		})
		if err != nil {
			return err
		}
		if len(notes) > limit {
			notes = notes[:limit]
			last := notes[limit-1]
			page.Next = &Cursor{CreatedAt: last.CreatedAt, ID: last.ID}
		}
		page.Notes = notes
		return nil
	})
	return page, err
}

// Ping checks that a connection can be had and answers, within ctx.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return classify(ctx, "ping", err)
	}
	return nil
}

// withTx runs fn in a transaction on a pooled connection, after SET LOCAL
// statement_timeout. Acquiring the connection is bounded by the connect
// timeout, so an exhausted pool or an unreachable database fails fast with
// [ErrUnavailable] rather than at the request's deadline.
func (s *Store) withTx(ctx context.Context, op string, fn func(pgx.Tx) error) error {
	err := s.pool.InTx(ctx, fn)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgtx.ErrAcquire):
		return classifyAcquire(ctx, op, err)
	}
	return classify(ctx, op, err)
}

func scanNote(row pgx.Row, n *Note) error {
	if err := row.Scan(&n.ID, &n.Body, &n.CreatedAt); err != nil {
		return err
	}
	n.CreatedAt = n.CreatedAt.UTC()
	return nil
}
