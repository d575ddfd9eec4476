package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/webhooks"
)

// example is one directory of testdata/webhook (see its README for sources).
type example struct {
	dir, scheme string
	want        string // the exact first line of verify's output
	wantCode    int
	sigHeader   string
	tsHeader    string // "" when no timestamp is signed; "t=" for Stripe's t= in its signature header
}

var examples = []example{
	{"standard-reference", "standard", `invalid: standard webhook: bad kind: body field "type": empty (the signature verified; the receiver answers 400)`, 1,
		"webhook-signature", "webhook-timestamp"},
	{"standard-spec", "standard", "valid: id=msg_2KWPBgLlAfxdpx2AI54pPJ85f4W kind=contact.created", 0, "webhook-signature", "webhook-timestamp"},
	{"stripe", "stripe", "valid: id=evt_test_webhook kind=payment_intent.succeeded", 0, "Stripe-Signature", "t="},
	{"github", "github", "valid: id=72d3162e-cc78-11e3-81ab-4c9367dc0958 kind=issues", 0, "X-Hub-Signature-256", ""},
	{"slack", "slack", "valid: id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c kind=/webhook-collect", 0,
		"X-Slack-Signature", "X-Slack-Request-Timestamp"},
	{"slack-url-verification", "slack", "valid: id= kind=url_verification challenge=3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", 0,
		"X-Slack-Signature", "X-Slack-Request-Timestamp"},
	{"shopify", "shopify", "valid: id=123456789 kind=products/create", 0, "X-Shopify-Hmac-Sha256", ""},
}

func (e example) path(name string) string { return filepath.Join("testdata", "webhook", e.dir, name) }

