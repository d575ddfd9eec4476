package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The example and its three variations, through the command line.
func TestRecommendAnswers(t *testing.T) {
	example := []string{"recommend", "--rps", "50", "--shape", "spiky", "--p99", "200ms", "--region", "regional", "--data", "postgres", "--kind", "api"}
	cases := []struct {
		name  string
		extra []string
		want  []string
	}{
		{"api", nil, []string{
			"blueprint: api (Cloud Run + Neon Postgres through its pooled endpoint)",
			"  - kind api: a container on demand is the safe default",
			"  - data postgres: Cloud Run + Neon through its pooled endpoint",
			"groundwork cost --blueprint api --rps 50",
		}},
		{"webhooks", []string{"--kind", "webhooks"}, []string{
			"blueprint: jobs (AWS Lambda + SQS with DLQ + EventBridge + webhook ingress)\nmode:      scale-to-zero",
			"  - kind webhooks: event-driven work suits functions",
		}},
		{"edge", []string{"--p99", "40ms", "--region", "global"}, []string{
			"blueprint: edge (Cloudflare Worker (Hono) + Hyperdrive in front of Postgres)\nmode:      scale-to-zero",
			"  - p99 40ms globally: under 50ms everywhere needs compute at the edge",
		}},
		{"long-running", []string{"--kind", "long-running"}, []string{
			"none of the blueprints fits this workload",
			"  - kind long-running (> 15 min): Lambda stops at 15 minutes",
			"instead: Cloud Run jobs",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := groundwork(t, append(append([]string{}, example...), c.extra...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestRecommendRejectsBadFlagsNamingThem(t *testing.T) {
	code, out, errOut := groundwork(t, "recommend", "--rps", "fast", "--shape", "bursty", "--p99", "soon", "--region", "regional", "--kind", "api")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		`--rps "fast": must be a number of requests per second, e.g. --rps 50`,
		`--p99 "soon": must be a duration such as 200ms or 1.5s`,
		`--data is required, e.g. --data postgres`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	code, _, errOut = groundwork(t, "recommend", "--rps", "50", "--shape", "bursty", "--p99", "1s", "--region", "regional", "--data", "postgres", "--kind", "api")
	if code != 1 || !strings.Contains(errOut, `--shape "bursty": must be one of spiky, steady`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestRecommendAsksInATerminal(t *testing.T) {
	defer func(r func() bool) { interactive = r }(interactive)
	defer func(r any) { stdin = r.(*os.File) }(stdin)
	interactive = func() bool { return true }
	// A wrong or missing answer is asked again; optional ones may be empty.
	stdin = strings.NewReader("webhooks\nsometimes\nspiky\n\n30\n\n2s\nregional\npostgres\n\n")
	code, out, errOut := groundwork(t, "recommend")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"What is the workload? [api/webhooks/queue/scheduled/long-running/websocket/gpu] ",
		`"sometimes" is not one of spiky, steady`,
		"Sustained requests per second?   an answer is needed\nSustained requests per second? ",
		"blueprint: jobs",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	interactive = func() bool { return false }
	code, _, errOut = groundwork(t, "recommend")
	if code != 1 || !strings.Contains(errOut, "no answers given and stdin is not a terminal; pass the flags") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// A starter stack file plans offline as it is written, with the
// recommended mode, and is never written over.
func TestRecommendWritesAStarterStack(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Pulumi.notes-dev.yaml")
	args := []string{"recommend", "--rps", "50", "--shape", "spiky", "--p99", "200ms", "--region", "regional",
		"--data", "postgres", "--kind", "api", "--write", path}
	code, out, errOut := groundwork(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "wrote "+path+"; see what it creates: groundwork plan --config-file "+path) {
		t.Errorf("output: %s", out)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	if !strings.HasPrefix(text, "# Written by groundwork recommend: blueprint api, mode always-warm.\n") ||
		!regexp.MustCompile(`(?m)^  groundwork:mode: always-warm$`).MatchString(text) ||
		!strings.Contains(text, "  groundwork:blueprint: api\n") {
		t.Errorf("starter stack:\n%s", text)
	}
	code, out, errOut = groundwork(t, "plan", "--config-file", path)
	if code != 0 || !strings.Contains(out, "blueprint api") {
		t.Fatalf("the starter does not plan: exit %d\n%s\n%s", code, out, errOut)
	}
	// always-warm keeps one instance: the service scales 1-18, not 0-18.
	if !strings.Contains(out, " instances 1-18 ") {
		t.Errorf("the plan does not show the warm instance:\n%s", out)
	}

	code, _, errOut = groundwork(t, args...)
	if code != 1 || !strings.Contains(errOut, "the file exists; choose another stack name or remove it first") {
		t.Errorf("overwrote: exit %d: %s", code, errOut)
	}
	code, _, errOut = groundwork(t, append(args[:len(args)-1], filepath.Join(dir, "notes.yaml"))...)
	if code != 1 || !strings.Contains(errOut, "a stack file must be named Pulumi.<stack>.yaml") {
		t.Errorf("bad name: exit %d: %s", code, errOut)
	}
	code, _, errOut = groundwork(t, "recommend", "--rps", "5", "--shape", "steady", "--p99", "1s", "--region", "regional",
		"--data", "postgres", "--kind", "gpu", "--write", filepath.Join(dir, "Pulumi.gpu.yaml"))
	if code != 1 || !strings.Contains(errOut, "no blueprint fits this workload, so there is no stack file to start from") {
		t.Errorf("gpu: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "Pulumi.gpu.yaml")); !os.IsNotExist(err) {
		t.Error("a stack file was written for a workload nothing fits")
	}
}

func TestCostItemizesComparesAndDatesItsPrices(t *testing.T) {
	code, out, errOut := groundwork(t, "cost", "--blueprint", "api", "--rps", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"monthly estimate: api (Cloud Run + Neon pooled), list prices of 2026-11-26",
		"load: 20 req/s sustained (52.6M requests a month), 100ms wall, 10ms CPU, 1 KiB per response",
		"requests",
		"vCPU while serving",
		"Neon pooled endpoint",
		"Cloud Logging",
		"total",
		"the same request load on each option (jobs also runs its worker on each queued message;",
		"prices: list prices of 2026-11-26",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, row := range []string{"edge", "api", "jobs", "always-on"} {
		if !regexp.MustCompile(`(?m)^\s*` + row + `\s+\$`).MatchString(out) {
			t.Errorf("no comparison row for %s:\n%s", row, out)
		}
	}
	if !regexp.MustCompile(`cheapest: (edge|api|jobs) `).MatchString(out) {
		t.Errorf("at 20 req/s a serverless option should be cheapest:\n%s", out)
	}

	code, out, _ = groundwork(t, "cost", "--blueprint", "api", "--rps", "20000")
	if code != 0 || !strings.Contains(out, "cheapest: always-on ") {
		t.Errorf("at 20,000 req/s always-on should be cheapest:\n%s", out)
	}
}

func TestCostFromAStack(t *testing.T) {
	code, out, errOut := groundwork(t, "cost", "--stack", "jobs-dev", "--rps", "20", "--messages-per-day", "100000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"monthly estimate: jobs (HTTP API + Lambda + SQS)", "100000 messages a day", "SQS send, receive, delete", "worker Lambda, wall-clock"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCostRejectsBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"cost", "--rps", "20"}, "pass exactly one of --stack NAME or --blueprint api|edge|jobs"},
		{[]string{"cost", "--blueprint", "vm", "--rps", "20"}, `--blueprint "vm": must be one of api, edge, jobs`},
		{[]string{"cost", "--blueprint", "api"}, "--rps 0: the sustained request rate must be a positive number"},
		{[]string{"cost", "--blueprint", "api", "--rps", "5", "--cpu", "1s"}, "--cpu 1s: the mean CPU time per request must be positive and at most --wall"},
		{[]string{"cost", "--blueprint", "api", "--rps", "5", "--payload", "big"}, `--payload "big": must be a size such as 512B, 2KB or 1KiB`},
		{[]string{"cost", "--stack", "nope", "--rps", "5"}, "--stack nope:"},
	}
	for _, c := range cases {
		code, out, errOut := groundwork(t, c.args...)
		if code != 1 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", c.args, code, out, errOut, c.want)
		}
	}
}

func TestCostSources(t *testing.T) {
	code, out, _ := groundwork(t, "cost", "--sources")
	if code != 0 || !strings.Contains(out, "list prices checked on 2026-11-26") ||
		!strings.Contains(out, "https://developers.cloudflare.com/workers/platform/pricing/") ||
		!strings.Contains(out, "https://cloud.google.com/run/pricing") || !strings.Contains(out, "https://aws.amazon.com/lambda/pricing/") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
