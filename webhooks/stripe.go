package webhooks

import (
	"encoding/hex"
	"strings"
	"time"
)

// Stripe (https://docs.stripe.com/webhooks#verify-manually).
const (
	// "The Stripe-Signature header included in each signed event contains a
	// timestamp and one or more signatures ... The timestamp is prefixed by
	// t=, and each signature is prefixed by a scheme. Schemes start with v,
	// followed by an integer. Currently, the only valid live signature scheme
	// is v1." Stripe adds a v0 signature to test events; a rolled secret adds
	// a second v1.
	stripeSignatureHeader = "Stripe-Signature"
	stripeTimestampKey    = "t"
	// stripeScheme is the only scheme verified; "To prevent downgrade
	// attacks, ignore all schemes that aren't v1."
	stripeScheme = "v1"
)

func (v *Verifier) verifyStripe(h Header, body []byte, now time.Time) (Delivery, error) {
	header := h.Get(stripeSignatureHeader)
	if header == "" {
		return Delivery{}, fail(v.scheme, ErrMissingHeader, stripeSignatureHeader, "")
	}
	tsText, candidates, problem := parseStripeHeader(header)
	if problem != "" {
		return Delivery{}, fail(v.scheme, ErrMalformed, stripeSignatureHeader, problem)
	}
	if len(candidates) == 0 {
		return Delivery{}, fail(v.scheme, ErrNoMatch, stripeSignatureHeader, "no v1 signature of 64 hex digits (v0 and other schemes are ignored)")
	}
	// "Concatenate the timestamp (as a string), the character '.', and the
	// actual JSON payload (that is, the request body)" = signed_payload.
	if !v.match(candidates, []byte(tsText), dot, body) {
		return Delivery{}, fail(v.scheme, ErrNoMatch, stripeSignatureHeader, "")
	}
	ts, _ := parseUnix(tsText) // parseStripeHeader checked it
	t, err := v.window(stripeSignatureHeader+" t", ts, now)
	if err != nil {
		return Delivery{}, err
	}
	d := Delivery{Scheme: v.scheme, IDSigned: true, Timestamp: t, Body: body}
	d.ID, d.Kind, err = stripeEvent(v.scheme, body)
	if err != nil {
		return d, err
	}
	return v.finish(d, bodyField("id"), bodyField("type"))
}

// parseStripeHeader splits "t=...,v1=...[,v1=...][,v0=...]" into the
// timestamp text and the decodable v1 signatures. A v1 value that is not 64
// hex digits is skipped, as Stripe's libraries do; the header is malformed
// when an element has no "=" or when t is missing, repeated or not a unix
// time.
func parseStripeHeader(header string) (ts string, sigs [][]byte, problem string) {
	seenT := false
	for _, element := range strings.Split(header, ",") {
		key, value, ok := strings.Cut(element, "=")
		if !ok {
			return "", nil, "element without \"=\": " + excerpt(element)
		}
		switch key {
		case stripeTimestampKey:
			if seenT {
				return "", nil, "more than one t="
			}
			if _, ok := parseUnix(value); !ok {
				return "", nil, "t is not a unix time in seconds: " + excerpt(value)
			}
			ts, seenT = value, true
		case stripeScheme:
			if b, ok := hexSignature(value); ok {
				sigs = append(sigs, b)
			}
		}
	}
	if !seenT {
		return "", nil, "no t= timestamp"
	}
	return ts, sigs, ""
}

// stripeEvent reads the event's "id" and "type" from the signed body, an
// Event object (https://docs.stripe.com/api/events/object).
func stripeEvent(s Scheme, body []byte) (id, kind string, err error) {
	obj, ok := jsonObject(body)
	if !ok {
		return "", "", fail(s, ErrBadPayload, "body", "not a JSON object (Stripe sends an Event object)")
	}
	if id, err = stringField(obj, "id"); err != nil {
		return "", "", fail(s, ErrBadID, bodyField("id"), err.Error())
	}
	if kind, err = stringField(obj, "type"); err != nil {
		return id, "", fail(s, ErrBadKind, bodyField("type"), err.Error())
	}
	return id, kind, nil
}

func signStripe(key []byte, body []byte, now time.Time) map[string]string {
	ts := unixText(now)
	return map[string]string{
		stripeSignatureHeader: stripeTimestampKey + "=" + ts + "," + stripeScheme + "=" + hex.EncodeToString(mac(key, []byte(ts), dot, body)),
		"Content-Type":        "application/json; charset=utf-8",
	}
}
