package webhooks

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestCheckSecret(t *testing.T) {
	b64 := func(n int) string { return "whsec_" + base64.StdEncoding.EncodeToString(make([]byte, n)) }
	tests := []struct {
		scheme Scheme
		secret string
		want   string // "" means accepted
	}{
		{Standard, b64(24), ""},
		{Standard, b64(64), ""},
		{Standard, b64(32), ""},
		{Standard, b64(23), `decodes to 23 bytes; Standard Webhooks secrets are "whsec_" + base64 of 24 to 64 random bytes (spec: "Signing secret: Random. Between 24 bytes (192 bits) and 64 bytes (512 bits)"); generate one with: echo "whsec_$(openssl rand -base64 32)"`},
		{Standard, b64(65), `decodes to 65 bytes; Standard Webhooks secrets are "whsec_" + base64 of 24 to 64 random bytes (spec: "Signing secret: Random. Between 24 bytes (192 bits) and 64 bytes (512 bits)"); generate one with: echo "whsec_$(openssl rand -base64 32)"`},
		{Standard, strings.TrimPrefix(b64(32), "whsec_"), `does not start with "whsec_", as Standard Webhooks secrets do (spec: secret serialization); copy it whole from the sender`},
		{Standard, "whsec_not base64!", `is not standard base64 after "whsec_" (Standard Webhooks spec: secret serialization); copy it whole from the sender`},
		{Stripe, "whsec_" + strings.Repeat("a", 32), ""},
		{Stripe, "whsec_" + strings.Repeat("a", 31), `has 31 characters after "whsec_", fewer than the 32 of every secret Stripe issues; copy the endpoint's signing secret whole from the Stripe Dashboard`},
		{Stripe, "sk_live_" + strings.Repeat("a", 40), `does not start with "whsec_"; use the endpoint's signing secret from the Stripe Dashboard (Developers > Webhooks > the endpoint > Signing secret), not an API key`},
		{GitHub, strings.Repeat("g", 32), ""},
		{GitHub, "It's a Secret to Everybody", `has 26 characters, fewer than 32; GitHub asks for "a random string of text with high entropy" (docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries); generate one with: openssl rand -hex 32, and set it on the GitHub webhook too`},
		{Slack, "8f742231b10e8888abcd99yyyzzz85a5", ""},
		{Slack, "8f742231b10e8888", `has 16 characters; Slack's signing secrets have 32; copy the app's Signing Secret from api.slack.com/apps > the app > Basic Information (not the deprecated verification token)`},
		{Shopify, strings.Repeat("s", 32), ""},
		{Shopify, "test_secret_key", `has 15 characters; Shopify's client secrets have 32 or more; copy the app's client secret (Dev Dashboard > the app > Settings) or the store's webhook signing key whole`},
		{Shopify, strings.Repeat("s", 32) + "\n", `has leading or trailing whitespace (a pasted newline?); remove it, the sender signs without it`},
		{GitHub, "", `is empty; set the endpoint's signing secret (pulumi config set --secret)`},
	}
	for _, tc := range tests {
		err := CheckSecret(tc.scheme, tc.secret)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: rejected a good secret: %v", tc.scheme, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("%s: err = %v\nwant  %s", tc.scheme, err, tc.want)
		}
		if err != nil && len(tc.secret) > 6 && strings.Contains(err.Error(), strings.TrimPrefix(tc.secret, "whsec_")) {
			t.Errorf("%s: message holds the secret: %v", tc.scheme, err)
		}
	}
	if err := CheckSecret("svix", "x"); err == nil {
		t.Error("unknown scheme accepted")
	}
}

func TestSignChecksIDAndKind(t *testing.T) {
	now := time.Unix(1_750_000_000, 0)
	tests := []struct {
		scheme   Scheme
		body     string
		id, kind string
		want     string // "" means signed
	}{
		{Stripe, testBody[Stripe], "", "", ""},
		{Stripe, testBody[Stripe], "evt_1", "invoice.paid", ""},
		{Stripe, testBody[Stripe], "evt_2", "", `stripe webhook: the id comes from body field "id", which is "evt_1" (5 bytes); "evt_2" (5 bytes) was given`},
		{Stripe, testBody[Stripe], "", "charge.failed", `stripe webhook: the kind comes from body field "type", which is "invoice.paid" (12 bytes); "charge.failed" (13 bytes) was given`},
		{Standard, testBody[Standard], "", "", `standard webhook: the id, sent as webhook-id: empty`},
		{Standard, testBody[Standard], "msg_1", "invoice.paid", ""},
		{GitHub, "{}", "d-1", "", `github webhook: the kind, sent as X-GitHub-Event: empty`},
		{GitHub, "{}", "", "push", `github webhook: the id, sent as X-GitHub-Delivery: empty`},
		{GitHub, "{}", "d-1", "push", ""},
		{Shopify, "{}", "e-1", "orders create", `shopify webhook: the kind, sent as X-Shopify-Topic: "orders create" (13 bytes) has ' ' at byte 6; allowed: A-Z a-z 0-9 . _ : / -`},
		{Slack, testBody[Slack], "Ev1", "app_mention", ""},
		{Slack, testBody[Slack], "Ev2", "", `slack webhook: the id comes from body field "event_id", which is "Ev1" (3 bytes); "Ev2" (3 bytes) was given`},
	}
	for _, tc := range tests {
		_, err := Sign(tc.scheme, testSecrets[tc.scheme][0], []byte(tc.body), tc.id, tc.kind, now)
		if (tc.want == "") != (err == nil) || err != nil && err.Error() != tc.want {
			t.Errorf("Sign(%s, id %q, kind %q) = %v\nwant %s", tc.scheme, tc.id, tc.kind, err, tc.want)
		}
	}
}
