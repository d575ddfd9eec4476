package webhooks

import "time"

// Timestamp windows, for the schemes that sign a timestamp. Each is the
// sender's own documented (or reference-library) window.
const (
	// StandardTolerance: 5 minutes, the window of the Standard Webhooks
	// reference library (libraries/go/webhook.go: tolerance = 5 * time.Minute,
	// https://github.com/standard-webhooks/standard-webhooks/blob/main/libraries/go/webhook.go);
	// the spec asks for "some allowable tolerance" without a number
	// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#verifying-signatures).
	StandardTolerance = 5 * time.Minute
	// StripeTolerance: 5 minutes, "a default tolerance of five minutes between
	// the timestamp and the current time" (https://docs.stripe.com/webhooks#verify-manually;
	// stripe-go webhook/client.go: DefaultTolerance = 300 * time.Second).
	StripeTolerance = 5 * time.Minute
	// SlackTolerance: 5 minutes; Slack: reject a request whose
	// X-Slack-Request-Timestamp is "more than five minutes from local time"
	// (https://docs.slack.dev/authentication/verifying-requests-from-slack).
	SlackTolerance = 5 * time.Minute

	// MaxFutureSkew is how far into the future a signed timestamp may be.
	// Senders and AWS Lambda keep NTP-synchronised clocks, well under a second
	// apart; 30 s absorbs a drifting clock without granting a future-dated
	// request a replay window as long as the whole tolerance (the reference
	// libraries of Standard Webhooks allow the full tolerance both ways).
	MaxFutureSkew = 30 * time.Second
)

// Bounds on what a verified delivery may carry. They protect the queue, the
// logs and the worker's routing from whatever a sender (or a bug in one)
// puts in a signed body or an unsigned header.
const (
	// MaxKindLength bounds a job kind. The longest kinds senders publish are
	// under 64 characters (Stripe "v1.billing.meter.error_report_triggered").
	MaxKindLength = 128
	// MaxIDLength bounds a sender's event or delivery id. Real ids are 10 to
	// 60 characters (Slack "Ev08MFMKH6", GitHub GUIDs, Slack trigger ids).
	MaxIDLength = 128
	// MaxChallengeLength bounds the Slack url_verification challenge the
	// receiver echoes back (Slack's are about 50 characters).
	MaxChallengeLength = 256
	// DefaultMaxBodyBytes: 256 KiB, the classic SQS message limit the jobs
	// blueprint queues into (the receiver's own default is the same number).
	DefaultMaxBodyBytes = 256 * 1024
)

// Minimum secret lengths checked at plan time by [CheckSecret].
const (
	// standardMinKeyBytes and standardMaxKeyBytes: "Random. Between 24 bytes
	// (192 bits) and 64 bytes (512 bits)" (Standard Webhooks 1.0, "Signature
	// scheme", symmetric signing secret).
	standardMinKeyBytes = 24
	standardMaxKeyBytes = 64
	// minSecretChars is the floor for secrets the user chooses (GitHub) or
	// that the sender issues at this length or longer: Slack's signing
	// secrets are 32 hexadecimal characters (the docs' own example
	// 8f742231b10e8888abcd99yyyzzz85a5 has 32), Shopify's client secrets are
	// 32 characters or more.
	minSecretChars = 32
	// stripeMinSecretChars counts the characters after "whsec_". Stripe
	// publishes no length; the endpoint secrets its Dashboard and
	// `stripe listen` hand out carry 32 or more.
	stripeMinSecretChars = 32
)
