package runtime

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/groundwork-iac/groundwork/components/aws/lambdabuild"
	cfworker "github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/lambdarie"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/workerd"
)

// BenchmarkColdStart measures, for each blueprint's workload, the time from
// starting its process to its first successful answer, the median of
// several runs, and the size of what is deployed. It prints a table; run it
// with the local database up:
//
//	scripts/localdb run go test ./tests/runtime -run '^$' -bench ColdStart -benchtime 1x
//
// GROUNDWORK_COLDSTART_RUNS sets the runs per workload (default 7). These
// are local figures: no network, no image pull, no microVM, no isolate
// scheduling; they bound what the code itself adds to a platform's cold
// start.
func BenchmarkColdStart(b *testing.B) {
	runs := 7
	if v, err := strconv.Atoi(os.Getenv("GROUNDWORK_COLDSTART_RUNS")); err == nil && v > 0 {
		runs = v
	}
	var rows []coldRow
	for range b.N {
		rows = []coldRow{coldLambda(b, runs), coldAPI(b, runs), coldEdge(b, runs), coldWrangler(b, runs)}
	}
	b.StopTimer()
	printColdTable(os.Stdout, rows, runs)
}

// coldRow is one line of the table.
type coldRow struct {
	workload, timed string
	times           []time.Duration
	artifact        string
	bytes           int64
}

func coldLambda(b *testing.B, runs int) coldRow {
	db := newJobsDB(b)
	lambdarie.Require(b)
	bootstrap := rt.Build(b, workerPkg, lambdabuild.Env, "-tags", lambdabuild.Tags)
	row := coldRow{workload: "jobs worker (Lambda, under the RIE)", timed: "emulator start -> first SQS batch written"}
	for i := range runs {
		otlp := rt.NewOTLP(b)
		start := time.Now()
		fn := lambdarie.Start(b, bootstrap, map[string]string{
			workloadenv.LocalDatabaseURL: db.Pooled,
			telemetry.EnvServiceName:     workerService,
			telemetry.EnvEndpoint:        otlp.Endpoint(),
		}, &rt.Logs{})
		body := fmt.Sprintf(`{"kind":"cold.start","payload":{"run":%d}}`, i)
		resp, _ := lambdarie.Call[events.SQSEventResponse](b, fn, events.SQSEvent{Records: []events.SQSMessage{{
			MessageId: fmt.Sprintf("cold-%d", i), Body: body, EventSourceARN: "arn:aws:sqs:us-east-1:123456789012:jobs",
		}}})
		row.times = append(row.times, time.Since(start))
		if len(resp.BatchItemFailures) != 0 {
			b.Fatalf("the first batch failed: %v", resp.BatchItemFailures)
		}
	}
	art, err := lambdabuild.Build(context.Background(), "../..", workerPkg)
	if err != nil {
		b.Fatal(err)
	}
	row.artifact, row.bytes = "Lambda zip (arm64)", art.Size
	return row
}

func coldAPI(b *testing.B, runs int) coldRow {
	db := rt.NewDB(b, "")
	bin := rt.Build(b, "github.com/groundwork-iac/groundwork/workloads/api", []string{"CGO_ENABLED=0"}, "-trimpath", "-ldflags=-s -w")
	migrate := rt.Start(b, bin, []string{"migrate"}, map[string]string{workloadenv.DatabaseDirectURL: db.Direct}, &rt.Logs{})
	if code := migrate.Wait(b, 30*time.Second); code != 0 {
		b.Fatalf("api migrate exited %d", code)
	}
	row := coldRow{workload: "api server (Cloud Run container)", timed: "exec -> first 200 from GET /v1/notes"}
	for range runs {
		otlp := rt.NewOTLP(b)
		addr := rt.FreeAddr(b)
		start := time.Now()
		proc := rt.Start(b, bin, nil, map[string]string{
			workloadenv.Port:         addr[strings.LastIndex(addr, ":")+1:],
			workloadenv.DatabaseURL:  db.Pooled,
			telemetry.EnvServiceName: apiService,
			telemetry.EnvEndpoint:    otlp.Endpoint(),
		}, &rt.Logs{})
		row.times = append(row.times, firstOK(b, "http://"+addr+"/v1/notes", start))
		proc.Kill()
	}
	st, err := os.Stat(bin)
	if err != nil {
		b.Fatal(err)
	}
	row.artifact, row.bytes = "container binary (amd64, -s -w)", st.Size()
	return row
}

// firstOK polls url until it answers 200 and returns the time since start.
func firstOK(b *testing.B, url string, start time.Time) time.Duration {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := start.Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	b.Fatalf("%s did not answer 200 within 60s", url)
	return 0
}

func coldEdge(b *testing.B, runs int) coldRow {
	bundle, err := cfworker.Build(edgeDir, "src/index.ts")
	if err != nil {
		b.Fatal(err)
	}
	db := rt.NewDB(b, "")
	rt.Migrate(b, db, edgeMigratePkg, 0)
	rt.EnableRole(b, workerRole)
	row := coldRow{workload: "edge Worker (workerd via wrangler dev)", timed: "wrangler start -> first 200 from GET /v1/items"}
	for range runs {
		start := time.Now()
		w := startWorkerd(b, bundle, db.As(workerRole, db.DirectAddr), rt.NewOTLP(b), &rt.Logs{})
		row.times = append(row.times, firstOK(b, w.URL+"/v1/items", start))
		if err := w.Stop(); err != nil {
			b.Fatal(err)
		}
	}
	row.artifact, row.bytes = "Worker bundle (gzip)", int64(bundle.GzipBytes)
	return row
}

// coldWrangler times loading the wrangler CLI alone, the part of the edge
// row that is local tooling rather than the Worker.
func coldWrangler(b *testing.B, runs int) coldRow {
	bin, err := workerd.Wrangler(edgeDir)
	if err != nil {
		b.Fatal(err)
	}
	row := coldRow{workload: "  of which: loading wrangler", timed: "wrangler --version"}
	for range runs {
		start := time.Now()
		cmd := exec.Command(bin, "--version")
		cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "WRANGLER_HIDE_BANNER=true")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("wrangler --version: %v\n%s", err, out)
		}
		row.times = append(row.times, time.Since(start))
	}
	return row
}

func printColdTable(w io.Writer, rows []coldRow, runs int) {
	fmt.Fprintf(w, "\ncold start, local measurements: median of %d runs (min-max)\n\n", runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "workload\ttimed\tmedian\tmin-max\tartifact\tsize")
	for _, r := range rows {
		s := slices.Clone(r.times)
		slices.Sort(s)
		artifact, size := "-", "-"
		if r.bytes > 0 {
			artifact, size = r.artifact, cfworker.KB(int(r.bytes))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s-%s\t%s\t%s\n", r.workload, r.timed,
			msec(s[len(s)/2]), msec(s[0]), msec(s[len(s)-1]), artifact, size)
	}
	_ = tw.Flush()
}

func msec(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000) }
