// Package problems collects a blueprint's configuration problems before
// anything is created: every problem, each prefixed with the config key it
// came from, and each line once (the shared telemetry settings are checked
// by several components and would otherwise be reported by each).
package problems

import (
	"errors"
	"strings"
)

// List is the problems found so far. The zero value is empty.
type List struct {
	errs []error
	seen map[string]bool
}

// Add records err, one problem per line, each prefixed. A line already
// recorded, under any prefix, is skipped. A nil err is nothing.
func (l *List) Add(prefix string, err error) {
	if err == nil {
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if l.first(line) {
			l.errs = append(l.errs, errors.New(prefix+line))
		}
	}
}

// AddErr records one problem, unless the same one was recorded already.
func (l *List) AddErr(err error) {
	if l.first(err.Error()) {
		l.errs = append(l.errs, err)
	}
}

func (l *List) first(msg string) bool {
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	if l.seen[msg] {
		return false
	}
	l.seen[msg] = true
	return true
}

// Err joins the problems; nil when there are none.
func (l *List) Err() error { return errors.Join(l.errs...) }
