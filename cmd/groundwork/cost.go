package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/internal/plan"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

func costCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cost", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "price the blueprint of stacks/Pulumi.NAME.yaml")
	blueprint := fs.String("blueprint", "", "price a blueprint: "+strings.Join(catalog.Names(), ", "))
	rps := fs.Float64("rps", 0, "sustained requests per second (required)")
	peak := fs.Float64("peak-rps", 0, "peak requests per second, sizes always-on instances (default: --rps)")
	wall := fs.Duration("wall", cost.DefaultWall, "mean wall-clock time per request")
	cpu := fs.Duration("cpu", cost.DefaultCPU, "mean CPU time per request")
	payload := fs.String("payload", strconv.Itoa(cost.DefaultPayloadBytes)+"B", "mean response size (egress), e.g. 512B, 2KB, 1KiB")
	messages := fs.Float64("messages-per-day", 0, "queue messages a day, jobs only (default: one per request)")
	logBytes := fs.Float64("log-bytes", cost.DefaultLogBytesPerRequest, "log bytes per request")
	memory := fs.Float64("memory-mb", 0, fmt.Sprintf("Lambda memory in MB (default: the stack's worker.memoryMB, else %d)", cost.DefaultMemoryMB))
	ops := fs.Float64("ops-hours", cost.DefaultOpsHoursPerWeek, "engineer hours a week an always-on fleet takes")
	sources := fs.Bool("sources", false, "list the prices and where they come from")
	var logs logFiles
	fs.Var(&logs, "logs", "price the units of work in these logs by route (repeatable; - is standard input)")
	svg := fs.String("svg", "", "with --logs: also draw cost by route as an SVG bar chart into this file")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}
	if *sources {
		return printSources(stdout)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if len(logs) > 0 {
		return costLogsCmd(stdout, logs, *stack, *blueprint, *svg, given)
	}
	if *svg != "" {
		return errors.New("--svg draws cost by route from logs: pass --logs FILE too")
	}
	if (*stack == "") == (*blueprint == "") {
		return fmt.Errorf("pass exactly one of --stack NAME or --blueprint %s, and the load, e.g. --blueprint %s --rps 50",
			strings.Join(catalog.Names(), "|"), catalog.API)
	}

	option, memoryFromStack, err := costTarget(*stack, *blueprint)
	if err != nil {
		return err
	}
	size, err := parseSize(*payload)
	if err != nil {
		return fmt.Errorf("--payload %q: %w", *payload, err)
	}
	l := cost.DefaultLoad(*rps)
	l.Wall, l.CPU, l.PayloadBytes, l.LogBytesPerRequest, l.OpsHoursPerWeek = *wall, *cpu, size, *logBytes, *ops
	if given["peak-rps"] {
		l.PeakRPS = *peak
	}
	if given["messages-per-day"] {
		l.MessagesPerDay = *messages
	}
	switch {
	case given["memory-mb"]:
		l.MemoryMB = *memory
	case memoryFromStack != 0:
		l.MemoryMB = memoryFromStack
	}
	if err := l.Validate(); err != nil {
		return err
	}
	printEstimate(stdout, option, l)
	return nil
}

// costTarget resolves --stack or --blueprint to an option, and the Lambda
// memory the stack sets (0 when it does not).
func costTarget(stack, blueprint string) (cost.Option, float64, error) {
	if blueprint != "" {
		if _, ok := catalog.Lookup(blueprint); ok {
			return cost.Option(blueprint), 0, nil
		}
		return "", 0, fmt.Errorf("--blueprint %q: must be one of %s", blueprint, strings.Join(catalog.Names(), ", "))
	}
	s, err := stackSettings(stack)
	if err != nil {
		return "", 0, err
	}
	memory := 0.0
	if s.Blueprint == catalog.Jobs && s.Jobs != nil {
		memory = float64(s.Jobs.Worker.MemoryMB)
	}
	return cost.Option(s.Blueprint), memory, nil
}

// stackSettings reads stacks/Pulumi.NAME.yaml as groundwork plan does; its
// blueprint is one of the catalog's.
func stackSettings(stack string) (stackconfig.Settings, error) {
	project, err := plan.FindProject(".")
	if err != nil {
		return stackconfig.Settings{}, err
	}
	cfg, err := plan.ReadConfig(project, project.StackFile(stack))
	if err != nil {
		return stackconfig.Settings{}, fmt.Errorf("--stack %s: %w", stack, err)
	}
	s, problems := plan.Settings(project, stack, cfg)
	if err := problems.Err(); err != nil {
		return stackconfig.Settings{}, fmt.Errorf("--stack %s: %w", stack, err)
	}
	if _, ok := catalog.Lookup(s.Blueprint); !ok {
		return stackconfig.Settings{}, fmt.Errorf("--stack %s: groundwork:blueprint is %q, not one of %s", stack, s.Blueprint, strings.Join(catalog.Names(), ", "))
	}
	return s, nil
}

