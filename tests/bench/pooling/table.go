package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// header is what the table's preamble reports.
type header struct {
	srv      *server
	opts     options
	poolSize int
	// T: the fastest of the calibration's transactions, per path; and their medians.
	txDirect, txPooled             time.Duration
	txDirectMedian, txPooledMedian time.Duration
	loadStart, loadEnd             string
	took                           time.Duration
}

// serverConns is how many transactions a path can run at once: the
// server's slots left to ordinary roles, or PgBouncer's server pool
// (no larger than those slots).
func (h header) serverConns(path string) int {
	slots := h.srv.maxConnections - h.srv.reserved
	if path == "pgbouncer" {
		return min(h.poolSize, slots)
	}
	return slots
}

// limit is a path's physical limit in transactions per second.
func (h header) limit(path string) float64 { return physicalLimit(h.serverConns(path), h.txDirect) }

func printTable(w io.Writer, h header, cells []*cell) error {
	o := h.opts
	fmt.Fprintf(w, "PostgreSQL %s: max_connections=%d, superuser_reserved_connections=%d; PgBouncer %s, transaction mode, server pool %d\n",
		h.srv.version, h.srv.maxConnections, h.srv.reserved, strings.TrimPrefix(h.srv.bouncerVersion, "PgBouncer "), h.poolSize)
	fmt.Fprintf(w, "%s/%s, %d CPUs, %s; load average at start %s, at end %s; cells took %s\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), h.loadStart, h.loadEnd, h.took.Round(time.Second))
	fmt.Fprintf(w, "transaction: BEGIN, INSERT, pg_sleep(%s), COMMIT; T = the fastest of %d transactions one after another on one open connection:\n",
		o.work, o.calibrate)
	fmt.Fprintf(w, "  direct T = %.2f ms (overhead %.2f ms over the sleep; median %.2f ms), through PgBouncer %.2f ms (median %.2f ms)\n",
		msOf(h.txDirect), msOf(h.txDirect-o.work), msOf(h.txDirectMedian), msOf(h.txPooled), msOf(h.txPooledMedian))
	fmt.Fprintf(w, "limit = server connections / T(direct): direct %d (max_connections - reserved) / %.2f ms = %.0f/s; "+
		"pgbouncer %d (server pool) / %.2f ms = %.0f/s\n",
		h.serverConns("direct"), msOf(h.txDirect), h.limit("direct"),
		h.serverConns("pgbouncer"), msOf(h.txDirect), h.limit("pgbouncer"))
	fmt.Fprintf(w, "cold: N instances start at once; each attempt connects, runs one transaction and closes, and the instance starts over\n")
	fmt.Fprintf(w, "warm: N workers each open one connection (at most %d opening at a time, then one unmeasured transaction) and keep it;\n"+
		"  a failed open is one failed attempt; then the survivors run transactions back to back\n", o.rampInFlight)
	fmt.Fprintf(w, "each cell starts new work for a window of %s; work under way at its end finishes and counts in attempts, ok, errors\n"+
		"  and latencies; ok/s = transactions committed within the window / the window; %d rounds, direct first in odd rounds\n",
		o.window, o.rounds)
	fmt.Fprintf(w, "attempts, ok, errors: totals over the rounds; ok/s, %% of limit (= ok/s / limit), latencies: median [min-max] over the rounds\n")
	fmt.Fprintf(w, "tx: BEGIN to COMMIT of successful transactions; connect: successful connects (warm: the ramp's opens)\n\n")

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tN\tpath\tattempts\tok\terrors (SQLSTATE)\tok/s\t% of limit\ttx p50 ms\ttx p99 ms\tconnect p50 ms\tconnect p99 ms\t")
	for _, c := range cells {
		attempts, ok, errs := 0, 0, map[string]int{}
		var tput, share []float64
		var txP50, txP99, cP50, cP99 []float64
		for _, s := range c.samples {
			attempts += s.attempts
			ok += s.ok
			for k, n := range s.errors {
				errs[k] += n
			}
			t := perSecond(s.inWindow, s.window)
			tput = append(tput, t)
			share = append(share, 100*shareOfLimit(t, h.limit(c.path)))
			if len(s.tx) > 0 {
				txP50 = append(txP50, msOf(percentile(s.tx, 50)))
				txP99 = append(txP99, msOf(percentile(s.tx, 99)))
			}
			if len(s.connect) > 0 {
				cP50 = append(cP50, msOf(percentile(s.connect, 50)))
				cP99 = append(cP99, msOf(percentile(s.connect, 99)))
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", c.model, c.clients, c.path, attempts, ok,
			errorSummary(errs), fmtSpread(tput, 0), fmtSpread(share, 1),
			fmtSpread(txP50, 1), fmtSpread(txP99, 1), fmtSpread(cP50, 1), fmtSpread(cP99, 1))
	}
	return tw.Flush()
}

// fmtSpread prints "median [min-max]" with prec decimals, or "-" for no values.
func fmtSpread(v []float64, prec int) string {
	if len(v) == 0 {
		return "-"
	}
	s := spreadOf(v)
	return fmt.Sprintf("%.*f [%.*f-%.*f]", prec, s.median, prec, s.min, prec, s.max)
}

func errorSummary(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d x %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
