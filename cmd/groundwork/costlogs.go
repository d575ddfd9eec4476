package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/cost/logread"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// logFiles is the repeatable --logs flag.
type logFiles []string

func (l *logFiles) String() string { return strings.Join(*l, ",") }

func (l *logFiles) Set(v string) error {
	if v == "" {
		return errors.New("needs a file name, or - for standard input")
	}
	*l = append(*l, v)
	return nil
}

// loadFlags describe a typed load; with --logs the logs are the load.
var loadFlags = []string{"rps", "peak-rps", "wall", "cpu", "payload", "messages-per-day", "log-bytes", "memory-mb", "ops-hours"}

// costLogsCmd is groundwork cost --logs: cost by route from real logs.
func costLogsCmd(w io.Writer, names []string, stack, blueprint, svgPath string, given map[string]bool) error {
	var conflicting []string
	for _, f := range loadFlags {
		if given[f] {
			conflicting = append(conflicting, "--"+f)
		}
	}
	if len(conflicting) > 0 {
		return fmt.Errorf("--logs takes the load from the logs, so %s cannot be given with it: omit %s, or drop --logs to price a load you type",
			strings.Join(conflicting, ", "), strings.Join(conflicting, " and "))
	}
	if stack != "" && blueprint != "" {
		return errors.New("pass one of --stack NAME or --blueprint, not both: the stack names its blueprint")
	}
	if i := slices.Index(names, logread.Stdin); i >= 0 && slices.Contains(names[i+1:], logread.Stdin) {
		return errors.New("--logs - is given twice: standard input can be read once; give it once")
	}
	files := make([]*logread.File, 0, len(names))
	for _, n := range names {
		f, err := logread.ReadFile(n)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	p, from, err := logsPlatform(stack, blueprint, files)
	if err != nil {
		return err
	}
	var units []logread.Unit
	var invocations []logread.Invocation
	for _, f := range files {
		units = append(units, f.Units...)
		invocations = append(invocations, f.Invocations...)
	}
	r := cost.ByRoute(units, invocations, p)
	printRoutes(w, r, files, from)
	if svgPath == "" {
		return nil
	}
	if err := os.WriteFile(svgPath, []byte(routesSVG(r, files)), 0o644); err != nil {
		return fmt.Errorf("--svg %s: %w", svgPath, errors.Unwrap(err))
	}
	fmt.Fprintf(w, "chart: %s\n", svgPath)
	return nil
}

// blueprintOfFormat is the blueprint whose platform writes each envelope;
// a workload's own lines could come from any of them.
var blueprintOfFormat = map[logread.Format]cost.Option{
	logread.Logpush:      cost.Edge,
	logread.CloudLogging: cost.API,
	logread.CloudWatch:   cost.Jobs,
}

// logsPlatform is what the units are priced on, from --stack, --blueprint or
// the files' formats, and a line saying where the settings came from.
func logsPlatform(stack, blueprint string, files []*logread.File) (cost.Platform, string, error) {
	switch {
	case stack != "":
		s, err := stackSettings(stack)
		if err != nil {
			return cost.Platform{}, "", err
		}
		p := stackPlatform(s)
		return p, "stack " + stack + ": " + describePlatform(p), nil
	case blueprint != "":
		if _, ok := catalog.Lookup(blueprint); !ok {
			return cost.Platform{}, "", fmt.Errorf("--blueprint %q: must be one of %s", blueprint, strings.Join(catalog.Names(), ", "))
		}
		p := defaultPlatform(cost.Option(blueprint))
		return p, "blueprint " + blueprint + " defaults: " + describePlatform(p), nil
	}
	var inferred cost.Option
	for _, f := range files {
		o, ok := blueprintOfFormat[f.Format]
		if !ok {
			return cost.Platform{}, "", fmt.Errorf("--logs %s holds %s, which any blueprint writes: pass --stack NAME or --blueprint %s to say what to price it on",
				f.Name, f.Format.Describe(), strings.Join(catalog.Names(), "|"))
		}
		if inferred != "" && o != inferred {
			return cost.Platform{}, "", fmt.Errorf("--logs %s is %s (blueprint %s), but an earlier file is from blueprint %s: price each blueprint's logs on their own, or pass --stack NAME or --blueprint %s",
				f.Name, f.Format.Describe(), o, inferred, strings.Join(catalog.Names(), "|"))
		}
		inferred = o
	}
	p := defaultPlatform(inferred)
	return p, fmt.Sprintf("blueprint %s defaults (inferred from the logs' format; --stack NAME reads yours): %s", inferred, describePlatform(p)), nil
}

// defaultPlatform is a blueprint's defaults, the Workers plan included.
func defaultPlatform(o cost.Option) cost.Platform {
	p := cost.DefaultPlatform(o)
	if o == cost.Edge {
		p.WorkersPlan = worker.PlanFree
	}
	return p
}

// stackPlatform reads what prices a unit from a stack's settings; a zero
// setting is the blueprint's default.
func stackPlatform(s stackconfig.Settings) cost.Platform {
	p := cost.Platform{Option: cost.Option(s.Blueprint)}
	switch {
	case p.Option == cost.Jobs && s.Jobs != nil:
		p.WorkerMemoryMB = float64(s.Jobs.Worker.MemoryMB)
	case p.Option == cost.API && s.API != nil:
		p.RunVCPU, _ = strconv.ParseFloat(s.API.CPU, 64)
		p.RunMemoryGiB = memoryGiB(s.API.Memory)
		p.RunConcurrency = s.API.Concurrency
	case p.Option == cost.Edge && s.Edge != nil:
		p.WorkersPlan = s.Edge.Plan
	}
	p = p.WithDefaults()
	if p.Option == cost.Edge && p.WorkersPlan == "" {
		p.WorkersPlan = worker.PlanFree
	}
	return p
}

// memoryGiB reads a Cloud Run memory limit ("512Mi", "2Gi"), 0 when it is
// not one (the stack's own validation names the problem).
func memoryGiB(s string) float64 {
	for suffix, per := range map[string]float64{"Mi": 1.0 / 1024, "Gi": 1} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			if v, err := strconv.ParseFloat(n, 64); err == nil && v > 0 {
				return v * per
			}
		}
	}
	return 0
}

// describePlatform is the settings a unit's price depends on.
func describePlatform(p cost.Platform) string {
	switch p.Option {
	case cost.Jobs:
		return fmt.Sprintf("worker %s MB, webhook receiver %s MB (arm64)", trim(p.WorkerMemoryMB), trim(p.ReceiverMemoryMB))
	case cost.API:
		return fmt.Sprintf("%s vCPU, %s GiB, concurrency %d", trim(p.RunVCPU), trim(p.RunMemoryGiB), p.RunConcurrency)
	case cost.Edge:
		return "Workers plan " + p.WorkersPlan
	}
	return string(p.Option)
}