func (e example) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(e.path(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// headers returns the example's headers as "Name: value" lines.
func (e example) headers(t *testing.T) []string {
	return strings.Split(strings.TrimSuffix(e.read(t, "headers"), "\n"), "\n")
}

// verifyArgs builds the verify command line, with headers and body given.
func (e example) verifyArgs(t *testing.T, headers []string, bodyFile string) []string {
	args := []string{"webhook", "verify", "--scheme", e.scheme, "--secret-file", e.path("secret"),
		"--now", strings.TrimSpace(e.read(t, "now")), "--body-file", bodyFile}
	for _, h := range headers {
		args = append(args, "--header", h)
	}
	return args
}

func TestWebhookVerifyAcceptsSendersOwnExamples(t *testing.T) {
	for _, e := range examples {
		t.Run(e.dir, func(t *testing.T) {
			code, out, errOut := groundwork(t, e.verifyArgs(t, e.headers(t), e.path("body"))...)
			if code != e.wantCode || out != e.want+"\n" {
				t.Fatalf("exit %d, stdout %q (stderr %q)\nwant exit %d, %q", code, out, errOut, e.wantCode, e.want)
			}
			secret := strings.TrimSpace(e.read(t, "secret"))
			if strings.Contains(out+errOut, secret) || strings.Contains(out+errOut, strings.TrimPrefix(secret, "whsec_")) {
				t.Errorf("the secret was printed")
			}
		})
	}
}

// replaceOneByte changes the byte at i to another of the same alphabet.
func replaceOneByte(s string, i int) string {
	c := s[i]
	r := c + 1
	switch {
	case c == '9':
		r = '8'
	case c == 'f' || c == 'z' || c == 'Z':
		r = c - 1
	case c == '+' || c == '/' || c == '=':
		r = 'A'
	}
	return s[:i] + string(r) + s[i+1:]
}

func TestWebhookVerifyRejectsOneByteChanges(t *testing.T) {
	for _, e := range examples {
		t.Run(e.dir, func(t *testing.T) {
			expectNoMatch := func(what string, headers []string, bodyFile string) {
				t.Helper()
				code, out, errOut := groundwork(t, e.verifyArgs(t, headers, bodyFile)...)
				if want := "invalid: " + e.scheme + " webhook: no matching signature"; code != 1 || !strings.HasPrefix(out, want) {
					t.Errorf("%s changed by one byte: exit %d, %q (stderr %q), want exit 1, %q...", what, code, out, errOut, want)
				}
			}
			if code, out, _ := groundwork(t, e.verifyArgs(t, e.headers(t), e.path("body"))...); code != e.wantCode || out != e.want+"\n" {
				t.Fatalf("unchanged: exit %d, %q", code, out)
			}
			body := e.read(t, "body")
			changed := filepath.Join(t.TempDir(), "body")
			if err := os.WriteFile(changed, []byte(replaceOneByte(body, len(body)/2)), 0o600); err != nil {
				t.Fatal(err)
			}
			expectNoMatch("body", e.headers(t), changed)

			edit := func(name string, at func(value string) int) []string {
				var out []string
				for _, h := range e.headers(t) {
					if n, v, _ := strings.Cut(h, ": "); strings.EqualFold(n, name) {
						h = n + ": " + replaceOneByte(v, at(v))
					}
					out = append(out, h)
				}
				return out
			}
			expectNoMatch("signature", edit(e.sigHeader, func(v string) int { return len(v) - 20 }), e.path("body"))
			switch e.tsHeader {
			case "":
			case "t=":
				expectNoMatch("signed timestamp", edit(e.sigHeader, func(v string) int { return strings.Index(v, ",") - 1 }), e.path("body"))
			default:
				expectNoMatch("signed timestamp", edit(e.tsHeader, func(v string) int { return len(v) - 1 }), e.path("body"))
			}
		})
	}
}

func TestWebhookVerifyRotationAndUsage(t *testing.T) {
	gh := examples[3]
	other := filepath.Join(t.TempDir(), "other")
	if err := os.WriteFile(other, []byte("a-different-secret-of-32-characters!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"webhook", "verify", "--scheme", "github", "--body-file", gh.path("body")}
	for _, h := range gh.headers(t) {
		base = append(base, "--header", h)
	}
	if code, out, _ := groundwork(t, append(base, "--secret-file", other, "--secret-file", gh.path("secret"))...); code != 0 || !strings.HasPrefix(out, "valid: ") {
		t.Errorf("old and new secret listed: exit %d, %q", code, out)
	}
	if code, out, _ := groundwork(t, append(base, "--secret-file", other)...); code != 1 || out != "invalid: github webhook: no matching signature: X-Hub-Signature-256\n" {
		t.Errorf("only a secret that did not sign: exit %d, %q", code, out)
	}
	for _, args := range [][]string{
		{"webhook"},
		{"webhook", "verify"},
		{"webhook", "verify", "--scheme", "github", "--secret", "x", "--body-file", gh.path("body")},
		{"webhook", "verify", "--scheme", "svix", "--secret-file", gh.path("secret"), "--body-file", gh.path("body")},
		{"webhook", "verify", "--scheme", "github", "--secret-file", "/nonexistent", "--body-file", gh.path("body")},
		{"webhook", "verify", "--scheme", "github", "--secret-file", gh.path("secret"), "--body-file", "/nonexistent"},
		{"webhook", "verify", "--scheme", "github", "--secret-file", gh.path("secret"), "--body-file", gh.path("body"), "--header", "no colon"},
		{"webhook", "verify", "--scheme", "github", "--secret-file", gh.path("secret"), "--body-file", gh.path("body"), "--now", "yesterday"},
		{"webhook", "send", "--scheme", "github", "--secret-file", gh.path("secret"), "--body-file", gh.path("body"), "--url", "ftp://x"},
		{"webhook", "frobnicate"},
	} {
		if code, _, errOut := groundwork(t, args...); code != 2 || !strings.Contains(errOut, "groundwork webhook verify --scheme S") {
			t.Errorf("%v: exit %d, want 2 and the usage (stderr %q)", args, code, errOut)
		}
	}
	// A weak secret still verifies (the sender chose it), with a warning that
	// names the file and the rule, not the secret.
	code, out, errOut := groundwork(t, append(base, "--secret-file", gh.path("secret"))...)
	if code != 0 || !strings.Contains(errOut, "warning: --secret-file "+gh.path("secret")+": the secret has 26 characters, fewer than 32") ||
		strings.Contains(out+errOut, "Secret to Everybody") {
		t.Errorf("weak secret: exit %d, %q, stderr %q", code, out, errOut)
	}
}

// TestWebhookSend posts to a server that verifies with package webhooks, for
// every scheme, and prints its answer.
func TestWebhookSend(t *testing.T) {
	bodies := map[string]string{
		"standard": `{"type":"invoice.paid","data":{}}`,
		"stripe":   `{"id":"evt_1","type":"invoice.paid"}`,
		"github":   `{"action":"opened"}`,
		"slack":    `{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}`,
		"shopify":  `{"id":1}`,
	}
	secrets := map[string]string{
		"standard": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "stripe": "whsec_0123456789abcdef0123456789abcdef",
		"github": "0123456789abcdef0123456789abcdef", "slack": "8f742231b10e8888abcd99yyyzzz85a5", "shopify": "0123456789abcdef0123456789abcdef",
	}
	for _, s := range webhooks.Schemes() {
		t.Run(string(s), func(t *testing.T) {
			v, err := webhooks.New(webhooks.Config{Scheme: s, Secrets: []string{secrets[string(s)]}})
			if err != nil {
				t.Fatal(err)
			}
			var seen webhooks.Delivery
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, err := io.ReadAll(r.Body)
				if err != nil {
					http.Error(w, err.Error(), 500)
					return
				}
				d, err := v.Verify(webhooks.Request{Header: r.Header, Body: body}, time.Now())
				if err != nil {
					http.Error(w, err.Error(), webhooks.Status(err))
					return
				}
				seen = d
				w.WriteHeader(http.StatusAccepted)
				json.NewEncoder(w).Encode(map[string]string{"id": d.ID, "kind": d.Kind})
			}))
			defer srv.Close()
			dir := t.TempDir()
			secretFile, bodyFile := filepath.Join(dir, "secret"), filepath.Join(dir, "body")
			os.WriteFile(secretFile, []byte(secrets[string(s)]+"\n"), 0o600)
			os.WriteFile(bodyFile, []byte(bodies[string(s)]), 0o600)
			args := []string{"webhook", "send", "--scheme", string(s), "--secret-file", secretFile, "--body-file", bodyFile, "--url", srv.URL + "/webhook"}
			if s == webhooks.GitHub || s == webhooks.Shopify {
				args = append(args, "--kind", "orders/create", "--id", "d-42")
			}
			code, out, errOut := groundwork(t, args...)
			if code != 0 || !strings.HasPrefix(out, "status: 202 Accepted\n{\"id\":\"") {
				t.Fatalf("exit %d, %q, stderr %q", code, out, errOut)
			}
			want := map[webhooks.Scheme][2]string{webhooks.Stripe: {"evt_1", "invoice.paid"}, webhooks.GitHub: {"d-42", "orders/create"},
				webhooks.Slack: {"Ev1", "app_mention"}, webhooks.Shopify: {"d-42", "orders/create"}}[s]
			if s == webhooks.Standard { // a fresh "msg_" id each time
				want = [2]string{seen.ID, "invoice.paid"}
				if !strings.HasPrefix(seen.ID, "msg_") || len(seen.ID) != 36 {
					t.Errorf("generated id %q", seen.ID)
				}
			}
			if seen.ID != want[0] || seen.Kind != want[1] || out != "status: 202 Accepted\n{\"id\":\""+want[0]+"\",\"kind\":\""+want[1]+"\"}\n" {
				t.Errorf("server saw %q %q; output %q", seen.ID, seen.Kind, out)
			}
			if strings.Contains(out+errOut, secrets[string(s)]) {
				t.Error("the secret was printed")
			}

			// The same send with a secret the server does not hold: 401, exit 1.
			os.WriteFile(secretFile, []byte("whsec_ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=\n"), 0o600)
			code, out, _ = groundwork(t, args...)
			if code != 1 || !strings.HasPrefix(out, "status: 401 Unauthorized\n"+string(s)+" webhook: no matching signature") {
				t.Errorf("wrong secret: exit %d, %q", code, out)
			}
		})
	}
}
