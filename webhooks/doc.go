// Package webhooks verifies webhooks from real senders: Standard Webhooks,
// Stripe, GitHub, Slack and Shopify, each by its own published rules (cited
// next to each rule), and signs requests the same way for tests.
//
// One endpoint is one sender with one [Scheme] and a list of secrets; list
// the old and the new secret during a rotation:
//
//	v, err := webhooks.New(webhooks.Config{Scheme: webhooks.Stripe, Secrets: []string{oldSecret, newSecret}})
//	d, err := v.Verify(webhooks.Request{Header: r.Header, Body: body}, time.Now())
//	if err != nil {
//		http.Error(w, "invalid webhook", webhooks.Status(err)) // 401, 413 or 400
//		return
//	}
//	// d.ID is the sender's event id (the idempotency key), d.Kind the job kind.
//
// Verification checks the body size before any decoding, then the headers,
// every signature in the request against every secret in constant time, the
// signed timestamp (where the scheme signs one) against the sender's window
// with only [MaxFutureSkew] into the future, and last the id and the kind.
// Every failure is an [*Error] wrapping one of the Err* values; none of
// their messages holds a secret, a signature, or more than a short excerpt
// of what the request carried.
//
// Stripe and Standard Webhooks both print secrets that start with "whsec_",
// and they mean different keys: Standard Webhooks decodes the base64 after
// the prefix, Stripe keys the HMAC with the whole string. [Config.Secrets]
// holds each as its sender prints it; the scheme decides.
//
// [CheckSecret] is the plan-time check of a secret's form and strength.
//
// The package imports the standard library only.
package webhooks
