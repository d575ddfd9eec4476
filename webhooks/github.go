package webhooks

import (
	"encoding/hex"
	"strings"
)

// GitHub (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
// and https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers).
const (
	// "The hash signature will appear in each delivery as the value of the
	// X-Hub-Signature-256 header"; "GitHub uses an HMAC hex digest"; "The
	// hash signature always starts with sha256=" and covers the payload only:
	// GitHub signs no timestamp.
	githubSignatureHeader = "X-Hub-Signature-256"
	githubSignaturePrefix = "sha256="
	// "X-GitHub-Delivery: A globally unique identifier (GUID) to identify the
	// event"; "If you request a redelivery, the X-GitHub-Delivery header will
	// be the same as in the original delivery" (best practices).
	githubDeliveryHeader = "X-GitHub-Delivery"
	// "X-GitHub-Event: The name of the event that triggered the delivery."
	githubEventHeader = "X-GitHub-Event"
)

func (v *Verifier) verifyGitHub(h Header, body []byte) (Delivery, error) {
	header := h.Get(githubSignatureHeader)
	if header == "" {
		return Delivery{}, fail(v.scheme, ErrMissingHeader, githubSignatureHeader, "")
	}
	digest, ok := strings.CutPrefix(header, githubSignaturePrefix)
	if !ok {
		return Delivery{}, fail(v.scheme, ErrMalformed, githubSignatureHeader, `does not start with "sha256="`)
	}
	sig, ok := hexSignature(digest)
	if !ok {
		return Delivery{}, fail(v.scheme, ErrMalformed, githubSignatureHeader, "not 64 hex digits after \"sha256=\"")
	}
	if !v.match([][]byte{sig}, body) {
		return Delivery{}, fail(v.scheme, ErrNoMatch, githubSignatureHeader, "")
	}
	d := Delivery{Scheme: v.scheme, ID: h.Get(githubDeliveryHeader), Kind: h.Get(githubEventHeader), Body: body}
	return v.finish(d, githubDeliveryHeader, githubEventHeader)
}

func signGitHub(key []byte, body []byte, id, kind string) map[string]string {
	return map[string]string{
		githubSignatureHeader: githubSignaturePrefix + hex.EncodeToString(mac(key, body)),
		githubDeliveryHeader:  id,
		githubEventHeader:     kind,
		"Content-Type":        "application/json",
	}
}
