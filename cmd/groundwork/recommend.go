package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/internal/plan"
	"github.com/groundwork-iac/groundwork/recommend"
)

// Prompts read from stdin when it is a terminal; tests replace both.
var (
	stdin       io.Reader = os.Stdin
	interactive           = func() bool {
		st, err := os.Stdin.Stat()
		return err == nil && st.Mode()&os.ModeCharDevice != 0
	}
)

// question is one input of the decision, as a flag and as a prompt.
type question struct {
	flag, prompt string
	allowed      []string
	value        *string
	optional     bool
}

func recommendCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("recommend", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rps, peak, p99, shape, scope, data, kind, team string
	fs.StringVar(&rps, "rps", "", "sustained requests (or messages) per second")
	fs.StringVar(&peak, "peak-rps", "", "peak requests per second (default: --rps)")
	fs.StringVar(&shape, "shape", "", "traffic shape: "+strings.Join(recommend.Names(recommend.Shapes), ", "))
	fs.StringVar(&p99, "p99", "", "p99 latency budget, e.g. 200ms")
	fs.StringVar(&scope, "region", "", "where the budget holds: "+strings.Join(recommend.Names(recommend.Scopes), ", "))
	fs.StringVar(&data, "data", "", "data tier: "+strings.Join(recommend.Names(recommend.Datas), ", "))
	fs.StringVar(&kind, "kind", "", "workload: "+strings.Join(recommend.Names(recommend.Kinds), ", "))
	fs.StringVar(&team, "team", "", "who runs it (optional): "+strings.Join(recommend.Names(recommend.Teams), ", "))
	write := fs.String("write", "", "write a starter stack file for the answer, e.g. stacks/Pulumi.myapp-dev.yaml")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}

	questions := []question{
		{"kind", "What is the workload?", recommend.Names(recommend.Kinds), &kind, false},
		{"shape", "Traffic shape?", recommend.Names(recommend.Shapes), &shape, false},
		{"rps", "Sustained requests per second?", nil, &rps, false},
		{"peak-rps", "Peak requests per second (empty: same)?", nil, &peak, true},
		{"p99", "p99 latency budget (e.g. 200ms)?", nil, &p99, false},
		{"region", "Must that budget hold globally or in one region?", recommend.Names(recommend.Scopes), &scope, false},
		{"data", "Data tier?", recommend.Names(recommend.Datas), &data, false},
		{"team", "Team (empty: no preference)?", recommend.Names(recommend.Teams), &team, true},
	}
	if fs.NFlag() == 0 || (fs.NFlag() == 1 && *write != "") {
		if !interactive() {
			return fmt.Errorf("no answers given and stdin is not a terminal; pass the flags, e.g.\n  groundwork recommend --rps 50 --shape spiky --p99 200ms --region regional --data postgres --kind api")
		}
		if err := ask(questions, stdin, stdout); err != nil {
			return err
		}
	}
	in, err := parseInputs(rps, peak, p99, shape, scope, data, kind, team)
	if err != nil {
		return err
	}
	r := recommend.Decide(in)
	printRecommendation(stdout, in, r)
	if *write == "" {
		return nil
	}
	if !r.Fits() {
		return fmt.Errorf("--write %s: no blueprint fits this workload, so there is no stack file to start from", *write)
	}
	if err := writeStarter(*write, r); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwrote %s; see what it creates: groundwork plan --config-file %s\n", *write, *write)
	return nil
}

// ask prompts for every question in turn, re-asking on a value outside the
// allowed ones.
func ask(questions []question, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	for _, q := range questions {
		for {
			hint := ""
			if q.allowed != nil {
				hint = " [" + strings.Join(q.allowed, "/") + "]"
			}
			fmt.Fprintf(out, "%s%s ", q.prompt, hint)
			if !sc.Scan() {
				return errors.New("input ended before every question was answered")
			}
			v := strings.TrimSpace(sc.Text())
			if v == "" && !q.optional {
				fmt.Fprintln(out, "  an answer is needed")
				continue
			}
			if q.allowed != nil && v != "" && !slices.Contains(q.allowed, v) {
				fmt.Fprintf(out, "  %q is not one of %s\n", v, strings.Join(q.allowed, ", "))
				continue
			}
			*q.value = v
			break
		}
	}
	return nil
}

