package webhooks

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Strong secrets of each scheme, three per scheme: old, new, and one that is
// never configured.
var testSecrets = map[Scheme][3]string{
	Standard: {"whsec_" + base64.StdEncoding.EncodeToString([]byte("old-standard-key-of-32-bytes!!!!")),
		"whsec_" + base64.StdEncoding.EncodeToString([]byte("new-standard-key-of-32-bytes!!!!")),
		"whsec_" + base64.StdEncoding.EncodeToString([]byte("xxx-standard-key-of-32-bytes!!!!"))},
	Stripe:  {"whsec_old0000000000000000000000000000000", "whsec_new0000000000000000000000000000000", "whsec_xxx0000000000000000000000000000000"},
	GitHub:  {"old-github-secret-0123456789abcdef", "new-github-secret-0123456789abcdef", "xxx-github-secret-0123456789abcdef"},
	Slack:   {"0ld0000000000000000000000000000a", "new0000000000000000000000000000a", "xxx0000000000000000000000000000a"},
	Shopify: {"old-shopify-secret-0123456789abcd", "new-shopify-secret-0123456789abcd", "xxx-shopify-secret-0123456789abcd"},
}

// testBody has an id and a kind in every place a scheme reads them from.
var testBody = map[Scheme]string{
	Standard: `{"type":"invoice.paid","data":{}}`,
	Stripe:   `{"id":"evt_1","type":"invoice.paid"}`,
	GitHub:   `{"action":"opened"}`,
	Slack:    `{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}`,
	Shopify:  `{"id":1}`,
}

var t0 = time.Unix(1_750_000_000, 0)

func signed(t testing.TB, s Scheme, secret string, body string, at time.Time) Request {
	t.Helper()
	id, kind := "", ""
	switch s {
	case Standard:
		id = "msg_1"
	case GitHub, Shopify:
		id, kind = "d-1", "orders/create"
	}
	h, err := Sign(s, secret, []byte(body), id, kind, at)
	if err != nil {
		t.Fatal(err)
	}
	return Request{Header: h, Body: []byte(body)}
}

