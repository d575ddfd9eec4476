package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/cost"
)

var update = flag.Bool("update", false, "rewrite the expected cost-by-route tables in testdata/costlogs")

// logsDir holds the samples, shared with cost and cost/logread.
const logsDir = "../../cost/testdata/logs"

func sample(name string) string { return filepath.Join(logsDir, name) }

// gzipTo writes a gzipped copy of the sample name into dir, as Logpush
// writes its files to R2, and returns its path.
func gzipTo(t *testing.T, dir, name, as string) string {
	t.Helper()
	plain, err := os.ReadFile(sample(name))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write(plain)
	_ = w.Close()
	path := filepath.Join(dir, as)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The exact table for each format, and for the workloads' captured lines.
func TestCostLogsPrintsCostByRoute(t *testing.T) {
	tmp := t.TempDir()
	logpush := gzipTo(t, tmp, "logpush-workers-trace-events.ndjson", "20261126T080000Z_20261126T093000Z_5f1e2d3c.log.gz")
	cases := []struct {
		name string
		args []string
	}{
		{"cloudwatch-jobs", []string{"--stack", "jobs-dev", "--logs", sample("aws-receiver.json"), "--logs", sample("aws-worker.json")}},
		{"cloudlogging-api", []string{"--logs", sample("gcloud-logging-read.json")}},
		{"logpush-edge", []string{"--stack", "edge-dev", "--logs", logpush}},
		{"captured-api", []string{"--blueprint", "api", "--logs", sample("captured/api.jsonl")}},
		{"captured-jobs", []string{"--blueprint", "jobs", "--logs", sample("captured/jobs.jsonl")}},
		{"captured-edge", []string{"--blueprint", "edge", "--logs", sample("captured/edge.jsonl")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := groundwork(t, append([]string{"cost"}, c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			out = strings.ReplaceAll(out, tmp, "$TMP")
			golden := filepath.Join("testdata", "costlogs", c.name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (rerun with -update to accept):\n%s", golden, out)
			}
		})
	}
}

// The same Logpush file, plain or gzipped, prices the same.
func TestCostLogsGzipIsTheSameFile(t *testing.T) {
	gz := gzipTo(t, t.TempDir(), "logpush-workers-trace-events.ndjson", "events")
	_, plain, _ := groundwork(t, "cost", "--blueprint", "edge", "--logs", sample("logpush-workers-trace-events.ndjson"))
	_, zipped, _ := groundwork(t, "cost", "--blueprint", "edge", "--logs", gz)
	cut := func(s string) string { return s[strings.Index(s, "\nspan:"):] }
	if !strings.Contains(zipped, "(Cloudflare Logpush, workers_trace_events, gzipped): 8 requests") || cut(plain) != cut(zipped) {
		t.Errorf("plain:\n%s\ngzipped:\n%s", plain, zipped)
	}
}

func TestCostLogsReadsStandardInput(t *testing.T) {
	f, err := os.Open(sample("gcloud-logging-read.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdin := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = stdin }()
	code, out, errOut := groundwork(t, "cost", "--logs", "-")
	if code != 0 || !strings.Contains(out, "logs: - (gcloud logging read --format=json): 8 requests\n") ||
		!strings.Contains(out, "GET /v1/notes/{id}      4      12      40   $0.0000016   49.9%   $0.41   $0.00059") {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
}

func TestCostLogsRejectsBadInputNamingTheFix(t *testing.T) {
	lines := sample("captured/api.jsonl")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--logs", lines, "--blueprint", "api", "--rps", "5", "--wall", "1s"}, 1,
			"groundwork cost: --logs takes the load from the logs, so --rps, --wall cannot be given with it: omit --rps and --wall, or drop --logs to price a load you type\n"},
		{[]string{"--blueprint", "api", "--rps", "5", "--svg", "out.svg"}, 1,
			"groundwork cost: --svg draws cost by route from logs: pass --logs FILE too\n"},
		{[]string{"--logs", lines}, 1,
			"groundwork cost: --logs " + lines + " holds JSON lines as the workloads print them, which any blueprint writes: pass --stack NAME or --blueprint api|edge|jobs to say what to price it on\n"},
		{[]string{"--logs", sample("gcloud-logging-read.json"), "--logs", sample("logpush-workers-trace-events.ndjson")}, 1,
			"groundwork cost: --logs " + sample("logpush-workers-trace-events.ndjson") + " is Cloudflare Logpush, workers_trace_events (blueprint edge), but an earlier file is from blueprint api: price each blueprint's logs on their own, or pass --stack NAME or --blueprint api|edge|jobs\n"},
		{[]string{"--logs", lines, "--stack", "api-dev", "--blueprint", "api"}, 1,
			"groundwork cost: pass one of --stack NAME or --blueprint, not both: the stack names its blueprint\n"},
		{[]string{"--logs", lines, "--blueprint", "vm"}, 1,
			`groundwork cost: --blueprint "vm": must be one of api, edge, jobs` + "\n"},
		{[]string{"--logs", lines, "--stack", "nope"}, 1, "groundwork cost: --stack nope: "},
		{[]string{"--logs", "nope.json", "--blueprint", "api"}, 1,
			"groundwork cost: --logs nope.json: no such file or directory\n"},
		{[]string{"--logs", sample("README.md"), "--blueprint", "api"}, 1,
			"groundwork cost: --logs " + sample("README.md") + ": read as JSON lines as the workloads print them, has no JSON object among its "},
		{[]string{"--logs", "-", "--logs", "-", "--blueprint", "api"}, 1,
			"groundwork cost: --logs - is given twice: standard input can be read once; give it once\n"},
		{[]string{"--logs", lines, "--blueprint", "api", "--svg", "/nonexistent/dir/chart.svg"}, 1,
			"groundwork cost: --svg /nonexistent/dir/chart.svg: no such file or directory\n"},
		{[]string{"--logs", ""}, 2, `invalid value "" for flag -logs: needs a file name, or - for standard input`},
	}
	for _, c := range cases {
		code, out, errOut := groundwork(t, append([]string{"cost"}, c.args...)...)
		if code != c.code || !strings.HasPrefix(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d, stderr starting %q", c.args, code, errOut, c.code, c.want)
		}
		if code == 1 && out != "" && !strings.Contains(strings.Join(c.args, " "), "--svg /nonexistent") {
			t.Errorf("%v: printed %q before failing", c.args, out)
		}
	}
}

// The blueprint defaults cost prices with are the components' own.
func TestCostLogsDefaultsAreTheComponents(t *testing.T) {
	jobs, api, edge := cost.DefaultPlatform(cost.Jobs), cost.DefaultPlatform(cost.API), defaultPlatform(cost.Edge)
	if jobs.WorkerMemoryMB != golambda.DefaultMemoryMB || jobs.ReceiverMemoryMB != golambda.DefaultMemoryMB {
		t.Errorf("Lambda memory %v/%v, golambda.DefaultMemoryMB %d", jobs.WorkerMemoryMB, jobs.ReceiverMemoryMB, golambda.DefaultMemoryMB)
	}
	if trim(api.RunVCPU) != runservice.DefaultCPU || api.RunMemoryGiB != memoryGiB(runservice.DefaultMemory) || api.RunConcurrency != runservice.DefaultConcurrency {
		t.Errorf("Cloud Run %v vCPU, %v GiB, concurrency %d; runservice defaults %s, %s, %d",
			api.RunVCPU, api.RunMemoryGiB, api.RunConcurrency, runservice.DefaultCPU, runservice.DefaultMemory, runservice.DefaultConcurrency)
	}
	if edge.WorkersPlan != worker.PlanFree {
		t.Errorf("Workers plan %q", edge.WorkersPlan)
	}
	for in, want := range map[string]float64{"512Mi": 0.5, "2Gi": 2, "1536Mi": 1.5, "big": 0, "0Gi": 0} {
		if got := memoryGiB(in); got != want {
			t.Errorf("memoryGiB(%q) = %v, want %v", in, got, want)
		}
	}
}

// A stack's blueprint wins over the logs' platform, and the output says so.
func TestCostLogsPricesOtherPlatformsLogsAsAsked(t *testing.T) {
	code, out, errOut := groundwork(t, "cost", "--stack", "api-dev", "--logs", sample("logpush-workers-trace-events.ndjson"))
	if code != 0 || !strings.Contains(out, "cost by route: api (Cloud Run + Neon pooled)") ||
		!strings.Contains(out, "\nnote: "+sample("logpush-workers-trace-events.ndjson")+" is Cloudflare Logpush, workers_trace_events output, priced on api as asked.\n") ||
		strings.Contains(out, "CPU ms") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
}

// A stack's sizes are what its units are priced at.
func TestCostLogsPricesAtTheStacksSizes(t *testing.T) {
	root, _ := filepath.Abs("../..")
	dir := t.TempDir()
	copyFile := func(from, to string, replace ...string) {
		b, err := os.ReadFile(filepath.Join(root, from))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.NewReplacer(replace...).Replace(string(b))
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, to)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("Pulumi.yaml", "Pulumi.yaml")
	copyFile("stacks/Pulumi.api-dev.yaml", "stacks/Pulumi.big-api.yaml", `cpu: "1"`, `cpu: "2"`, "memory: 512Mi", "memory: 1Gi", "concurrency: 80", "concurrency: 10")
	copyFile("stacks/Pulumi.jobs-dev.yaml", "stacks/Pulumi.big-jobs.yaml", "memoryMB: 512", "memoryMB: 2048")
	logs := map[string]string{"big-api": sample("gcloud-logging-read.json"), "big-jobs": sample("aws-worker.json")}
	for name := range logs {
		abs, _ := filepath.Abs(logs[name])
		logs[name] = abs
	}
	t.Chdir(dir)
	_, api, errOut := groundwork(t, "cost", "--stack", "big-api", "--logs", logs["big-api"])
	// GET /v1/notes/{id}: 80 ms / 10 x (2 x $0.000024 + 1 x $0.0000025) + 4 x $0.4 / 1M = $0.000002004.
	for _, want := range []string{"settings: stack big-api: 2 vCPU, 1 GiB, concurrency 10\n",
		"GET /v1/notes/{id}      4      12      40   $0.0000020", "  request: duration / 10 concurrent x (2 vCPU x "} {
		if !strings.Contains(api, want) {
			t.Errorf("lacks %q:\n%s%s", want, api, errOut)
		}
	}
	_, jobs, errOut := groundwork(t, "cost", "--stack", "big-jobs", "--logs", logs["big-jobs"])
	// order.created: 0.204 s x 2 GB x $0.0000133334 + 3 x $0.2 / 10 / 1M + 3 x 1.2 x $0.4 / 1M = $0.00000694.
	for _, want := range []string{"settings: stack big-jobs: worker 2048 MB, webhook receiver 512 MB (arm64)\n",
		"order.created      3      80     120   $0.0000069", "  job (worker): Lambda at 2048 MB: ",
		"  " + logs["big-jobs"] + ": Lambda reports 512 MB for these invocations; the prices above are at the settings' 2048 MB.\n"} {
		if !strings.Contains(jobs, want) {
			t.Errorf("lacks %q:\n%s%s", want, jobs, errOut)
		}
	}
}
