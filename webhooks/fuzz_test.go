package webhooks

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary header values and bodies to every scheme's
// parsers. With sign set, the request is first signed properly (with
// whatever id, kind and body the fuzzer chose), so the paths after the
// signature (JSON, Slack forms, id and kind checks) are fuzzed too.
//
//	go test ./webhooks -run '^$' -fuzz FuzzVerify -fuzztime 60s
func FuzzVerify(f *testing.F) {
	for i, vc := range vectors() {
		h := vc.header
		f.Add(uint8(i), false, h[vc.sigHeader], h[vc.tsHeader], h["webhook-id"]+h["X-GitHub-Delivery"]+h["X-Shopify-Webhook-Id"],
			h["X-GitHub-Event"]+h["X-Shopify-Topic"], []byte(vc.body), vc.now.Unix())
	}
	for i, s := range Schemes() {
		f.Add(uint8(i), true, "", "", "d-1", "orders/create", []byte(testBody[s]), t0.Unix())
	}
	f.Add(uint8(1), false, "t=1,v1=,v1,v0=,,=,t", "", "", "", []byte("{"), int64(1))
	f.Add(uint8(0), false, "v1, v1,,  v1a,x v1,====", "99999999999999", "a.b", "", []byte("{\"type\":1}"), int64(0))
	f.Add(uint8(3), true, "", "", "", "", []byte("payload=%7B%22type%22%3A%22x%22%2C%22trigger_id%22%3A%22t%22%7D"), t0.Unix())

	f.Fuzz(func(t *testing.T, which uint8, sign bool, sig, ts, id, kind string, body []byte, now int64) {
		s := Schemes()[int(which)%len(Schemes())]
		secret := testSecrets[s][0]
		v, err := New(Config{Scheme: s, Secrets: []string{secret, testSecrets[s][1]}, MaxBodyBytes: 4096})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Unix(now%(1<<40), 0)
		h := http.Header{}
		if sign {
			key, _ := hmacKey(s, secret)
			var m map[string]string
			switch s {
			case Standard:
				m = signStandard(key, body, id, at)
			case Stripe:
				m = signStripe(key, body, at)
			case GitHub:
				m = signGitHub(key, body, id, kind)
			case Slack:
				m = signSlack(key, body, at)
			case Shopify:
				m = signShopify(key, body, id, kind, at)
			}
			for k, val := range m {
				h[k] = []string{val} // raw, unchecked: Set would refuse nothing either
			}
		} else {
			for _, name := range []string{standardSignatureHeader, stripeSignatureHeader, githubSignatureHeader, slackSignatureHeader, shopifySignatureHeader} {
				h[http.CanonicalHeaderKey(name)] = []string{sig}
			}
			for _, name := range []string{standardTimestampHeader, slackTimestampHeader} {
				h[http.CanonicalHeaderKey(name)] = []string{ts}
			}
			for _, name := range []string{standardIDHeader, githubDeliveryHeader, shopifyEventIDHeader} {
				h[http.CanonicalHeaderKey(name)] = []string{id}
			}
			for _, name := range []string{githubEventHeader, shopifyTopicHeader} {
				h[http.CanonicalHeaderKey(name)] = []string{kind}
			}
		}
		d, err := v.Verify(Request{Header: h, Body: body}, at)
		if err == nil {
			if !d.IsChallenge() {
				if e := ValidID(d.ID); e != nil {
					t.Fatalf("accepted an invalid id: %v", e)
				}
				if e := ValidKind(d.Kind); e != nil {
					t.Fatalf("accepted an invalid kind: %v", e)
				}
			} else if validToken(d.Challenge, MaxChallengeLength) != nil {
				t.Fatalf("accepted an invalid challenge %q", d.Challenge)
			}
			if string(d.Body) != string(body) || d.Scheme != s {
				t.Fatalf("delivery does not match the request: %+v", d)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error is not an *Error: %T %v", err, err)
		}
		if st := Status(err); st != 400 && st != 401 && st != 413 {
			t.Fatalf("status %d for %v", st, err)
		}
		msg := err.Error()
		if len(msg) > 400 {
			t.Fatalf("message of %d bytes: %q", len(msg), msg)
		}
		for _, bad := range []string{secret, strings.TrimPrefix(secret, "whsec_"), testSecrets[s][1]} {
			if strings.Contains(msg, bad) {
				t.Fatalf("message holds a secret: %q", msg)
			}
		}
		for i := 0; i < len(msg); i++ {
			if msg[i] < ' ' || msg[i] > '~' {
				t.Fatalf("message has byte %#x: %q", msg[i], msg)
			}
		}
	})
}
