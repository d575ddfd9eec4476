package webhooks

import (
	"encoding/base64"
	"time"
)

// Shopify (https://shopify.dev/docs/apps/build/webhooks/subscribe/https and
// https://shopify.dev/docs/apps/build/webhooks/delivery-structure#headers).
const (
	// "Each webhook includes a base64-encoded X-Shopify-Hmac-SHA256 field
	// in the payload header, which is generated using the app's client
	// secret along with the data sent in the request." No timestamp is signed.
	shopifySignatureHeader = "X-Shopify-Hmac-Sha256"
	// "Get the event ID from the headers. This is the X-Shopify-Event-Id
	// header and the same value across more than one webhook indicates a
	// duplicate" (https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates).
	shopifyEventIDHeader = "X-Shopify-Event-Id"
	// X-Shopify-Webhook-Id identifies the webhook and is the same on its
	// retries; older API versions send only this one, so it is the fallback.
	shopifyWebhookIDHeader = "X-Shopify-Webhook-Id"
	// X-Shopify-Topic is the webhook topic, e.g. orders/create.
	shopifyTopicHeader = "X-Shopify-Topic"
	// X-Shopify-Triggered-At is when the event happened (unsigned; set by Sign
	// only to look like Shopify).
	shopifyTriggeredAtHeader = "X-Shopify-Triggered-At"
)

func (v *Verifier) verifyShopify(h Header, body []byte) (Delivery, error) {
	header := h.Get(shopifySignatureHeader)
	if header == "" {
		return Delivery{}, fail(v.scheme, ErrMissingHeader, shopifySignatureHeader, "")
	}
	sig, ok := base64Signature(header)
	if !ok {
		return Delivery{}, fail(v.scheme, ErrMalformed, shopifySignatureHeader, "not the base64 of 32 bytes")
	}
	if !v.match([][]byte{sig}, body) {
		return Delivery{}, fail(v.scheme, ErrNoMatch, shopifySignatureHeader, "")
	}
	d := Delivery{Scheme: v.scheme, ID: h.Get(shopifyEventIDHeader), Kind: h.Get(shopifyTopicHeader), Body: body}
	idWhere := shopifyEventIDHeader
	if d.ID == "" {
		d.ID, idWhere = h.Get(shopifyWebhookIDHeader), shopifyEventIDHeader+" (or "+shopifyWebhookIDHeader+")"
	}
	return v.finish(d, idWhere, shopifyTopicHeader)
}

func signShopify(key []byte, body []byte, id, kind string, now time.Time) map[string]string {
	return map[string]string{
		shopifySignatureHeader:   base64.StdEncoding.EncodeToString(mac(key, body)),
		shopifyEventIDHeader:     id,
		shopifyWebhookIDHeader:   id,
		shopifyTopicHeader:       kind,
		shopifyTriggeredAtHeader: now.UTC().Format(time.RFC3339Nano),
		"Content-Type":           "application/json",
	}
}
