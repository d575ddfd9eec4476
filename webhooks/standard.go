package webhooks

import (
	"encoding/base64"
	"strings"
	"time"
)

// Standard Webhooks 1.0
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
const (
	// "webhook-id: the unique webhook identifier"; "the same no matter how
	// many times a webhook that has failed is retried" (Webhook metadata).
	standardIDHeader = "webhook-id"
	// "webhook-timestamp: integer unix timestamp (seconds since epoch)".
	standardTimestampHeader = "webhook-timestamp"
	// "webhook-signature: ... a space delimited list of signatures", each
	// "v1," + base64 for the symmetric scheme (Webhook headers).
	standardSignatureHeader = "webhook-signature"
	// standardVersion identifies an HMAC-SHA256 signature; others (v1a,
	// ed25519) are skipped.
	standardVersion = "v1"
)

func (v *Verifier) verifyStandard(h Header, body []byte, now time.Time) (Delivery, error) {
	id, tsText, sigs := h.Get(standardIDHeader), h.Get(standardTimestampHeader), h.Get(standardSignatureHeader)
	for _, hv := range [...][2]string{{standardIDHeader, id}, {standardTimestampHeader, tsText}, {standardSignatureHeader, sigs}} {
		if hv[1] == "" {
			return Delivery{}, fail(v.scheme, ErrMissingHeader, hv[0], "")
		}
	}
	ts, ok := parseUnix(tsText)
	if !ok {
		return Delivery{}, fail(v.scheme, ErrMalformed, standardTimestampHeader, "not a unix time in seconds: "+excerpt(tsText))
	}
	candidates := standardSignatures(sigs)
	if len(candidates) == 0 {
		return Delivery{}, fail(v.scheme, ErrNoMatch, standardSignatureHeader, `no "v1,<base64 of 32 bytes>" entry`)
	}
	// "The content to be signed is therefore: msg_id.timestamp.payload"
	// (Signature scheme).
	if !v.match(candidates, []byte(id), dot, []byte(tsText), dot, body) {
		return Delivery{}, fail(v.scheme, ErrNoMatch, standardSignatureHeader, "")
	}
	t, err := v.window(standardTimestampHeader, ts, now)
	if err != nil {
		return Delivery{}, err
	}
	d := Delivery{Scheme: v.scheme, ID: id, IDSigned: true, Timestamp: t, Body: body}
	kind, err := standardKind(v.scheme, body)
	if err != nil {
		return d, err
	}
	d.Kind = kind
	return v.finish(d, standardIDHeader, bodyField("type"))
}

// standardKind is the body's "type": "a full-stop delimited type associated
// with the event" (Payload structure, the spec's recommendation).
func standardKind(s Scheme, body []byte) (string, error) {
	obj, ok := jsonObject(body)
	if !ok {
		return "", fail(s, ErrBadPayload, "body", `not a JSON object, so no "type" field names the event (the spec's recommended payload structure)`)
	}
	kind, err := stringField(obj, "type")
	if err != nil {
		return "", fail(s, ErrBadKind, bodyField("type"), err.Error())
	}
	return kind, nil
}

// standardSignatures returns the decodable v1 signatures of a
// webhook-signature header; entries of other versions, and v1 entries that
// are not the base64 of 32 bytes, are skipped.
func standardSignatures(header string) [][]byte {
	var out [][]byte
	for _, entry := range strings.Split(header, " ") {
		version, sig, ok := strings.Cut(entry, ",")
		if !ok || version != standardVersion {
			continue
		}
		if b, ok := base64Signature(sig); ok {
			out = append(out, b)
		}
	}
	return out
}

func signStandard(key []byte, body []byte, id string, now time.Time) map[string]string {
	ts := unixText(now)
	sum := mac(key, []byte(id), dot, []byte(ts), dot, body)
	return map[string]string{
		standardIDHeader:        id,
		standardTimestampHeader: ts,
		standardSignatureHeader: standardVersion + "," + base64.StdEncoding.EncodeToString(sum),
		"Content-Type":          "application/json",
	}
}

var dot = []byte{'.'}
