package workerd

import (
	"bufio"
	"io"
	"os"
	"strings"
	"sync"
)

// read splits one of wrangler's streams into lines: the Worker's go to
// stdout (nil for stderr: none there), the rest to Output.
func (w *Worker) read(r *os.File, stdout io.Writer) {
	defer w.readers.Done()
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			clean := strings.TrimRight(ansi.ReplaceAllString(line, ""), "\r\n")
			if stdout != nil && strings.HasPrefix(clean, "{") {
				_, _ = io.WriteString(stdout, clean+"\n")
			} else {
				w.out.add(clean + "\n")
			}
		}
		if err != nil {
			return
		}
	}
}

// Output is what wrangler itself printed on stdout and stderr (not the
// lines that went to Options.Stdout), without ANSI escapes: the newest
// 1 MiB.
func (w *Worker) Output() string {
	return w.out.String()
}

// outputTail keeps the newest limit bytes written to it.
type outputTail struct {
	mu    sync.Mutex
	limit int
	buf   []byte
}

func (t *outputTail) add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, s...)
	if over := len(t.buf) - t.limit; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
}

func (t *outputTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
