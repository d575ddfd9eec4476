package workerd

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Options says what to run and where its console output goes.
type Options struct {
	// EdgeDir is the npm package whose node_modules/.bin/wrangler is used
	// (workloads/edge).
	EdgeDir string
	// Code is the ES module source (worker.Bundle.Code). It is run as is.
	Code string
	// CompatibilityDate is the Worker's compatibility date, YYYY-MM-DD. A
	// date later than the installed workerd supports makes Start fail
	// ("This Worker requires compatibility date ...").
	CompatibilityDate string
	// CompatibilityFlags are the Worker's compatibility flags
	// (nodejs_compat).
	CompatibilityFlags []string
	// HyperdriveURL is the local connection string the HYPERDRIVE binding
	// points at (localConnectionString). Empty: no HYPERDRIVE binding.
	//
	// wrangler 4.86's local Hyperdrive proxy (Miniflare's) pipes workerd's
	// socket to the database's with no error handler on either, so a
	// refused or reset database connection is an unhandled exception that
	// kills wrangler, and every later request fails. Start preloads a guard
	// into wrangler's Node processes (see socketGuard) that resets the other
	// end instead; the Worker then answers 503 "database unavailable" within
	// milliseconds, and wrangler lives on. So, to test an unreachable
	// database, point this at a port nothing listens on or at a listener
	// that resets connections (SO_LINGER 0). Not covered: with sslmode
	// prefer or require the proxy's TLS probe still crashes wrangler; a
	// database that accepts and then closes cleanly (FIN) before the
	// startup handshake leaves the Worker retrying until HANDLER_TIMEOUT
	// (504); one that accepts and never answers gives 503 after
	// DB_CONNECT_TIMEOUT.
	HyperdriveURL string
	// R2Buckets are R2 bucket bindings (r2_buckets), local to the state
	// directory; [Worker.PutR2Object] and [Worker.R2Object] write and read
	// their objects.
	R2Buckets []R2Bucket
	// Analytics are Workers Analytics Engine bindings
	// (analytics_engine_datasets), binding name to dataset. wrangler dev
	// simulates them locally: writeDataPoint is accepted and kept nowhere.
	Analytics map[string]string
	// Vars are the plain-text bindings, passed as the config's vars. Values
	// may not contain line breaks: wrangler prints every var in a table on
	// its stdout, and a line break there could produce a line the Stdout
	// filter takes for the Worker's.
	Vars map[string]string
	// Stdout receives the Worker's console output, one line per line
	// logged, each ending in "\n". nil discards it.
	//
	// wrangler prints the Worker's console.log, console.info and
	// console.debug lines unchanged on its stdout, mixed with its own
	// decorations there: the bindings table, "⎔ Starting local server...",
	// "[wrangler:info] Ready on ..." and one "[wrangler:info] GET / 200 OK
	// (12ms)" line per request. Its log level cannot split them: the
	// Worker's lines are at level "log", above "info", so any level showing
	// them also shows the request lines. The Worker's console.warn and
	// console.error lines go to stderr wrapped in "▲ [WARNING]" and
	// "✘ [ERROR]" frames, as do wrangler's own warnings and errors.
	//
	// The rule: a line of wrangler's stdout, with ANSI escape sequences and
	// a trailing "\r" removed, that starts with "{" is the Worker's and goes
	// to Stdout; every other line, and all of stderr, is wrangler's and goes
	// to Output. wrangler 4.86 dev starts none of its own stdout lines with
	// "{" (its JSON output is for --json commands, not dev), and the kit's
	// Worker logs one JSON object per console.log. Lines the Worker logs
	// that do not start with "{" (a plain console.log("text"), the second
	// line of a multi-line message) end up in Output instead.
	//
	// Start's readiness probe is a real request to the Worker (GET / with
	// X-Request-ID: ProbeRequestID), so its lines are on Stdout too, and so
	// are the problems with the settings the Worker logs once per isolate,
	// on its first request.
	//
	// Stdout is written from a goroutine of this package, one Write per
	// line, until Stop returns; read a plain bytes.Buffer only after Stop,
	// or give a writer that is safe for concurrent use. A line reaches
	// Stdout shortly after the response that caused it, not before.
	Stdout io.Writer
}

func (o Options) check() error {
	var problems []string
	if o.Code == "" {
		problems = append(problems, "Code is empty")
	}
	if _, err := time.Parse(time.DateOnly, o.CompatibilityDate); err != nil {
		problems = append(problems, fmt.Sprintf("CompatibilityDate must be a date like 2026-04-20, got %q", o.CompatibilityDate))
	}
	for _, k := range slices.Sorted(maps.Keys(o.Vars)) {
		if k == "" {
			problems = append(problems, "a var has an empty name")
		}
		if strings.ContainsAny(o.Vars[k], "\r\n") {
			problems = append(problems, fmt.Sprintf("var %s contains a line break (wrangler prints vars on the stdout the Worker's lines are filtered from)", k))
		}
	}
	bindings := map[string]bool{}
	for _, b := range o.R2Buckets {
		problems = append(problems, b.check()...)
		if bindings[b.Binding] {
			problems = append(problems, fmt.Sprintf("two R2 buckets are bound as %s", b.Binding))
		}
		bindings[b.Binding] = true
	}
	if len(problems) > 0 {
		return errors.New("workerd: " + strings.Join(problems, "; "))
	}
	return nil
}
