// Command groundwork inspects groundwork stacks offline: no cloud account,
// no Pulumi CLI, no network (webhook send, which posts a signed request to
// the URL it is given, is the one command that uses the network).
//
//	groundwork blueprints                     list the blueprints
//	groundwork plan --stack NAME [--json]     what a stack would create, and its budgets
//	groundwork plan --config-file PATH        the same for any stack file
//	groundwork check                          plan every stack file; non-zero on any problem
//	groundwork recommend [flags]              which blueprint and mode fit a workload, and why
//	groundwork cost (--stack NAME | --blueprint B) --rps N [flags]
//	                                          the monthly bill, itemized, and the alternatives
//	groundwork cost --logs FILE [--stack NAME | --blueprint B] [--svg OUT]
//	                                          cost by route from real logs
//	groundwork webhook verify --scheme S --secret-file F --body-file B [--header 'N: v']...
//	                                          the receiver's verification of one delivery
//	groundwork webhook send --scheme S --secret-file F --url URL --body-file B
//	                                          sign as the sender would and post (network)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/groundwork-iac/groundwork/blueprints"
	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/internal/plan"
)

var usage = strings.ReplaceAll(`usage:
  groundwork blueprints
  groundwork plan (--stack NAME | --config-file PATH) [--json]
  groundwork check
  groundwork recommend [--rps N --shape spiky|steady --p99 D --region regional|global
                        --data postgres|key-value|search --kind api|webhooks|queue|scheduled|long-running|websocket|gpu
                        --team small|aws|edge|any --peak-rps N] [--write stacks/Pulumi.NAME.yaml]
                       (without flags, in a terminal, it asks)
  groundwork cost (--stack NAME | --blueprint BLUEPRINTS) --rps N [--peak-rps N --wall D --cpu D
                  --payload SIZE --messages-per-day N --log-bytes N --memory-mb N --ops-hours N]
  groundwork cost --logs FILE [--logs FILE ...] [--stack NAME | --blueprint BLUEPRINTS] [--svg OUT.svg]
                  (FILE: JSON lines, aws logs filter-log-events --output json, gcloud logging read
                  --format=json or Cloudflare Logpush workers_trace_events, gzipped or not; - is stdin)
  groundwork cost --sources
  groundwork webhook verify --scheme SCHEMES --secret-file PATH [--secret-file PATH]... [--now UNIX]
                  [--header 'Name: value']... --body-file PATH
  groundwork webhook send --scheme SCHEMES --secret-file PATH --url URL --body-file PATH [--kind K] [--id ID]
                  (the one command that uses the network)
`, "BLUEPRINTS", strings.Join(catalog.Names(), "|"))

func init() { usage = strings.ReplaceAll(usage, "SCHEMES", schemeList()) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage means the command line itself was wrong.
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "blueprints":
		err = listBlueprints(stdout)
	case "plan":
		err = planCmd(args[1:], stdout, stderr)
	case "check":
		err = checkCmd(args[1:], stdout)
	case "recommend":
		err = recommendCmd(args[1:], stdout, stderr)
	case "cost":
		err = costCmd(args[1:], stdout, stderr)
	case "webhook":
		return webhookCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "groundwork: unknown command %q\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprint(stderr, usage)
		return 2
	default:
		fmt.Fprintf(stderr, "groundwork %s: %v\n", args[0], err)
		return 1
	}
}

func listBlueprints(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, b := range blueprints.List() {
		fmt.Fprintf(tw, "%s\t%s\n", b.Name, b.Summary)
	}
	return tw.Flush()
}

func planCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack name: plans stacks/Pulumi.NAME.yaml")
	file := fs.String("config-file", "", "path of a stack config file")
	asJSON := fs.Bool("json", false, "print the machine-readable graph")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || (*stack == "") == (*file == "") {
		return errUsage
	}
	project, err := plan.FindProject(".")
	if err != nil {
		return err
	}
	var r *plan.Result
	if *file != "" {
		r, err = plan.File(project, *file, *stack)
	} else {
		r, err = plan.Stack(project, *stack)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		if err := r.WriteJSON(stdout); err != nil {
			return err
		}
	} else {
		r.Text(stdout)
	}
	if !r.OK() {
		return fmt.Errorf("stack %s: %d problem(s); nothing would be created", r.Stack, problems(r))
	}
	return nil
}

func checkCmd(args []string, w io.Writer) error {
	if len(args) > 0 {
		return errUsage
	}
	project, err := plan.FindProject(".")
	if err != nil {
		return err
	}
	stacks, err := project.Stacks()
	if err != nil {
		return err
	}
	failed := 0
	for _, s := range stacks {
		r, err := plan.Stack(project, s)
		if err != nil {
			return err
		}
		if r.OK() {
			fmt.Fprintf(w, "ok    %s (blueprint %s, %d resources, %d warnings)\n", s, r.Blueprint, r.Resources(), len(r.Report.Warnings()))
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL  %s\n", s)
		r.Text(indent{w})
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d stacks failed", failed, len(stacks))
	}
	return nil
}

func problems(r *plan.Result) int {
	n := len(r.Violations)
	if r.Err != nil {
		n += len(r.JSON().Errors)
	}
	return n
}

// indent writes through, for nesting a plan's text under a check line.
type indent struct{ w io.Writer }

func (i indent) Write(p []byte) (int, error) { return i.w.Write(p) }
