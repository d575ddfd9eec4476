package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/webhooks"
)

const webhookUsage = `usage:
  groundwork webhook verify --scheme S --secret-file PATH [--secret-file PATH]... [--now UNIX]
                            [--header 'Name: value']... --body-file PATH
      Verifies one request with package webhooks, the verification the receiver runs.
      Prints "valid: id=... kind=..." and exits 0, or "invalid: <reason>" and exits 1.
  groundwork webhook send --scheme S --secret-file PATH --url URL --body-file PATH [--kind K] [--id ID]
      Signs the body as the sender would (headers, id, timestamp), POSTs it to URL and
      prints the answer's status and body. This is the one groundwork command that uses
      the network.

  schemes: standard, stripe, github, slack, shopify
  Secrets are read from files only (one secret a file; a trailing newline is ignored)
  and are never printed. List two --secret-file during a rotation. Exit 2: usage or I/O error.
`

// sendTimeout bounds the whole POST of webhook send: the senders give a
// receiver 10 s (GitHub) down to 3 s (Slack) to answer.
const sendTimeout = 10 * time.Second

// maxAnswerBytes is how much of the answer's body webhook send prints.
const maxAnswerBytes = 64 * 1024

// exitUsage is the exit code for usage and I/O errors.
const exitUsage = 2

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ", ") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func webhookCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, webhookUsage)
		return exitUsage
	}
	var err error
	code := 0
	switch args[0] {
	case "verify":
		code, err = webhookVerify(args[1:], stdout, stderr)
	case "send":
		code, err = webhookSend(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, webhookUsage)
		return 0
	default:
		err = fmt.Errorf("unknown subcommand %q; use verify or send", args[0])
	}
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "groundwork webhook: %v\n", err)
		}
		fmt.Fprint(stderr, webhookUsage)
		return exitUsage
	}
	return code
}

func webhookVerify(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("webhook verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scheme := fs.String("scheme", "", "the sender's scheme")
	var secretFiles, headers repeated
	fs.Var(&secretFiles, "secret-file", "file holding one signing secret (repeat during a rotation)")
	fs.Var(&headers, "header", "a request header, 'Name: value' (repeat)")
	bodyFile := fs.String("body-file", "", "file holding the raw request body, byte for byte")
	nowFlag := fs.String("now", "", "the receiver's clock, in unix seconds (default: now)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *scheme == "" || len(secretFiles) == 0 || *bodyFile == "" {
		return 0, errUsage
	}
	s, err := webhooks.ParseScheme(*scheme)
	if err != nil {
		return 0, err
	}
	secrets, err := readSecrets(s, secretFiles, stderr)
	if err != nil {
		return 0, err
	}
	h := http.Header{}
	for _, line := range headers {
		name, value, ok := strings.Cut(line, ":")
		if name = strings.TrimSpace(name); !ok || name == "" || strings.ContainsAny(name, " \t") {
			return 0, fmt.Errorf("--header %q: want 'Name: value'", line)
		}
		h.Add(name, strings.TrimLeft(value, " \t"))
	}
	now := time.Now()
	if *nowFlag != "" {
		sec, err := strconv.ParseInt(*nowFlag, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("--now %q: want unix seconds, e.g. %d", *nowFlag, time.Now().Unix())
		}
		now = time.Unix(sec, 0)
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return 0, fmt.Errorf("--body-file: %w", err)
	}
	v, err := webhooks.New(webhooks.Config{Scheme: s, Secrets: secrets})
	if err != nil {
		return 0, err
	}
	d, err := v.Verify(webhooks.Request{Header: h, Body: body}, now)
	if err != nil {
		var e *webhooks.Error
		if errors.As(err, &e) && e.Authenticated() {
			fmt.Fprintf(stdout, "invalid: %v (the signature verified; the receiver answers %d)\n", err, webhooks.Status(err))
		} else {
			fmt.Fprintf(stdout, "invalid: %v\n", err)
		}
		return 1, nil
	}
	if d.IsChallenge() {
		fmt.Fprintf(stdout, "valid: id= kind=%s challenge=%s\n", d.Kind, d.Challenge)
		return 0, nil
	}
	fmt.Fprintf(stdout, "valid: id=%s kind=%s\n", d.ID, d.Kind)
	return 0, nil
}

func webhookSend(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("webhook send", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scheme := fs.String("scheme", "", "the sender's scheme")
	secretFile := fs.String("secret-file", "", "file holding the signing secret")
	target := fs.String("url", "", "where to POST, e.g. http://127.0.0.1:8080/webhook")
	bodyFile := fs.String("body-file", "", "file holding the body to send, byte for byte")
	kind := fs.String("kind", "", "the job kind, for the schemes that send it in a header (github, shopify)")
	id := fs.String("id", "", "the delivery id (default: a new random one where the scheme sends it in a header)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *scheme == "" || *secretFile == "" || *target == "" || *bodyFile == "" {
		return 0, errUsage
	}
	s, err := webhooks.ParseScheme(*scheme)
	if err != nil {
		return 0, err
	}
	u, err := url.Parse(*target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return 0, fmt.Errorf("--url %q: want an http:// or https:// URL", *target)
	}
	secrets, err := readSecrets(s, []string{*secretFile}, stderr)
	if err != nil {
		return 0, err
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return 0, fmt.Errorf("--body-file: %w", err)
	}
	if *id == "" && (s == webhooks.Standard || s == webhooks.GitHub || s == webhooks.Shopify) {
		*id = newDeliveryID(s)
	}
	headers, err := webhooks.Sign(s, secrets[0], body, *id, *kind, time.Now())
	if err != nil {
		return 0, fmt.Errorf("%w (--kind and --id set what goes in headers)", err)
	}
	req, err := http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = headers
	req.Header.Set("User-Agent", "groundwork-webhook-send")
	resp, err := (&http.Client{Timeout: sendTimeout}).Do(req)
	if err != nil {
		return 0, fmt.Errorf("POST %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return 0, fmt.Errorf("reading the answer: %w", err)
	}
	fmt.Fprintf(stdout, "status: %s\n", resp.Status)
	stdout.Write(answer)
	if len(answer) > 0 && answer[len(answer)-1] != '\n' {
		fmt.Fprintln(stdout)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 1, nil
	}
	return 0, nil
}

// readSecrets reads one secret from each file and warns, on stderr, about a
// secret the plan would refuse. Neither the secret nor a part of it is ever
// printed.
func readSecrets(s webhooks.Scheme, files []string, stderr io.Writer) ([]string, error) {
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("--secret-file: %w", err)
		}
		secret := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		if secret == "" {
			return nil, fmt.Errorf("--secret-file %s is empty", f)
		}
		if err := webhooks.CheckSecret(s, secret); err != nil {
			fmt.Fprintf(stderr, "warning: --secret-file %s: the secret %v (the plan refuses it; verification still runs)\n", f, err)
		}
		out = append(out, secret)
	}
	return out, nil
}

// newDeliveryID makes an id shaped like the sender's: "msg_" + hex for
// Standard Webhooks, a version 4 UUID for GitHub and Shopify.
func newDeliveryID(s webhooks.Scheme) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	if s == webhooks.Standard {
		return "msg_" + hex.EncodeToString(b[:])
	}
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	x := hex.EncodeToString(b[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// schemeList is "standard|stripe|..." for the usage text.
func schemeList() string {
	var names []string
	for _, s := range webhooks.Schemes() {
		names = append(names, string(s))
	}
	return strings.Join(names, "|")
}
