package webhooks

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// vector is one signed request with the delivery it must verify to.
type vector struct {
	name   string
	scheme Scheme
	secret string
	header map[string]string
	body   string
	now    time.Time
	want   Delivery // Scheme, ID, IDSigned, Kind, Timestamp, Challenge
	// wantErr, when set, is the 400-class error the vector ends in after its
	// signature verified (the senders' own examples that carry no kind).
	wantErr error
	// sigHeader carries the signature; tsHeader the signed timestamp ("" when
	// none is signed; "t=" marks Stripe's t= inside Stripe-Signature).
	sigHeader, tsHeader string
}

const (
	// Standard Webhooks reference library, libraries/go/webhook_test.go
	// (TestWebhookSign), https://github.com/standard-webhooks/standard-webhooks
	// (the same vector is in the C#, Java, JavaScript, PHP, Python and Ruby tests).
	swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	swID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	swTS     = 1614265330
	swBody   = `{"test": 2432232314}`
	swSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

	// Slack, https://docs.slack.dev/authentication/verifying-requests-from-slack
	// (also python-slack-sdk tests/slack_sdk/signature/test_signature_verifier.py).
	slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	slackTS     = 1531420618
	slackBody   = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	slackSig    = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

	// Stripe publishes no end-to-end example: stripe-go (webhook/client_test.go)
	// and stripe-java (WebhookTest.java) sign at run time with the fixture
	// secret whsec_test_secret and event id evt_test_webhook. This vector uses
	// those, the t= of the header example on https://docs.stripe.com/webhooks,
	// and a type; the signature was computed outside Go from Stripe's
	// documented rule: printf '%s' "$t.$body" | openssl dgst -sha256 -hmac whsec_test_secret
	stripeFixtureSecret = "whsec_test_secret"
	stripeTS            = 1492774577
	stripeBody          = `{"id":"evt_test_webhook","object":"event","type":"payment_intent.succeeded"}`
	stripeHeader        = "t=1492774577,v1=add268875c77da0b0493b2ae7deba5dabc736b8c4b5a40755158e5471b4c3fe2"
)

