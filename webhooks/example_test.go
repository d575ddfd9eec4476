package webhooks_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/groundwork-iac/groundwork/webhooks"
)

// GitHub's own test values (docs.github.com, "Validating webhook deliveries").
func Example() {
	v, err := webhooks.New(webhooks.Config{Scheme: webhooks.GitHub, Secrets: []string{"It's a Secret to Everybody"}})
	if err != nil {
		panic(err)
	}
	h := http.Header{}
	h.Set("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
	h.Set("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
	h.Set("X-GitHub-Event", "issues")

	d, err := v.Verify(webhooks.Request{Header: h, Body: []byte("Hello, World!")}, time.Now())
	fmt.Println(d.ID, d.Kind, err)

	_, err = v.Verify(webhooks.Request{Header: h, Body: []byte("Hello, World?")}, time.Now())
	fmt.Println(webhooks.Status(err), err)
	// Output:
	// 72d3162e-cc78-11e3-81ab-4c9367dc0958 issues <nil>
	// 401 github webhook: no matching signature: X-Hub-Signature-256
}

// An API Gateway HTTP API event: lower-case headers, and a body that may be
// base64. The size limit applies before the body is decoded.
func ExampleVerifier_Verify_apiGateway() {
	secret := "8f742231b10e8888abcd99yyyzzz85a5" // Slack's documentation example
	v, _ := webhooks.New(webhooks.Config{Scheme: webhooks.Slack, Secrets: []string{secret}, MaxBodyBytes: 64 * 1024})
	body := `{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}`
	now := time.Unix(1531420618, 0)
	signed, _ := webhooks.Sign(webhooks.Slack, secret, []byte(body), "", "", now)

	headers := webhooks.HeaderMap{
		"x-slack-request-timestamp": signed.Get("X-Slack-Request-Timestamp"),
		"x-slack-signature":         signed.Get("X-Slack-Signature"),
	}
	d, err := v.Verify(webhooks.Request{Header: headers, Body: []byte(body)}, now)
	fmt.Println(d.IsChallenge(), d.Challenge, err)
	// Output:
	// true 3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P <nil>
}
