// Package webhook is a public HTTPS endpoint that accepts signed webhooks and
// turns each one into a job on a queue, answering 202 fast.
//
// An API Gateway HTTP API (one POST route, throttled, with JSON access logs)
// invokes a receiver Lambda (the kit's workloads/jobs/receiver by default)
// that verifies an HMAC-SHA256 signature over timestamp + "." + body with a
// signing key held in Secrets Manager, rejects stale timestamps (replay),
// caps the body size, and enqueues the job with request_id, traceparent and
// an idempotency key derived from the signed body as message attributes. Only API Gateway, from this API's route, may invoke
// the receiver; the receiver may only send to the queue and read its key.
//
// The receiver's timeouts are kit constants checked as a ladder: enqueue <
// handler deadline < Lambda timeout <= integration timeout <= the sender's
// own timeout (SenderTimeout).
package webhook