func verifier(t testing.TB, s Scheme, secrets ...string) *Verifier {
	t.Helper()
	v, err := New(Config{Scheme: s, Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestRotation(t *testing.T) {
	for _, s := range Schemes() {
		t.Run(string(s), func(t *testing.T) {
			old, nu, other := testSecrets[s][0], testSecrets[s][1], testSecrets[s][2]
			both := verifier(t, s, old, nu)
			for _, secret := range []string{old, nu} {
				if _, err := both.Verify(signed(t, s, secret, testBody[s], t0), t0); err != nil {
					t.Errorf("signed with a listed secret: %v", err)
				}
			}
			if _, err := both.Verify(signed(t, s, other, testBody[s], t0), t0); !errors.Is(err, ErrNoMatch) {
				t.Errorf("signed with a secret not listed: err = %v, want %v", err, ErrNoMatch)
			}
			if _, err := verifier(t, s, nu).Verify(signed(t, s, old, testBody[s], t0), t0); !errors.Is(err, ErrNoMatch) {
				t.Errorf("old secret after it was removed: err = %v, want %v", err, ErrNoMatch)
			}
		})
	}
}

// TestSeveralSignaturesInOneHeader: the schemes that send several
// signatures during a rotation (standard, stripe) accept the request when
// any one matches, whatever surrounds it.
func TestSeveralSignaturesInOneHeader(t *testing.T) {
	junk64 := strings.Repeat("ab", 32)
	junkB64 := base64.StdEncoding.EncodeToString(make([]byte, 32))
	tests := []struct {
		scheme Scheme
		header string
		join   func(mine string) string
	}{
		{Standard, "webhook-signature", func(mine string) string {
			return "v1," + junkB64 + " v1a," + junkB64 + " v1,not-base64 " + mine + " v2," + junkB64
		}},
		{Stripe, "Stripe-Signature", func(mine string) string {
			ts, v1, _ := strings.Cut(mine, ",")
			return ts + ",v1=" + junk64 + ",v1=zz," + v1 + ",v0=" + junk64 + ",v9=x"
		}},
	}
	for _, tc := range tests {
		t.Run(string(tc.scheme), func(t *testing.T) {
			v := verifier(t, tc.scheme, testSecrets[tc.scheme][1])
			r := signed(t, tc.scheme, testSecrets[tc.scheme][1], testBody[tc.scheme], t0)
			mine := r.Header.Get(tc.header)
			r.Header.(http.Header).Set(tc.header, tc.join(mine))
			if _, err := v.Verify(r, t0); err != nil {
				t.Fatalf("%s = %q: %v", tc.header, r.Header.Get(tc.header), err)
			}
			// The same header with the good signature changed by one byte fails.
			r.Header.(http.Header).Set(tc.header, tc.join(oneByte(mine, len(mine)-20)))
			if _, err := v.Verify(r, t0); !errors.Is(err, ErrNoMatch) {
				t.Fatalf("without the good signature: err = %v, want %v", err, ErrNoMatch)
			}
		})
	}
}

// TestTimestampWindow: the tolerance into the past, only MaxFutureSkew into
// the future, for the schemes that sign a timestamp.
func TestTimestampWindow(t *testing.T) {
	for _, s := range []Scheme{Standard, Stripe, Slack} {
		t.Run(string(s), func(t *testing.T) {
			v := verifier(t, s, testSecrets[s][0])
			at := func(d time.Duration) error {
				_, err := v.Verify(signed(t, s, testSecrets[s][0], testBody[s], t0.Add(d)), t0)
				return err
			}
			for _, tc := range []struct {
				signed time.Duration
				want   error
			}{
				{0, nil},
				{-5 * time.Minute, nil},
				{-5*time.Minute - time.Second, ErrStale},
				{-24 * time.Hour, ErrStale},
				{MaxFutureSkew, nil},
				{MaxFutureSkew + time.Second, ErrFuture},
				{4 * time.Minute, ErrFuture}, // inside the tolerance, beyond the skew allowance
			} {
				if err := at(tc.signed); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
					t.Errorf("signed %v from now: err = %v, want %v", tc.signed, err, tc.want)
				}
			}
			wide, err := New(Config{Scheme: s, Secrets: []string{testSecrets[s][0]}, Tolerance: 10 * time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := wide.Verify(signed(t, s, testSecrets[s][0], testBody[s], t0.Add(-9*time.Minute)), t0); err != nil {
				t.Errorf("Tolerance 10m, signed 9m ago: %v", err)
			}
		})
	}
}

// TestNoTimestampSchemesIgnoreTime: github and shopify sign no timestamp;
// an old request verifies (replay protection is the id's job there).
func TestNoTimestampSchemesIgnoreTime(t *testing.T) {
	for _, s := range []Scheme{GitHub, Shopify} {
		d, err := verifier(t, s, testSecrets[s][0]).Verify(signed(t, s, testSecrets[s][0], testBody[s], t0), t0.Add(1000*time.Hour))
		if err != nil || !d.Timestamp.IsZero() || d.IDSigned {
			t.Errorf("%s: %+v, %v", s, d, err)
		}
	}
}

func TestSizeCheckedBeforeDecoding(t *testing.T) {
	const limit = 100
	v, err := New(Config{Scheme: GitHub, Secrets: []string{testSecrets[GitHub][0]}, MaxBodyBytes: limit})
	if err != nil {
		t.Fatal(err)
	}
	r := func(body []byte, b64 bool) error {
		_, err := v.Verify(Request{Header: http.Header{}, Body: body, Base64: b64}, t0)
		return err
	}
	// Raw: one byte over.
	if err := r(make([]byte, limit+1), false); !errors.Is(err, ErrTooLarge) || Status(err) != http.StatusRequestEntityTooLarge {
		t.Errorf("raw %d bytes: %v", limit+1, err)
	}
	// Base64 longer than any encoding of limit bytes (136 characters): refused
	// unread. The text is not even base64: a decoder would have said so.
	if err := r([]byte(strings.Repeat("!", base64.StdEncoding.EncodedLen(limit)+1)), true); !errors.Is(err, ErrTooLarge) {
		t.Errorf("137 characters of non-base64: err = %v, want %v (size first)", err, ErrTooLarge)
	}
	// Within the encoded bound but decoding to 101 bytes: refused after decoding.
	if err := r([]byte(base64.StdEncoding.EncodeToString(make([]byte, limit+1))), true); !errors.Is(err, ErrTooLarge) {
		t.Errorf("base64 of %d bytes: %v", limit+1, err)
	}
	// Exactly the limit, base64: decoded and verified (it gets as far as the
	// signature check).
	body := []byte(strings.Repeat("x", limit))
	sig := signed(t, GitHub, testSecrets[GitHub][0], string(body), t0)
	if _, err := v.Verify(Request{Header: sig.Header, Body: []byte(base64.StdEncoding.EncodeToString(body)), Base64: true}, t0); err != nil {
		t.Errorf("base64 of exactly %d bytes: %v", limit, err)
	}
	if err := r([]byte("%%%%"), true); !errors.Is(err, ErrMalformed) || Status(err) != http.StatusUnauthorized {
		t.Errorf("invalid base64 within the bound: %v", err)
	}
}

// TestBadKindsAndIDs: a genuine request with an unusable kind or id is a
// distinct 400-class error, and its message stays short.
func TestBadKindsAndIDs(t *testing.T) {
	long := strings.Repeat("k", 10_000)
	tests := []struct {
		name     string
		scheme   Scheme
		body     string
		id, kind string // github and shopify: the headers
		want     error
	}{
		{"github kind of 10,000 characters", GitHub, "{}", "d-1", long, ErrBadKind},
		{"github kind with NUL", GitHub, "{}", "d-1", "issues\x00", ErrBadKind},
		{"github kind with a space", GitHub, "{}", "d-1", "pull request", ErrBadKind},
		{"github kind non-ASCII", GitHub, "{}", "d-1", "événement", ErrBadKind},
		{"github no event header", GitHub, "{}", "d-1", "", ErrBadKind},
		{"github no delivery header", GitHub, "{}", "", "push", ErrBadID},
		{"github id with a control character", GitHub, "{}", "d\x7f1", "push", ErrBadID},
		{"github id of 129 characters", GitHub, "{}", strings.Repeat("i", MaxIDLength+1), "push", ErrBadID},
		{"shopify topic of 10,000 characters", Shopify, "{}", "e-1", long, ErrBadKind},
		{"stripe type of 10,000 characters", Stripe, `{"id":"evt_1","type":"` + long + `"}`, "", "", ErrBadKind},
		{"stripe type with NUL", Stripe, `{"id":"evt_1","type":"invoice.paid\u0000"}`, "", "", ErrBadKind},
		{"stripe type not a string", Stripe, `{"id":"evt_1","type":7}`, "", "", ErrBadKind},
		{"stripe no id", Stripe, `{"type":"invoice.paid"}`, "", "", ErrBadID},
		{"stripe id with a newline", Stripe, `{"id":"evt_1\n","type":"invoice.paid"}`, "", "", ErrBadID},
		{"stripe body not JSON", Stripe, `id=evt_1`, "", "", ErrBadPayload},
		{"standard type of 10,000 characters", Standard, `{"type":"` + long + `"}`, "msg_1", "", ErrBadKind},
		{"standard no type", Standard, `{"data":{}}`, "msg_1", "", ErrBadKind},
		{"standard id with a tab", Standard, `{"type":"a.b"}`, "msg\t1", "", ErrBadID},
		{"slack event type with NUL", Slack, `{"type":"event_callback","event_id":"Ev1","event":{"type":"app\u0000"}}`, "", "", ErrBadKind},
		{"slack no event_id", Slack, `{"type":"app_rate_limited","minute_rate_limited":1}`, "", "", ErrBadID},
		{"slack challenge of 10,000 characters", Slack, `{"type":"url_verification","challenge":"` + long + `"}`, "", "", ErrBadPayload},
		{"slack form of neither kind", Slack, `a=b`, "", "", ErrBadPayload},
		{"slack interaction without trigger_id", Slack, `payload=%7B%22type%22%3A%22block_suggestion%22%7D`, "", "", ErrBadID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			secret := testSecrets[tc.scheme][0]
			key, _ := hmacKey(tc.scheme, secret)
			var h map[string]string
			switch tc.scheme { // the signers, called directly: Sign refuses bad ids and kinds
			case Standard:
				h = signStandard(key, []byte(tc.body), tc.id, t0)
			case Stripe:
				h = signStripe(key, []byte(tc.body), t0)
			case GitHub:
				h = signGitHub(key, []byte(tc.body), tc.id, tc.kind)
			case Slack:
				h = signSlack(key, []byte(tc.body), t0)
			case Shopify:
				h = signShopify(key, []byte(tc.body), tc.id, tc.kind, t0)
			}
			_, err := verifier(t, tc.scheme, secret).Verify(Request{Header: HeaderMap(lower(h)), Body: []byte(tc.body)}, t0)
			var e *Error
			if !errors.Is(err, tc.want) || !errors.As(err, &e) || !e.Authenticated() || Status(err) != http.StatusBadRequest {
				t.Fatalf("err = %v, want an authenticated %v (400)", err, tc.want)
			}
			if msg := err.Error(); len(msg) > 300 || strings.Contains(msg, long[:100]) || strings.ContainsRune(msg, 0) {
				t.Errorf("message not bounded or echoes raw input (%d bytes): %q", len(msg), msg)
			}
		})
	}
}

func lower(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// TestWhsecMeaningsDoNotMix: a Stripe request keyed with a Standard-style
// decoded key, or a Standard request keyed with the whole whsec_ string,
// fails; only each sender's own meaning verifies.
func TestWhsecMeaningsDoNotMix(t *testing.T) {
	secret := testSecrets[Standard][0] // valid as both: "whsec_" + base64
	decoded, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	whole := []byte(secret)
	body := []byte(testBody[Stripe])

	stripeAs := func(key []byte) Request {
		return Request{Header: HeaderMap(lower(signStripe(key, body, t0))), Body: body}
	}
	standardAs := func(key []byte) Request {
		return Request{Header: HeaderMap(lower(signStandard(key, body, "msg_1", t0))), Body: body}
	}
	stripeV, standardV := verifier(t, Stripe, secret), verifier(t, Standard, secret)
	if _, err := stripeV.Verify(stripeAs(whole), t0); err != nil {
		t.Errorf("stripe, keyed with the whole string: %v", err)
	}
	if _, err := stripeV.Verify(stripeAs(decoded), t0); !errors.Is(err, ErrNoMatch) {
		t.Errorf("stripe, keyed with the decoded base64: err = %v, want %v", err, ErrNoMatch)
	}
	if _, err := standardV.Verify(standardAs(decoded), t0); err != nil {
		t.Errorf("standard, keyed with the decoded base64: %v", err)
	}
	if _, err := standardV.Verify(standardAs(whole), t0); !errors.Is(err, ErrNoMatch) {
		t.Errorf("standard, keyed with the whole string: err = %v, want %v", err, ErrNoMatch)
	}
	// Stripe's own fixture secret is not base64 after the prefix: configured
	// as a Standard secret, it is refused up front, without being printed.
	_, err := New(Config{Scheme: Standard, Secrets: []string{"whsec_test_secret"}})
	if err == nil || strings.Contains(err.Error(), "test_secret") {
		t.Errorf("a Stripe secret as a Standard one: err = %v", err)
	}
}

// TestMalformedAndMissing: header problems are 401s with their own errors.
func TestMalformedAndMissing(t *testing.T) {
	hexSig := strings.Repeat("0", 64)
	tests := []struct {
		scheme Scheme
		header map[string]string
		want   error
	}{
		{Standard, map[string]string{"webhook-timestamp": "1", "webhook-signature": "v1,x"}, ErrMissingHeader},
		{Standard, map[string]string{"webhook-id": "m", "webhook-signature": "v1,x"}, ErrMissingHeader},
		{Standard, map[string]string{"webhook-id": "m", "webhook-timestamp": "1"}, ErrMissingHeader},
		{Standard, map[string]string{"webhook-id": "m", "webhook-timestamp": "-1", "webhook-signature": "v1,x"}, ErrMalformed},
		{Standard, map[string]string{"webhook-id": "m", "webhook-timestamp": "1e9", "webhook-signature": "v1,x"}, ErrMalformed},
		{Standard, map[string]string{"webhook-id": "m", "webhook-timestamp": "1", "webhook-signature": "v1,"}, ErrNoMatch},
		{Stripe, map[string]string{}, ErrMissingHeader},
		{Stripe, map[string]string{"Stripe-Signature": "v1=" + hexSig}, ErrMalformed},
		{Stripe, map[string]string{"Stripe-Signature": "t=1,t=2,v1=" + hexSig}, ErrMalformed},
		{Stripe, map[string]string{"Stripe-Signature": "t=now,v1=" + hexSig}, ErrMalformed},
		{Stripe, map[string]string{"Stripe-Signature": "t=1,v1"}, ErrMalformed},
		{Stripe, map[string]string{"Stripe-Signature": "t=1,v0=" + hexSig}, ErrNoMatch},
		{GitHub, map[string]string{}, ErrMissingHeader},
		{GitHub, map[string]string{"X-Hub-Signature-256": "sha1=" + hexSig}, ErrMalformed},
		{GitHub, map[string]string{"X-Hub-Signature-256": "sha256=" + hexSig[:63]}, ErrMalformed},
		{GitHub, map[string]string{"X-Hub-Signature-256": "sha256=" + strings.Repeat("g", 64)}, ErrMalformed},
		{Slack, map[string]string{"X-Slack-Signature": "v0=" + hexSig}, ErrMissingHeader},
		{Slack, map[string]string{"X-Slack-Request-Timestamp": "1"}, ErrMissingHeader},
		{Slack, map[string]string{"X-Slack-Request-Timestamp": " 1", "X-Slack-Signature": "v0=" + hexSig}, ErrMalformed},
		{Slack, map[string]string{"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v1=" + hexSig}, ErrMalformed},
		{Shopify, map[string]string{}, ErrMissingHeader},
		{Shopify, map[string]string{"X-Shopify-Hmac-Sha256": hexSig}, ErrMalformed},
	}
	for i, tc := range tests {
		_, err := verifier(t, tc.scheme, testSecrets[tc.scheme][0]).Verify(Request{Header: HeaderMap(lower(tc.header)), Body: []byte("{}")}, t0)
		if !errors.Is(err, tc.want) || Status(err) != http.StatusUnauthorized {
			t.Errorf("%d %s %v: err = %v, want %v (401)", i, tc.scheme, tc.header, err, tc.want)
		}
	}
}

// TestMessagesHoldNoSecret runs every failure path once more and checks no
// message holds a secret, a part of one, or the signature sent.
func TestMessagesHoldNoSecret(t *testing.T) {
	for _, s := range Schemes() {
		secret := testSecrets[s][0]
		v := verifier(t, s, secret, testSecrets[s][1])
		good := signed(t, s, secret, testBody[s], t0)
		var sigs []string
		for _, vals := range good.Header.(http.Header) {
			sigs = append(sigs, vals...)
		}
		for _, r := range []Request{
			{Header: http.Header{}, Body: good.Body},
			signed(t, s, testSecrets[s][2], testBody[s], t0),
			signed(t, s, secret, testBody[s], t0.Add(-time.Hour)),
			signed(t, s, secret, testBody[s], t0.Add(time.Hour)),
		} {
			_, err := v.Verify(r, t0)
			if err == nil {
				if s.Tolerance() == 0 {
					continue // github and shopify sign no time
				}
				t.Fatalf("%s: no error", s)
			}
			for _, bad := range append([]string{secret, strings.TrimPrefix(secret, "whsec_"), secret[len(secret)-12:]}, sigs...) {
				if len(bad) > 8 && strings.Contains(err.Error(), bad) && !strings.Contains(testBody[s], bad) {
					t.Errorf("%s: message %q holds %q", s, err, bad)
				}
			}
		}
	}
}

func TestStatus(t *testing.T) {
	for err, want := range map[error]int{
		nil: 200, ErrMissingHeader: 401, ErrMalformed: 401, ErrStale: 401, ErrFuture: 401, ErrNoMatch: 401,
		ErrTooLarge: 413, ErrBadKind: 400, ErrBadID: 400, ErrBadPayload: 400, errors.New("other"): 500,
	} {
		wrapped := error(nil)
		if err != nil {
			wrapped = &Error{Err: err, Scheme: Stripe}
		}
		if got := Status(wrapped); got != want {
			t.Errorf("Status(%v) = %d, want %d", err, got, want)
		}
	}
}

func TestHeaderMap(t *testing.T) {
	m := HeaderMap{"x-github-event": "push", "X-Odd-Case": "1"}
	if m.Get("X-GitHub-Event") != "push" || m.Get("x-odd-case") != "1" || m.Get("missing") != "" {
		t.Errorf("HeaderMap lookups wrong: %v", m)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	for _, c := range []Config{
		{Scheme: "svix", Secrets: []string{"x"}},
		{Scheme: GitHub},
		{Scheme: GitHub, Secrets: []string{""}},
		{Scheme: Standard, Secrets: []string{testSecrets[Standard][0], "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}},
		{Scheme: Standard, Secrets: []string{"whsec_"}},
		{Scheme: Stripe, Secrets: []string{"s"}, Tolerance: -time.Second},
	} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%v) accepted", c.Scheme)
		} else if strings.Contains(err.Error(), "MfKQ9r8G") {
			t.Errorf("message holds the secret: %v", err)
		}
	}
	_, err := New(Config{Scheme: Standard, Secrets: []string{testSecrets[Standard][0], "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}})
	if want := `standard webhook: secret 2 of 2 does not start with "whsec_", as Standard Webhooks secrets do (spec: secret serialization); copy it whole from the sender`; err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}

// TestStripeIgnoresOtherSchemes: a valid HMAC under v0 (or any scheme but
// v1) does not verify: "ignore all schemes that aren't v1"
// (https://docs.stripe.com/webhooks#verify-manually). The header example of
// that page parses, its v0 ignored.
func TestStripeIgnoresOtherSchemes(t *testing.T) {
	secret := testSecrets[Stripe][0]
	body := []byte(testBody[Stripe])
	good := signStripe([]byte(secret), body, t0)[stripeSignatureHeader]
	ts, v1, _ := strings.Cut(good, ",")
	digest := strings.TrimPrefix(v1, "v1=")
	v := verifier(t, Stripe, secret)
	for _, header := range []string{ts + ",v0=" + digest, ts + ",v2=" + digest, ts + ",V1=" + digest} {
		_, err := v.Verify(Request{Header: HeaderMap{"stripe-signature": header}, Body: body}, t0)
		if !errors.Is(err, ErrNoMatch) {
			t.Errorf("%s: err = %v, want %v", header[:16], err, ErrNoMatch)
		}
	}
	docs := "t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd," +
		"v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"
	gotTS, sigs, problem := parseStripeHeader(docs)
	if gotTS != "1492774577" || len(sigs) != 1 || problem != "" ||
		hex.EncodeToString(sigs[0]) != "5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd" {
		t.Errorf("docs example parsed to %q %x %q", gotTS, sigs, problem)
	}
}

// TestShopifyPrefersEventID: X-Shopify-Event-Id is Shopify's duplicate
// detector; X-Shopify-Webhook-Id is used only when it is absent.
func TestShopifyPrefersEventID(t *testing.T) {
	secret := testSecrets[Shopify][0]
	body := []byte(testBody[Shopify])
	h := HeaderMap(lower(signShopify([]byte(secret), body, "event-1", "orders/create", t0)))
	h["x-shopify-webhook-id"] = "webhook-1"
	v := verifier(t, Shopify, secret)
	if d, err := v.Verify(Request{Header: h, Body: body}, t0); err != nil || d.ID != "event-1" {
		t.Errorf("both headers: id %q, %v", d.ID, err)
	}
	delete(h, "x-shopify-event-id")
	if d, err := v.Verify(Request{Header: h, Body: body}, t0); err != nil || d.ID != "webhook-1" {
		t.Errorf("webhook id only: id %q, %v", d.ID, err)
	}
}

// TestSlackShapes: an interaction payload (form field payload= holding
// JSON) and a non-callback event type.
func TestSlackShapes(t *testing.T) {
	secret := testSecrets[Slack][0]
	v := verifier(t, Slack, secret)
	for body, want := range map[string][2]string{
		"payload=" + url.QueryEscape(`{"type":"block_actions","trigger_id":"13345224609.738474920.8088930838d88f008e0"}`): {"13345224609.738474920.8088930838d88f008e0", "block_actions"},
		`{"type":"app_uninstalled_team","event_id":"Ev2"}`:                                                                {"Ev2", "app_uninstalled_team"},
	} {
		h := HeaderMap(lower(signSlack([]byte(secret), []byte(body), t0)))
		d, err := v.Verify(Request{Header: h, Body: []byte(body)}, t0)
		if err != nil || d.ID != want[0] || d.Kind != want[1] || d.IsChallenge() {
			t.Errorf("%.30s: %+v, %v", body, d, err)
		}
	}
}
