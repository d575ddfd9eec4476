package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/cost/logread"
)

// printRoutes writes cost by route: where the units came from, the table,
// then how a unit is priced and what the numbers leave out.
func printRoutes(w io.Writer, r cost.RouteReport, files []*logread.File, settings string) {
	p := r.Platform
	fmt.Fprintf(w, "cost by route: %s (%s), list prices of %s\n", p.Option, p.Option.Describe(), cost.PricesDate)
	for i, f := range files {
		label := "logs: "
		if i > 0 {
			label = "      "
		}
		fmt.Fprintf(w, "%s%s (%s): %s\n", label, f.Name, describeFile(f), fileCounts(f))
	}
	fmt.Fprintf(w, "span: %s\n", spanText(r))
	fmt.Fprintf(w, "settings: %s\n\n", settings)

	kinds := map[string]bool{}
	cpu := false
	for _, rc := range r.Routes {
		kinds[rc.Kind] = true
		cpu = cpu || rc.CPUUnits > 0
	}
	cpu = cpu && p.Option == cost.Edge
	var t table
	row := func(kind, route string, cells ...string) {
		var cols []string
		if len(kinds) > 1 {
			cols = append(cols, kind)
		}
		t.rows = append(t.rows, append(append(cols, route), cells...))
	}
	t.text = 1
	if len(kinds) > 1 {
		t.text = 2
	}
	head := []string{"units", "p50 ms", "p95 ms"}
	if cpu {
		head = append(head, "CPU ms")
	}
	head = append(head, "cost", "share", "per 1M")
	if r.Monthly {
		head = append(head, "per month")
	}
	row("kind", "route", head...)
	for _, rc := range r.Routes {
		cells := []string{strconv.Itoa(rc.Units), ms(rc.P50MS), ms(rc.P95MS)}
		if cpu {
			cells = append(cells, cpuText(rc))
		}
		cells = append(cells, usdFine(rc.USD), percent(rc.Share), usdFine(rc.PerMillion()))
		if r.Monthly {
			cells = append(cells, usdFine(rc.Monthly))
		}
		row(rc.Kind, routeText(rc.Route), cells...)
	}
	total := []string{strconv.Itoa(r.Units), "", ""}
	if cpu {
		total = append(total, "")
	}
	total = append(total, usdFine(r.USD), percent(1), "")
	if r.Monthly {
		total = append(total, usdFine(r.MonthlyUSD))
	}
	row("", "total", total...)
	t.write(w)
	fmt.Fprintln(w)
	for _, n := range routeNotes(r, files) {
		fmt.Fprintln(w, n)
	}
}

// table is text columns (the first text of them, left-aligned) then
// figures, right-aligned, two spaces apart.
type table struct {
	text int
	rows [][]string
}

func (t table) write(w io.Writer) {
	var width []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < t.text {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func describeFile(f *logread.File) string {
	if f.Gzip {
		return f.Format.Describe() + ", gzipped"
	}
	return f.Format.Describe()
}

// fileCounts says what a file held: its units by kind, and Lambda's
// reports.
func fileCounts(f *logread.File) string {
	n := map[string]int{}
	for _, u := range f.Units {
		n[u.Kind]++
	}
	var parts []string
	for _, k := range []string{"request", "job"} {
		if n[k] > 0 {
			parts = append(parts, cost.Count(float64(n[k]), plural(k, n[k])))
		}
	}
	if len(f.Invocations) > 0 {
		parts = append(parts, cost.Count(float64(len(f.Invocations)), "platform.report lines"))
	}
	if f.Unattributed > 0 {
		parts = append(parts, cost.Count(float64(f.Unattributed), "trace events without a unit"))
	}
	return strings.Join(parts, ", ")
}

func plural(word string, n int) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func spanText(r cost.RouteReport) string {
	if !r.SpanKnown {
		return "unknown (fewer than two units carry a time)"
	}
	d := r.Span().Round(time.Millisecond)
	if d < time.Second {
		d = r.Span().Round(time.Microsecond)
	}
	const stamp = "2006-01-02T15:04:05.000Z07:00"
	return fmt.Sprintf("%s to %s (%s)", r.First.Format(stamp), r.Last.Format(stamp), d)
}

// routeText shows an empty route as such.
func routeText(route string) string {
	if route == "" {
		return `""`
	}
	return route
}

func cpuText(rc cost.RouteCost) string {
	if rc.CPUUnits == 0 {
		return "-"
	}
	return ms(rc.CPUMS)
}

// ms renders milliseconds as logged: microsecond precision, no trailing
// zeros.
func ms(f float64) string { return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64) }

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// usdFine is usd for amounts from a cent up, and two significant digits
// below: a sample of logs costs fractions of a cent.
func usdFine(f float64) string {
	if f == 0 || f >= 0.01 {
		return usd(f)
	}
	decimals := int(-math.Floor(math.Log10(f))) + 1
	return "$" + strconv.FormatFloat(f, 'f', decimals, 64)
}