// parseInputs turns the flag texts into inputs, reporting every problem at
// once with the flag that has it.
func parseInputs(rps, peak, p99, shape, scope, data, kind, team string) (recommend.Inputs, error) {
	var errs []error
	missing := func(flag, v, example string) bool {
		if v == "" {
			errs = append(errs, fmt.Errorf("--%s is required, e.g. --%s %s", flag, flag, example))
			return true
		}
		return false
	}
	in := recommend.Inputs{Shape: recommend.Shape(shape), Scope: recommend.Scope(scope), Data: recommend.Data(data),
		Kind: recommend.Kind(kind), Team: recommend.Team(team)}
	number := func(flag, v string) float64 {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("--%s %q: must be a number of requests per second, e.g. --%s 50", flag, v, flag))
		}
		return f
	}
	if !missing("rps", rps, "50") {
		in.SustainedRPS = number("rps", rps)
	}
	if peak != "" {
		in.PeakRPS = number("peak-rps", peak)
	}
	if !missing("p99", p99, "200ms") {
		d, err := time.ParseDuration(p99)
		if err != nil {
			errs = append(errs, fmt.Errorf("--p99 %q: must be a duration such as 200ms or 1.5s", p99))
		}
		in.P99 = d
	}
	for _, f := range []struct{ flag, v, example string }{
		{"shape", shape, "spiky"}, {"region", scope, "regional"}, {"data", data, "postgres"}, {"kind", kind, "api"},
	} {
		missing(f.flag, f.v, f.example)
	}
	if len(errs) > 0 {
		return in, errors.Join(errs...)
	}
	return in, in.Validate()
}

func printRecommendation(w io.Writer, in recommend.Inputs, r recommend.Recommendation) {
	if r.Fits() {
		e, _ := catalog.Lookup(r.Blueprint)
		fmt.Fprintf(w, "blueprint: %s (%s)\nmode:      %s\n", r.Blueprint, e.Shape, r.Mode)
	} else {
		fmt.Fprintln(w, "none of the blueprints fits this workload")
	}
	fmt.Fprintln(w, "\nwhy:")
	for _, reason := range r.Reasons {
		fmt.Fprintf(w, "  - %s\n", reason)
	}
	if r.Instead != "" {
		fmt.Fprintf(w, "\ninstead: %s\n", r.Instead)
	}
	if len(r.Caveats) > 0 {
		fmt.Fprintln(w, "\nmind:")
		for _, c := range r.Caveats {
			fmt.Fprintf(w, "  - %s\n", c)
		}
	}
	if r.Fits() {
		fmt.Fprintf(w, "\nnext:\n  groundwork recommend ... --write stacks/Pulumi.<name>.yaml   a starter stack\n")
		fmt.Fprintf(w, "  groundwork cost --blueprint %s --rps %s                     the monthly bill, and the alternatives\n",
			r.Blueprint, strconv.FormatFloat(in.SustainedRPS, 'f', -1, 64))
	}
}

// stackFileName is what Pulumi reads as a stack's config file.
var stackFileName = regexp.MustCompile(`^Pulumi\.[A-Za-z0-9_.-]+\.yaml$`)

// writeStarter writes a stack file for r from the blueprint's dev stack,
// with r's mode and reasons, refusing to overwrite.
func writeStarter(path string, r recommend.Recommendation) error {
	if !stackFileName.MatchString(filepath.Base(path)) {
		return fmt.Errorf("--write %s: a stack file must be named Pulumi.<stack>.yaml (e.g. stacks/Pulumi.myapp-dev.yaml) for Pulumi to read it", path)
	}
	project, err := plan.FindProject(".")
	if err != nil {
		return fmt.Errorf("--write: %w", err)
	}
	template, err := os.ReadFile(project.StackFile(r.Blueprint + "-dev"))
	if err != nil {
		return fmt.Errorf("--write: the %s blueprint's example stack is missing: %w", r.Blueprint, err)
	}
	body := string(template)
	if strings.Contains(body, "groundwork:mode: ") {
		body = regexp.MustCompile(`(?m)^(\s*groundwork:mode:) .*$`).ReplaceAllString(body, "${1} "+r.Mode)
	} else if r.Mode != recommend.ScaleToZero {
		body = strings.Replace(body, "  groundwork:blueprint: "+r.Blueprint+"\n",
			"  groundwork:blueprint: "+r.Blueprint+"\n  groundwork:mode: "+r.Mode+"\n", 1)
	}
	var head strings.Builder
	fmt.Fprintf(&head, "# Written by groundwork recommend: blueprint %s, mode %s.\n", r.Blueprint, r.Mode)
	for _, reason := range r.Reasons {
		fmt.Fprintf(&head, "#   - %s\n", reason)
	}
	head.WriteString("# The values below are the blueprint's example; replace them with yours.\n#\n")

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("--write %s: the file exists; choose another stack name or remove it first", path)
	}
	if err != nil {
		return fmt.Errorf("--write %s: %w", path, err)
	}
	if _, err := f.WriteString(head.String() + body); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
