package notes

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Kinds of failure, tested with errors.Is. A failure of none of these kinds
// (a constraint violation, a bug) is an internal error.
var (
	// ErrNotFound: no note has the id.
	ErrNotFound = errors.New("note not found")
	// ErrTimeout: a statement exceeded statement_timeout (SQLSTATE 57014),
	// or the caller's deadline passed.
	ErrTimeout = errors.New("query timed out")
	// ErrUnavailable: no connection within the connect timeout (the pool is
	// exhausted, or the pooler or database cannot be reached), or the
	// connection failed. Worth retrying later.
	ErrUnavailable = errors.New("database unavailable")
)

// SQLSTATE codes and classes the store tells apart.
const (
	sqlStateQueryCanceled = "57014" // statement_timeout, or a cancel request
	classConnection       = "08"    // connection exception
	classResources        = "53"    // insufficient resources: too many connections
	classOperatorPrefix   = "57P"   // admin shutdown, crash shutdown, cannot connect now
)

// Error is a failed store operation.
type Error struct {
	// Op is the operation: create, get, list or ping.
	Op string
	// Kind is ErrNotFound, ErrTimeout, ErrUnavailable, context.Canceled, or
	// nil for an internal error.
	Kind error
	// SQLState is the server's error code, when the server answered.
	SQLState string
	// Err is the cause. It never holds a connection string: a connect error
	// is replaced by its cause, which names the address only.
	Err error
}

func (e *Error) Error() string {
	msg := "notes: " + e.Op
	switch {
	case e.Err != nil:
		msg += ": " + e.Err.Error()
	case e.Kind != nil:
		msg += ": " + e.Kind.Error()
	}
	return msg
}

// Unwrap returns the kind and the cause, so errors.Is matches either.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// SQLState returns the SQLSTATE carried by err, or "".
func SQLState(err error) string {
	var se *Error
	if errors.As(err, &se) && se.SQLState != "" {
		return se.SQLState
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// classifyAcquire classifies a failure to acquire a pooled connection. When
// the caller's context is still live, the acquire timeout expired or the
// connection attempt failed: the database is unavailable.
func classifyAcquire(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		return classify(ctx, op, err)
	}
	e := classify(ctx, op, err).(*Error)
	if e.Kind == nil || errors.Is(e.Kind, ErrTimeout) {
		e.Kind = ErrUnavailable
	}
	return e
}

// classify wraps err from pgx in an *Error of the right kind. An *Error is
// returned unchanged.
func classify(ctx context.Context, op string, err error) error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	e := &Error{Op: op, Err: err}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		e.SQLState = pe.Code
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		// ConnectError's message names the user; its cause does not.
		e.Err = ce.Unwrap()
	}

	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Kind = context.Canceled
	case errors.Is(ctx.Err(), context.DeadlineExceeded), e.SQLState == sqlStateQueryCanceled:
		e.Kind = ErrTimeout
	case unavailableState(e.SQLState), ce != nil:
		e.Kind = ErrUnavailable
	case pgconn.Timeout(err), errors.Is(err, context.DeadlineExceeded):
		e.Kind = ErrTimeout
	case connectionLost(err):
		e.Kind = ErrUnavailable
	}
	return e
}

// unavailableState reports SQLSTATEs that mean "try again later": the
// connection failed, the server (or the pooler) has no connection to give,
// or it is shutting down.
func unavailableState(code string) bool {
	return strings.HasPrefix(code, classConnection) || strings.HasPrefix(code, classResources) ||
		strings.HasPrefix(code, classOperatorPrefix)
}

// connectionLost reports errors of a connection that broke under a query.
func connectionLost(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err)
}
