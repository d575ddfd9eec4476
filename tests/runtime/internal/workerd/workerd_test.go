package workerd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
)

// TestEdgeWorkerHealthz runs the real edge bundle in workerd and checks the
// health route, request-id propagation, that only the Worker's JSON lines
// reach Stdout, and that Stop leaves no process behind.
func TestEdgeWorkerHealthz(t *testing.T) {
	edge := filepath.Join(repoRoot(t), "workloads", "edge")
	if _, err := Wrangler(edge); err != nil {
		rt.Require(t, "wrangler (the edge Worker's devDependency)", err.Error())
	}
	bundle, err := worker.Build(edge, "src/index.ts")
	if err != nil {
		t.Fatal(err)
	}

	var stdout lockedBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	begin := time.Now()
	w, err := Start(ctx, Options{
		EdgeDir:            edge,
		Code:               bundle.Code,
		CompatibilityDate:  worker.CompatibilityDate,
		CompatibilityFlags: []string{worker.NodeCompat},
		// Nothing listens there; /healthz never touches the database.
		HyperdriveURL: "postgres://app:not-a-secret@" + rt.FreeAddr(t) + "/app",
		// OTEL_EXPORTER_OTLP_ENDPOINT unset: spans are not exported.
		Vars:   map[string]string{"OTEL_SERVICE_NAME": "edge-runtime-test", "LOG_LEVEL": "info"},
		Stdout: &stdout,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start took %s; the Worker is at %s", time.Since(begin).Round(time.Millisecond), w.URL)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = w.Stop()
		}
	})

	var workerds []proc
	for _, p := range groupMembers(w.pgid) {
		if p.Comm == "workerd" {
			workerds = append(workerds, p)
		}
	}
	if _, err := os.Stat("/proc"); err == nil && len(workerds) == 0 {
		t.Errorf("no workerd process in wrangler's group %d: %s", w.pgid, describe(groupMembers(w.pgid)))
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.URL+"/healthz", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Request-ID", "rt-test-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /healthz: %v\nwrangler's output:\n%s", err, w.Output())
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: status %d, want 200; body %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var health map[string]any
	if err := json.Unmarshal(body, &health); err != nil || len(health) != 1 || health["status"] != "ok" {
		t.Errorf("GET /healthz: body %s (%v), want {\"status\":\"ok\"}", body, err)
	}
	if got := resp.Header.Get("X-Request-ID"); got != "rt-test-1" {
		t.Errorf("X-Request-ID = %q, want the one sent, rt-test-1", got)
	}

	// The Worker's log line and wrangler's own request line arrive shortly
	// after the response, on two streams, in either order: wait for both.
	deadline := time.Now().Add(10 * time.Second)
	for !(hasRequestLine(stdout.String(), "rt-test-1") && strings.Contains(w.Output(), "GET /healthz 200")) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}

	if err := w.Stop(); err != nil {
		t.Error(err)
	}
	stopped = true

	out := stdout.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" {
		t.Fatalf("nothing reached Stdout; wrangler's output:\n%s", w.Output())
	}
	for i, line := range lines {
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Errorf("Stdout line %d is not a JSON object (%v): %q", i+1, err, line)
		}
	}
	if !hasRequestLine(out, "rt-test-1") {
		t.Errorf("no log line with request_id rt-test-1 on Stdout:\n%s", out)
	}
	if !strings.Contains(w.Output(), "GET /healthz 200") {
		t.Errorf("wrangler's request line is not in Output:\n%s", w.Output())
	}
	t.Logf("Stdout:\n%s", out)

	if left := groupMembers(w.pgid); len(left) > 0 {
		t.Errorf("after Stop, processes of wrangler's group are alive: %s", describe(left))
	}
	for _, p := range workerds {
		if q, _, ok := readStat(p.PID); ok && q.State != 'Z' && q.Comm == "workerd" {
			t.Errorf("workerd %d is still alive (%c) after Stop", p.PID, q.State)
		}
	}
	if pgrep, err := exec.LookPath("pgrep"); err == nil {
		// Live states only: a killed orphan may linger as a zombie until
		// init reaps it.
		got, err := exec.Command(pgrep, "-a", "-g", strconv.Itoa(w.pgid), "-r", "R,S,D,T,t").Output()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("pgrep -g %d found live processes after Stop (%v): %s", w.pgid, err, got)
		}
	}
}

