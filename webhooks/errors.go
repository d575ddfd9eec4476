package webhooks

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// Verification errors. [Verifier.Verify] wraps exactly one of them in an
// [*Error]; test with errors.Is. The first five are signature problems: the
// receiver logs which one and answers the same 401 to all of them.
var (
	// ErrMissingHeader: a header the scheme requires is absent or empty.
	ErrMissingHeader = errors.New("missing header")
	// ErrMalformed: a signature or timestamp header does not parse, or a
	// body declared base64 does not decode.
	ErrMalformed = errors.New("malformed header")
	// ErrStale: the signed timestamp is older than the tolerance.
	ErrStale = errors.New("stale timestamp")
	// ErrFuture: the signed timestamp is further ahead than MaxFutureSkew.
	ErrFuture = errors.New("timestamp in the future")
	// ErrNoMatch: no signature in the request matches any configured secret.
	ErrNoMatch = errors.New("no matching signature")
	// ErrTooLarge: the body exceeds the limit (checked before any decoding);
	// the receiver answers 413.
	ErrTooLarge = errors.New("body too large")

	// The rest come only after the signature (and timestamp) verified: the
	// request is the sender's own, but unusable. The receiver answers 400.

	// ErrBadKind: the job kind is missing, too long or has a character
	// outside [A-Za-z0-9._:/-].
	ErrBadKind = errors.New("bad kind")
	// ErrBadID: the sender's event or delivery id is missing, too long or not
	// printable ASCII.
	ErrBadID = errors.New("bad id")
	// ErrBadPayload: the signed body is not in the shape the scheme defines
	// (not a JSON object, an unknown Slack form, a bad challenge).
	ErrBadPayload = errors.New("bad payload")
)

// Error is one verification failure: which rule, where, and a short detail.
// Its message never holds a secret, a signature, or more than a short quoted
// excerpt of anything the request carried.
type Error struct {
	// Err is one of the Err* values above.
	Err error
	// Scheme is the verifier's scheme.
	Scheme Scheme
	// Where names the header or body field concerned, e.g. "Stripe-Signature"
	// or `body field "type"`; empty when the rule concerns the whole request.
	Where string
	// Detail says what was wrong, bounded.
	Detail string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Scheme))
	b.WriteString(" webhook: ")
	b.WriteString(e.Err.Error())
	if e.Where != "" {
		b.WriteString(": ")
		b.WriteString(e.Where)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Authenticated reports whether the failure came after the signature
// verified: a 400-class error about a genuine request.
func (e *Error) Authenticated() bool {
	return errors.Is(e.Err, ErrBadKind) || errors.Is(e.Err, ErrBadID) || errors.Is(e.Err, ErrBadPayload)
}

// Status is the HTTP status a receiver answers for err: 401 for every
// signature problem, 413 for a body over the limit, 400 for a genuine request
// that cannot become a job, 500 for anything else (a bug or a configuration
// error, never the caller's fault).
func Status(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrBadKind), errors.Is(err, ErrBadID), errors.Is(err, ErrBadPayload):
		return http.StatusBadRequest
	case errors.Is(err, ErrMissingHeader), errors.Is(err, ErrMalformed), errors.Is(err, ErrStale),
		errors.Is(err, ErrFuture), errors.Is(err, ErrNoMatch):
		return http.StatusUnauthorized
	default:
		return http.StatusInternalServerError
	}
}

// excerptBytes is how much of a request-supplied string an error quotes.
const excerptBytes = 16

// excerpt describes a request-supplied string without echoing it whole: its
// length and its first excerptBytes bytes, quoted with every non-printable
// or non-ASCII byte escaped.
func excerpt(s string) string {
	n := strconv.Itoa(len(s)) + " bytes"
	if len(s) <= excerptBytes {
		return strconv.QuoteToASCII(s) + " (" + n + ")"
	}
	return strconv.QuoteToASCII(s[:excerptBytes]) + "... (" + n + ")"
}

func fail(s Scheme, err error, where, detail string) *Error {
	return &Error{Err: err, Scheme: s, Where: where, Detail: detail}
}