func vectors() []vector {
	return []vector{
		{
			name: "standard: reference library TestWebhookSign (its payload has no type)", scheme: Standard, secret: swSecret,
			header: map[string]string{"webhook-id": swID, "webhook-timestamp": "1614265330", "webhook-signature": swSig},
			body:   swBody, now: time.Unix(swTS+10, 0),
			want:    Delivery{Scheme: Standard, ID: swID, IDSigned: true, Timestamp: time.Unix(swTS, 0)},
			wantErr: ErrBadKind, sigHeader: "webhook-signature", tsHeader: "webhook-timestamp",
		},
		{
			// libraries/rust/src/lib.rs test_sign, same repository.
			name: "standard: reference Rust library test_sign (no type either)", scheme: Standard,
			secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
			header: map[string]string{"webhook-id": "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", "webhook-timestamp": "1649367553",
				"webhook-signature": "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="},
			body: `{"email":"test@example.com","username":"test_user"}`, now: time.Unix(1649367553, 0),
			want:    Delivery{Scheme: Standard, ID: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", IDSigned: true, Timestamp: time.Unix(1649367553, 0)},
			wantErr: ErrBadKind, sigHeader: "webhook-signature", tsHeader: "webhook-timestamp",
		},
		{
			// The spec's own example message (its "Signature scheme" section: id,
			// timestamp and minified payload), signed with the reference
			// library's secret; the signature was computed outside Go:
			// printf '%s' "$id.$ts.$body" | openssl dgst -sha256 -mac HMAC -macopt hexkey:<decoded key> -binary | base64
			name: "standard: the spec's example message, with its type", scheme: Standard, secret: swSecret,
			header: map[string]string{"webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "webhook-timestamp": "1674087231",
				"webhook-signature": "v1,ARw42xaAApl/nxRo+iPGYwSaMQaOwMo2eyH5JBRA+bQ="},
			body: `{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485"}}`,
			now:  time.Unix(1674087231+299, 0),
			want: Delivery{Scheme: Standard, ID: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", IDSigned: true, Kind: "contact.created",
				Timestamp: time.Unix(1674087231, 0)},
			sigHeader: "webhook-signature", tsHeader: "webhook-timestamp",
		},
		{
			name: "stripe: fixture secret and event of stripe-go/stripe-java, derived signature", scheme: Stripe, secret: stripeFixtureSecret,
			header: map[string]string{"Stripe-Signature": stripeHeader}, body: stripeBody, now: time.Unix(stripeTS+60, 0),
			want: Delivery{Scheme: Stripe, ID: "evt_test_webhook", IDSigned: true, Kind: "payment_intent.succeeded",
				Timestamp: time.Unix(stripeTS, 0)},
			sigHeader: "Stripe-Signature", tsHeader: "t=",
		},
		{
			// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation;
			// the delivery headers (unsigned) are the docs' example delivery,
			// https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers.
			name: "github: docs test values", scheme: GitHub, secret: "It's a Secret to Everybody",
			header: map[string]string{
				"X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
				"X-GitHub-Delivery":   "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-GitHub-Event": "issues"},
			body:      "Hello, World!",
			want:      Delivery{Scheme: GitHub, ID: "72d3162e-cc78-11e3-81ab-4c9367dc0958", Kind: "issues"},
			sigHeader: "X-Hub-Signature-256",
		},
		{
			name: "slack: docs example (a slash command)", scheme: Slack, secret: slackSecret,
			header: map[string]string{"X-Slack-Request-Timestamp": "1531420618", "X-Slack-Signature": slackSig},
			body:   slackBody, now: time.Unix(slackTS, 0),
			want: Delivery{Scheme: Slack, ID: "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", IDSigned: true,
				Kind: "/webhook-collect", Timestamp: time.Unix(slackTS, 0)},
			sigHeader: "X-Slack-Signature", tsHeader: "X-Slack-Request-Timestamp",
		},
		{
			// The url_verification body of https://docs.slack.dev/reference/events/url_verification,
			// signed with the docs' secret and timestamp (computed with openssl as above).
			name: "slack: url_verification from the docs, derived signature", scheme: Slack, secret: slackSecret,
			header: map[string]string{"X-Slack-Request-Timestamp": "1531420618",
				"X-Slack-Signature": "v0=f9bd80929259f3f6d5fe3a3186c453c89cd1ad4862815a15837584f31c993652"},
			body: `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`,
			now:  time.Unix(slackTS+1, 0),
			want: Delivery{Scheme: Slack, IDSigned: true, Kind: "url_verification", Timestamp: time.Unix(slackTS, 0),
				Challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"},
			sigHeader: "X-Slack-Signature", tsHeader: "X-Slack-Request-Timestamp",
		},
		{
			// The event_callback example of https://docs.slack.dev/apis/events-api/#callback-field,
			// minified, signed with the docs' secret and timestamp (openssl as above).
			name: "slack: event_callback from the docs, derived signature", scheme: Slack, secret: slackSecret,
			header: map[string]string{"X-Slack-Request-Timestamp": "1531420618",
				"X-Slack-Signature": "v0=cfb3b690e8838dd02ed0986f0d459334713d64e15beff7027dfc6d1b702513d3"},
			body:      `{"token":"XXYYZZ","team_id":"TXXXXXXXX","api_app_id":"AXXXXXXXXX","event":{"type":"name_of_event","event_ts":"1234567890.123456","user":"UXXXXXXX1"},"type":"event_callback","authed_users":["UXXXXXXX1"],"event_id":"Ev08MFMKH6","event_time":1234567890}`,
			now:       time.Unix(slackTS-29, 0),
			want:      Delivery{Scheme: Slack, ID: "Ev08MFMKH6", IDSigned: true, Kind: "name_of_event", Timestamp: time.Unix(slackTS, 0)},
			sigHeader: "X-Slack-Signature", tsHeader: "X-Slack-Request-Timestamp",
		},
		{
			// Shopify's API library, Shopify/shopify-app-js
			// packages/apps/shopify-api/lib/webhooks/__tests__/validate.test.ts
			// ("returns true for valid request"): apiSecretKey test_secret_key
			// (lib/__tests__/test-config.ts), headers from __tests__/utils.ts.
			name: "shopify: shopify-api library validate test", scheme: Shopify, secret: "test_secret_key",
			header: map[string]string{"X-Shopify-Hmac-Sha256": "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=",
				"X-Shopify-Topic": "products/create", "X-Shopify-Webhook-Id": "123456789",
				"X-Shopify-Shop-Domain": "shop1.myshopify.io", "X-Shopify-API-Version": "2023-01"},
			body:      `{"foo": "bar"}`,
			want:      Delivery{Scheme: Shopify, ID: "123456789", Kind: "products/create"},
			sigHeader: "X-Shopify-Hmac-Sha256",
		},
	}
}

func (vc vector) request() Request {
	h := http.Header{}
	for k, v := range vc.header {
		h.Set(k, v)
	}
	return Request{Header: h, Body: []byte(vc.body)}
}

func (vc vector) verifier(t *testing.T) *Verifier {
	t.Helper()
	v, err := New(Config{Scheme: vc.scheme, Secrets: []string{vc.secret}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func checkDelivery(t *testing.T, got Delivery, want Delivery, body string) {
	t.Helper()
	if got.Scheme != want.Scheme || got.ID != want.ID || got.IDSigned != want.IDSigned || got.Kind != want.Kind ||
		!got.Timestamp.Equal(want.Timestamp) || got.Challenge != want.Challenge || string(got.Body) != body {
		t.Errorf("delivery = %+v\nwant       %+v", got, want)
	}
}

// TestSendersOwnExamplesVerify: every sender's published example verifies to
// the exact id, kind and timestamp.
func TestSendersOwnExamplesVerify(t *testing.T) {
	for _, vc := range vectors() {
		t.Run(vc.name, func(t *testing.T) {
			d, err := vc.verifier(t).Verify(vc.request(), vc.now)
			if vc.wantErr != nil {
				var e *Error
				if !errors.Is(err, vc.wantErr) || !errors.As(err, &e) || !e.Authenticated() || Status(err) != http.StatusBadRequest {
					t.Fatalf("err = %v, want an authenticated %v (400)", err, vc.wantErr)
				}
			} else if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			checkDelivery(t, d, vc.want, vc.body)
		})
	}
}

// TestSignReproducesSendersOwnExamples: Sign makes the very signature of
// each example.
func TestSignReproducesSendersOwnExamples(t *testing.T) {
	for _, vc := range vectors() {
		t.Run(vc.name, func(t *testing.T) {
			now := vc.want.Timestamp
			id, kind := "", ""
			if !vc.want.IDSigned || vc.scheme == Standard {
				id = vc.want.ID
			}
			if !vc.want.IDSigned {
				kind = vc.want.Kind
			}
			got, err := Sign(vc.scheme, vc.secret, []byte(vc.body), id, kind, now)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := got.Get(vc.sigHeader), vc.header[vc.sigHeader]; g != w {
				t.Errorf("%s = %s, want %s", vc.sigHeader, g, w)
			}
			if vc.tsHeader != "" && vc.tsHeader != "t=" {
				if g, w := got.Get(vc.tsHeader), vc.header[vc.tsHeader]; g != w {
					t.Errorf("%s = %s, want %s", vc.tsHeader, g, w)
				}
			}
			// And what Sign makes verifies to the same delivery.
			d, err := vc.verifier(t).Verify(Request{Header: got, Body: []byte(vc.body)}, vc.now)
			if vc.wantErr != nil && !errors.Is(err, vc.wantErr) || vc.wantErr == nil && err != nil {
				t.Fatalf("Verify(Sign(...)) = %v", err)
			}
			checkDelivery(t, d, vc.want, vc.body)
		})
	}
}
