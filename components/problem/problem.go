// Package problem carries validation problems addressed to the field that
// has them, so that every check can report all of its problems at once and
// a caller can say where each one sits in its own terms.
//
// A component reports {Field: "timeout", Message: "must be at most 15m0s
// (Lambda limit), got 20m0s; ..."}; the blueprint that built the component's
// arguments from config prefixes the field with the config key it came from
// (groundwork:jobs.worker), and the user reads
// "groundwork:jobs.worker.timeout must be at most 15m0s ...". Nobody joins
// problems into strings and splits them again.
//
// Field names are written as config keys are (lower camel case, with list
// indexes), so that prefixing a component's field with the key that fed it
// names the key a user sets. Messages never quote a secret.
package problem

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with one field.
type Problem struct {
	// Field is the path of the value at fault ("timeout",
	// "schedules[0].expression", "groundwork:database.pooledUrl"); empty
	// means the value as a whole.
	Field string
	// Message completes a sentence that starts with the field: the rule, the
	// value received (never a secret) and the fix.
	Message string
}

// String is the sentence: the field, then the message.
func (p Problem) String() string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + " " + p.Message
}

// List is every problem found, in the order found. The zero value is empty.
type List []Problem

// Add records a problem of field; the message is formatted.
func (l *List) Add(field, format string, args ...any) {
	*l = append(*l, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Extend records more, each field placed under prefix (see [Join]). A
// problem already recorded with the same sentence is skipped: settings
// shared by several components are reported once.
func (l *List) Extend(prefix string, more List) {
	for _, p := range more {
		p.Field = Join(prefix, p.Field)
		if !l.has(p) {
			*l = append(*l, p)
		}
	}
}

func (l List) has(p Problem) bool {
	for _, q := range l {
		if q == p {
			return true
		}
	}
	return false
}

// Renamed returns the list with the leading segment of each field renamed
// by names (old -> new), for a caller whose keys differ from a component's
// field names. Fields not in names are kept.
func (l List) Renamed(names map[string]string) List {
	out := make(List, len(l))
	for i, p := range l {
		head, rest := split(p.Field)
		if n, ok := names[head]; ok {
			p.Field = n + rest
		}
		out[i] = p
	}
	return out
}

// Under returns the problems whose field is prefix or lies below it, with
// the prefix removed; Without returns the others.
func (l List) Under(prefix string) List {
	var out List
	for _, p := range l {
		if rest, ok := below(p.Field, prefix); ok {
			p.Field = rest
			out = append(out, p)
		}
	}
	return out
}

// Without returns the problems whose field is not prefix and does not lie
// below it.
func (l List) Without(prefix string) List {
	var out List
	for _, p := range l {
		if _, ok := below(p.Field, prefix); !ok {
			out = append(out, p)
		}
	}
	return out
}

// Err is nil for an empty list, else an *Error holding the problems.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return &Error{Problems: append(List(nil), l...)}
}

// Strings renders each problem.
func (l List) Strings() []string {
	out := make([]string, len(l))
	for i, p := range l {
		out[i] = p.String()
	}
	return out
}

// Join places field under prefix: "groundwork:jobs" + "worker.timeout" is
// "groundwork:jobs.worker.timeout", an index joins without a dot
// ("events" + "[0].pattern"), and a prefix ending in ":" (a namespace) joins
// directly ("groundwork:" + "database.pooledUrl"). A problem of the whole
// value (no field) placed under a prefix reads "prefix: message".
func Join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "" && strings.HasSuffix(prefix, ":"):
		return prefix
	case field == "":
		return prefix + ":"
	case strings.HasPrefix(field, "["), strings.HasSuffix(prefix, ":"):
		return prefix + field
	}
	return prefix + "." + field
}

func split(field string) (head, rest string) {
	i := strings.IndexAny(field, ".[")
	if i < 0 {
		return field, ""
	}
	return field[:i], field[i:]
}

func below(field, prefix string) (string, bool) {
	if field == prefix || field == prefix+":" {
		return "", true
	}
	rest, ok := strings.CutPrefix(field, prefix)
	switch {
	case !ok:
		return "", false
	case strings.HasPrefix(rest, "."):
		return rest[1:], true
	case strings.HasPrefix(rest, "["):
		return rest, true
	}
	return "", false
}

// Error is a List as an error: one problem per line.
type Error struct {
	Problems List
}

func (e *Error) Error() string { return strings.Join(e.Problems.Strings(), "\n") }

// ErrIn is nil for an empty list, else the problems as an error that says
// where they were found (`golambda "worker"`); errors.As finds the *Error.
func (l List) ErrIn(where string) error {
	if len(l) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %w", where, l.Err())
}

// Of is the problems an error carries: an *Error's list, one problem with
// the error's text otherwise, none for nil.
func Of(err error) List {
	var pe *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe) && pe == err:
		return pe.Problems
	}
	return List{{Message: err.Error()}}
}

// MaxShown is how much of a user's value a message quotes back: enough to
// recognise it, short enough that a pasted file or a 10,000-character path
// does not flood the terminal.
const MaxShown = 64

// Shown is a value as a message quotes it: whole up to MaxShown bytes, else
// its start, cut at a character boundary, with its length. Never pass it a
// secret: no part of one may appear in a message.
func Shown(s string) string {
	if len(s) <= MaxShown {
		return s
	}
	cut := MaxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", s[:cut], len(s))
}
