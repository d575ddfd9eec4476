package migrate

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
)

// Entry states in a status report, besides StateApplied and StateFailed.
const (
	StatePending = "pending"
	// StateModified is an applied file whose checksum changed since.
	StateModified = "modified"
	// StateUnknown is a version recorded in the database that this binary
	// does not have: a newer release migrated the database.
	StateUnknown = "unknown"
)

// Entry is one version in a status report.
type Entry struct {
	Version       int64
	Name          string
	State         string
	AppliedAt     time.Time // zero unless recorded
	Checksum      string    // the file's; the recorded one for StateUnknown
	NoTransaction bool
	// Note explains a failed, modified or checksum-less entry.
	Note string
}

// Report is the state of every version, in version order.
type Report struct {
	Set     string
	Table   string
	Entries []Entry
}

// Count returns how many entries are in state.
func (r Report) Count(state string) int {
	n := 0
	for _, e := range r.Entries {
		if e.State == state {
			n++
		}
	}
	return n
}

// Status reads what is applied without changing anything (no lock, no
// DDL): a dry run of Up.
func Status(ctx context.Context, conn *pgx.Conn, set Set) (Report, error) {
	rep := Report{Set: set.Name, Table: set.Table}
	if err := set.check(); err != nil {
		return rep, err
	}
	history, err := readHistory(ctx, conn, set.Table)
	if err != nil {
		return rep, err
	}
	for _, m := range set.Migrations {
		e := Entry{Version: m.Version, Name: m.Name, State: StatePending, Checksum: m.Checksum, NoTransaction: m.NoTransaction}
		if h, ok := history[m.Version]; ok {
			e.AppliedAt = h.AppliedAt
			switch {
			case h.state() == StateFailed:
				e.State = StateFailed
				if h.Error != nil {
					e.Note = *h.Error
				}
			case h.Checksum == nil:
				e.State, e.Note = StateApplied, "checksum not recorded yet (applied by an earlier release); the next up records it"
			case *h.Checksum != m.Checksum:
				e.State, e.Note = StateModified, fmt.Sprintf("file edited since it ran: recorded %s, file %s", short(*h.Checksum), short(m.Checksum))
			default:
				e.State = StateApplied
			}
		}
		rep.Entries = append(rep.Entries, e)
	}
	for v, h := range history {
		if !slices.ContainsFunc(set.Migrations, func(m Migration) bool { return m.Version == v }) {
			e := Entry{Version: v, Name: h.Name, State: StateUnknown, AppliedAt: h.AppliedAt, NoTransaction: h.NoTransaction,
				Note: "not in this binary: a newer release migrated the database"}
			if h.Checksum != nil {
				e.Checksum = *h.Checksum
			}
			rep.Entries = append(rep.Entries, e)
		}
	}
	slices.SortFunc(rep.Entries, func(a, b Entry) int { return cmp.Compare(a.Version, b.Version) })
	return rep, nil
}

// Print writes the report as a table, then one summary line.
func (r Report) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "version\tname\tstate\tapplied at\tchecksum\tnote")
	for _, e := range r.Entries {
		at := "-"
		if !e.AppliedAt.IsZero() {
			at = e.AppliedAt.UTC().Format(time.RFC3339)
		}
		note := e.Note
		if e.NoTransaction {
			note = strings.TrimPrefix(note+"; no transaction", "; ")
		}
		fmt.Fprintf(tw, "%04d\t%s\t%s\t%s\t%s\t%s\n", e.Version, e.Name, e.State, at, short(e.Checksum), note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	n, noun := len(r.Entries)-r.Count(StateUnknown), "migrations"
	if n == 1 {
		noun = "migration"
	}
	_, err := fmt.Fprintf(w, "%s: %d %s in %s: %d applied, %d pending, %d failed, %d modified, %d unknown\n",
		r.Set, n, noun, r.Table, r.Count(StateApplied), r.Count(StatePending),
		r.Count(StateFailed), r.Count(StateModified), r.Count(StateUnknown))
	return err
}
