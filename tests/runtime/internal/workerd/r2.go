package workerd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// R2Bucket is an R2 bucket binding. Its objects live in the Worker's state
// directory (wrangler dev --persist-to), where Miniflare keeps a local
// bucket per name; nothing reaches Cloudflare.
type R2Bucket struct {
	// Binding is the name the Worker finds it under on env (LOG_BUCKET).
	Binding string
	// BucketName names the local bucket, by R2's rules: 3 to 63 lower-case
	// letters, digits and hyphens, starting and ending with a letter or
	// digit.
	BucketName string
}

// r2BucketName is wrangler 4.86's isValidR2BucketName.
var r2BucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)

func (b R2Bucket) check() []string {
	var problems []string
	if b.Binding == "" {
		problems = append(problems, "an R2 bucket has an empty Binding")
	}
	if !r2BucketName.MatchString(b.BucketName) {
		problems = append(problems, fmt.Sprintf("R2 bucket %q: BucketName must be 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit", b.BucketName))
	}
	return problems
}

type r2Config struct {
	Binding    string `json:"binding"`
	BucketName string `json:"bucket_name"`
}

func r2Configs(buckets []R2Bucket) []r2Config {
	var out []r2Config
	for _, b := range buckets {
		out = append(out, r2Config{Binding: b.Binding, BucketName: b.BucketName})
	}
	return out
}

// r2Timeout bounds one wrangler r2 command when ctx has no earlier
// deadline; each starts its own Miniflare, about 1.5 s.
const r2Timeout = 60 * time.Second

// errNoSuchKey is wrangler's message for a get of a missing key.
const errNoSuchKey = "The specified key does not exist."

// PutR2Object stores body under key in the local bucket named bucket, with
// `wrangler r2 object put --local --persist-to` on the running Worker's state
// directory: the Worker's binding sees the object at once (wrangler 4.86
// keeps a local bucket in SQLite files in WAL mode, which both processes
// share). The object's upload time is now; wrangler cannot set another.
//
// wrangler does not check its local write's status, so a put that failed
// inside Miniflare is seen only by reading the key back ([Worker.R2Object]).
func (w *Worker) PutR2Object(ctx context.Context, bucket, key string, body []byte) error {
	f, err := os.CreateTemp(filepath.Join(w.dir, "tmp"), "r2-object-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(body); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = w.wranglerR2(ctx, "put", bucket+"/"+key, "--file", f.Name())
	return err
}

// R2Object reads key from the local bucket named bucket with `wrangler r2
// object get --pipe --local --persist-to`; found is false when there is no
// such key. It may run while the Worker runs.
func (w *Worker) R2Object(ctx context.Context, bucket, key string) (body []byte, found bool, err error) {
	out, err := w.wranglerR2(ctx, "get", bucket+"/"+key, "--pipe")
	var run *r2Error
	if errors.As(err, &run) && run.exit == 1 && strings.Contains(run.output, errNoSuchKey) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

type r2Error struct {
	args   []string
	exit   int
	output string
}

func (e *r2Error) Error() string {
	return fmt.Sprintf("workerd: wrangler %s exited with status %d:\n%s", strings.Join(e.args, " "), e.exit, lastLines(e.output, tailLines))
}

// wranglerR2 runs `wrangler r2 object <verb> <path> <args> --local
// --persist-to <state>` in the Worker's directory, with the environment
// wrangler dev has (see environ), in a process group of its own that is
// killed when ctx ends. It returns the command's stdout.
func (w *Worker) wranglerR2(ctx context.Context, verb, path string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r2Timeout)
	defer cancel()
	full := append([]string{"r2", "object", verb, path}, args...)
	full = append(full, "--local", "--persist-to", filepath.Join(w.dir, "state"), "--config", filepath.Join(w.dir, "wrangler.json"))
	cmd := exec.CommandContext(ctx, w.bin, full...)
	cmd.Dir = w.dir
	cmd.Env = environ(w.dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = killGrace
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if cmd.Process != nil {
		// Miniflare stops its workerd on dispose; whatever is left goes.
		if left := waitGroupGone(cmd.Process.Pid, termGrace); len(left) > 0 {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}
	if err != nil {
		output := ansi.ReplaceAllString(stdout.String()+stderr.String(), "")
		var exit *exec.ExitError
		if errors.As(err, &exit) && ctx.Err() == nil {
			return nil, &r2Error{args: full[:4], exit: exit.ExitCode(), output: output}
		}
		return nil, fmt.Errorf("workerd: wrangler %s: %w\n%s", strings.Join(full[:4], " "), err, lastLines(output, tailLines))
	}
	return stdout.Bytes(), nil
}

// Scheduled runs the Worker's scheduled handler once, as a cron trigger with
// expression cron would, and returns its outcome ("ok", or "exception" when
// the handler threw) and the status it came with (200 or 500).
//
// It requests /cdn-cgi/handler/scheduled?cron=..., which wrangler dev
// always serves (it starts Miniflare with unsafeTriggerHandlers), without
// the Worker's fetch handler seeing it. wrangler's documented
// `--test-scheduled` and /__scheduled
// (https://developers.cloudflare.com/workers/configuration/cron-triggers/#test-cron-triggers)
// do not work here: that route is middleware wrangler bundles into the
// Worker, and Start runs the deployed module unbundled (--no-bundle), so
// /__scheduled reaches the Worker's own fetch handler; and it answers 200
// whatever the handler did.
func (w *Worker) Scheduled(ctx context.Context, cron string) (outcome string, status int, err error) {
	u := w.URL + "/cdn-cgi/handler/scheduled?" + url.Values{"cron": {cron}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("workerd: triggering cron %q: %w", cron, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", 0, err
	}
	return string(b), resp.StatusCode, nil
}