// parseSize reads 512, 512B, 2KB (1000s) or 1KiB (1024s), and MB/MiB.
func parseSize(s string) (float64, error) {
	units := []struct {
		suffix string
		mult   float64
	}{{"KiB", 1024}, {"MiB", 1 << 20}, {"KB", 1e3}, {"MB", 1e6}, {"B", 1}, {"", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil || f < 0 {
				break
			}
			return f * u.mult, nil
		}
	}
	return 0, errors.New("must be a size such as 512B, 2KB or 1KiB")
}

func printEstimate(w io.Writer, option cost.Option, l cost.Load) {
	e := cost.For(option, l)
	fmt.Fprintf(w, "monthly estimate: %s (%s), list prices of %s\n", option, option.Describe(), cost.PricesDate)
	fmt.Fprintf(w, "load: %s req/s sustained (%s a month), %s wall, %s CPU, %s per response",
		trim(l.RPS), cost.Count(l.RPS*cost.SecondsPerMonth, "requests"), l.Wall, l.CPU, sizeText(l.PayloadBytes))
	if option == cost.Jobs {
		fmt.Fprintf(w, ", %s messages a day", trim(l.MessagesPerDay))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "item\tquantity\tunit price\tmonthly")
	for _, it := range e.Items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", it.Name, it.Quantity, priceText(it.Price), usd(it.USD))
	}
	fmt.Fprintf(tw, "total\t\t\t%s\n", usd(e.Total()))
	_ = tw.Flush()

	fmt.Fprintln(w, "\nthe same request load on each option (jobs also runs its worker on each queued message;")
	fmt.Fprintln(w, "the database itself is the same everywhere and not priced):")
	all := cost.Compare(l)
	kinds := []string{"requests", "compute", "messages", "egress", "pooler", "logs", "fixed", "ops"}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "option\t%s\ttotal\t\n", strings.Join(kinds, "\t"))
	for _, est := range all {
		cells := []string{string(est.Option)}
		for _, k := range kinds {
			cells = append(cells, usd(est.ByKind(k)))
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", strings.Join(cells, "\t"), usd(est.Total()))
	}
	_ = tw.Flush()

	best := cost.Cheapest(all)
	fmt.Fprintf(w, "\ncheapest: %s (%s), %s a month.\n", best.Option, best.Option.Describe(), usd(best.Total()))
	if x, ok := cost.Crossover(l); ok {
		fmt.Fprintf(w, "for this per-request profile, always-on containers are the cheapest above about %s req/s sustained.\n", trim(roundSig(x)))
	} else {
		fmt.Fprintln(w, "for this per-request profile, always-on containers are never the cheapest below 10M req/s.")
	}
	fmt.Fprintf(w, "prices: list prices of %s, free tiers ignored; sources: groundwork cost --sources\n", cost.PricesDate)
}

func printSources(w io.Writer) error {
	fmt.Fprintf(w, "list prices checked on %s (USD):\n\n", cost.PricesDate)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "price\tunit\tsource")
	for _, p := range cost.Table() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", priceNumber(p.USD), p.Unit, p.Source)
	}
	return tw.Flush()
}

func priceText(p cost.Price) string {
	if p.USD == 0 {
		return p.Unit
	}
	return priceNumber(p.USD) + " / " + p.Unit
}

func priceNumber(f float64) string {
	if f == 0 {
		return "$0"
	}
	return "$" + strconv.FormatFloat(f, 'f', -1, 64)
}

func usd(f float64) string {
	switch {
	case f == 0:
		return "$0"
	case f < 10:
		return fmt.Sprintf("$%.2f", f)
	}
	s := strconv.FormatFloat(f, 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "$" + s
}

func trim(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// roundSig keeps two significant digits: a crossover is an order of
// magnitude, not a figure to the request.
func roundSig(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 2, 64), 64)
	return v
}

func sizeText(b float64) string {
	if b >= 1024 {
		return strconv.FormatFloat(b/1024, 'f', -1, 64) + " KiB"
	}
	return trim(b) + " B"
}
