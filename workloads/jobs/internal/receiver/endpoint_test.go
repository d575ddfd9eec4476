package receiver

import (
	"strings"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/webhooks"
)

const from = "WEBHOOK_SECRETS"

func TestEndpointVerifier(t *testing.T) {
	v, err := Endpoint{Name: "stripe", Scheme: "stripe", Secrets: `["whsec_old", "whsec_new"]`, SecretsFrom: from,
		Tolerance: time.Minute, MaxBodyBytes: 1024}.Verifier()
	if err != nil || v.Scheme() != webhooks.Stripe {
		t.Fatalf("Verifier = %v, %v", v, err)
	}
	// Both secrets verify; the tolerance and limit are the endpoint's.
	body := []byte(`{"id":"evt_1","object":"event","type":"invoice.paid"}`)
	for _, s := range []string{"whsec_old", "whsec_new"} {
		h, _ := webhooks.Sign(webhooks.Stripe, s, body, "", "", now.Add(-50*time.Second))
		if _, err := v.Verify(webhooks.Request{Header: h, Body: body}, now); err != nil {
			t.Errorf("signed with %s: %v", s, err)
		}
	}
	h, _ := webhooks.Sign(webhooks.Stripe, "whsec_new", body, "", "", now.Add(-61*time.Second))
	if _, err := v.Verify(webhooks.Request{Header: h, Body: body}, now); webhooks.Status(err) != 401 {
		t.Errorf("61s old with a 1m tolerance: %v, want 401", err)
	}
	if _, err := v.Verify(webhooks.Request{Body: make([]byte, 1025)}, now); webhooks.Status(err) != 413 {
		t.Errorf("1025 bytes with a 1024 limit: %v, want 413", err)
	}
}

// TestEndpointProblems: every problem is reported at once, naming its
// variable and the fix, and no message holds the secrets or a part of one.
func TestEndpointProblems(t *testing.T) {
	const secret = "whsec_zzSECRETzz"
	for _, tc := range []struct {
		name string
		e    Endpoint
		want string
	}{
		{"bare secret", Endpoint{Name: "stripe", Scheme: "stripe", Secrets: secret},
			`WEBHOOK_SECRETS is not a JSON array (a bare secret?); store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`},
		{"bad JSON", Endpoint{Name: "stripe", Scheme: "stripe", Secrets: `["` + secret + `",]`},
			`WEBHOOK_SECRETS is not valid JSON (at byte 21); store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`},
		{"a number", Endpoint{Name: "stripe", Scheme: "stripe", Secrets: `["` + secret + `", 7]`},
			`WEBHOOK_SECRETS holds a JSON number where a string belongs (at byte 22); store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`},
		{"empty list", Endpoint{Name: "stripe", Scheme: "stripe", Secrets: `[]`},
			`WEBHOOK_SECRETS is an empty list; list at least one signing secret (two during a rotation): ["<secret>"]`},
		{"empty value", Endpoint{Name: "stripe", Scheme: "stripe", Secrets: " "},
			`WEBHOOK_SECRETS is empty; store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`},
		{"empty string", Endpoint{Name: "stripe", Scheme: "stripe", Secrets: `["` + secret + `", ""]`},
			`WEBHOOK_SECRETS holds an empty string as secret 2 of 2; remove it or set the secret`},
		{"not a Standard Webhooks secret", Endpoint{Name: "svix", Scheme: "standard", Secrets: `["` + secret + `"]`},
			`WEBHOOK_SECRETS: standard webhook: secret 1 of 1 is not standard base64 after "whsec_" (Standard Webhooks spec: secret serialization); copy it whole from the sender`},
		{"everything wrong", Endpoint{Name: "a:b", Scheme: "svix", Secrets: secret},
			"WEBHOOK_ENDPOINT \"a:b\" has ':' at byte 1; use 1 to 64 of A-Z a-z 0-9 . _ -\n" +
				`WEBHOOK_SCHEME: unknown webhook scheme "svix" (4 bytes); use one of standard, stripe, github, slack, shopify` + "\n" +
				`WEBHOOK_SECRETS is not a JSON array (a bare secret?); store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`},
		{"no name", Endpoint{Scheme: "github", Secrets: `["x"]`},
			`WEBHOOK_ENDPOINT is not set; it names the endpoint and namespaces its idempotency keys ("stripe:evt_123")`},
		{"long name", Endpoint{Name: strings.Repeat("n", 65), Scheme: "github", Secrets: `["x"]`},
			`WEBHOOK_ENDPOINT has 65 characters, more than 64`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.e.SecretsFrom = from
			v, err := tc.e.Verifier()
			if v != nil || err == nil || err.Error() != tc.want {
				t.Fatalf("Verifier = %v, %v\nwant error %s", v, err, tc.want)
			}
			if strings.Contains(err.Error(), "SECRET"+"zz") || strings.Contains(err.Error(), "zzSECRET") {
				t.Errorf("the error holds a part of the secret: %v", err)
			}
		})
	}
}