func TestWranglerMissing(t *testing.T) {
	_, err := Wrangler(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "npm ci --prefix") {
		t.Fatalf("Wrangler(empty dir) = %v, want an error with the npm ci hint", err)
	}
}

func TestOptionsCheck(t *testing.T) {
	err := Options{Code: "x", CompatibilityDate: "April", Vars: map[string]string{"A": "1\n{"}}.check()
	if err == nil || !strings.Contains(err.Error(), "CompatibilityDate") || !strings.Contains(err.Error(), "var A contains a line break") {
		t.Fatalf("check = %v", err)
	}
}

func TestOptionsCheckR2Buckets(t *testing.T) {
	err := Options{Code: "x", CompatibilityDate: "2026-04-20", R2Buckets: []R2Bucket{
		{Binding: "LOG_BUCKET", BucketName: "Logs_Bucket"},
		{Binding: "LOG_BUCKET", BucketName: "logs"},
		{BucketName: "ab"},
	}}.check()
	want := `workerd: R2 bucket "Logs_Bucket": BucketName must be 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit; ` +
		`two R2 buckets are bound as LOG_BUCKET; an R2 bucket has an empty Binding; ` +
		`R2 bucket "ab": BucketName must be 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit`
	if err == nil || err.Error() != want {
		t.Fatalf("check = %v\nwant %s", err, want)
	}
}

func TestProjectBindsR2Buckets(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Code: "export default {}", CompatibilityDate: "2026-04-20",
		R2Buckets: []R2Bucket{{Binding: "LOG_BUCKET", BucketName: "groundwork-logs"}}}
	if err := writeProject(dir, opts); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "wrangler.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		R2Buckets []map[string]string `json:"r2_buckets"`
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{{"binding": "LOG_BUCKET", "bucket_name": "groundwork-logs"}}
	if len(cfg.R2Buckets) != 1 || !maps.Equal(cfg.R2Buckets[0], want[0]) {
		t.Errorf("r2_buckets = %v, want %v", cfg.R2Buckets, want)
	}
}

func TestFilter(t *testing.T) {
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	w := &Worker{out: &outputTail{limit: 1 << 10}}
	w.readers.Add(1)
	go w.read(r, &got)
	_, _ = io.WriteString(wr, "\x1b[2m⎔ Starting local server...\x1b[0m\n"+
		"[wrangler:info] Ready on http://127.0.0.1:1\n"+
		"\x1b[32m{\"msg\":\"request\"}\x1b[0m\r\n"+
		"[wrangler:info] GET / 404 Not Found (3ms)\n"+
		"{\"msg\":\"no newline at the end\"}")
	_ = wr.Close()
	w.readers.Wait()
	if want := "{\"msg\":\"request\"}\n{\"msg\":\"no newline at the end\"}\n"; got.String() != want {
		t.Errorf("Stdout got %q, want %q", got.String(), want)
	}
	if want := "⎔ Starting local server...\n[wrangler:info] Ready on http://127.0.0.1:1\n[wrangler:info] GET / 404 Not Found (3ms)\n"; w.Output() != want {
		t.Errorf("Output got %q, want %q", w.Output(), want)
	}
}

func hasRequestLine(out, requestID string) bool {
	for _, line := range strings.Split(out, "\n") {
		var obj struct {
			Msg       string `json:"msg"`
			RequestID string `json:"request_id"`
		}
		if json.Unmarshal([]byte(line), &obj) == nil && obj.Msg == "request" && obj.RequestID == requestID {
			return true
		}
	}
	return false
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if dir == filepath.Dir(dir) {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = filepath.Dir(dir)
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
