package budgets

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
)

// Table renders the report for people: every ladder rung by rung, every
// floor and connection budget with its verdict, and what was derived.
// Findings are printed by the caller.
func (r Report) Table() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Budgets (%s)\n", r.Blueprint)
	for _, l := range r.Ladders {
		fmt.Fprintf(w, "  %s: %s\n", l.Name, verdict(len(l.Check()) == 0))
		for i, rung := range l.Rungs {
			rel := "  "
			if i > 0 {
				rel = "< "
				if l.Rungs[i-1].MayEqualNext {
					rel = "<="
				}
			}
			fmt.Fprintf(w, "    %s %s\t%s\t%s\n", rel, rung.Name, Format(rung.Value), rung.Knob)
		}
	}
	for _, f := range r.Floors {
		fmt.Fprintf(w, "  %s: %s\n", f.Budget, verdict(f.Value >= f.Min))
		fmt.Fprintf(w, "       %s\t%s\t%s\n", f.Name, Format(f.Value), f.Knob)
		fmt.Fprintf(w, "    >= %s\t%s\t\n", f.Why, Format(f.Min))
	}
	for _, c := range r.Connections {
		fmt.Fprintf(w, "  %s: %s\n", c.Name, verdict(len(c.Check()) == 0))
		for _, d := range c.Demands {
			fmt.Fprintf(w, "       %s: %d x %d connection(s)\t%d\t%s\n", d.Name, d.Instances, d.PerInstance, d.Clients(), d.Knob)
		}
		if c.PoolerClientLimit > 0 {
			fmt.Fprintf(w, "    <= %s client limit\t%d\t\n", c.Pooler, c.PoolerClientLimit)
		}
		fmt.Fprintf(w, "    <= server connections, %s\t%d\t\n", c.ServerDetail, c.ServerSlots)
	}
	if len(r.Derived) > 0 {
		fmt.Fprintf(w, "  derived:\n")
		for _, d := range r.Derived {
			fmt.Fprintf(w, "       %s = %s\t(%s)\n", d.Knob, d.Value, d.From)
		}
	}
	_ = w.Flush()
	return b.String()
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "VIOLATED"
}

// Format renders a duration for people: whole days as "14d", otherwise Go's
// form without trailing zero units ("1m", "1m30s", "250ms").
func Format(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
