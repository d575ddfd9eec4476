package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
)

// mac is HMAC-SHA256(key, parts...), the primitive of every scheme here.
func mac(key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// match reports whether any candidate signature equals the MAC of parts
// under any of the verifier's keys, comparing in constant time (hmac.Equal).
func (v *Verifier) match(candidates [][]byte, parts ...[]byte) bool {
	found := false
	for _, key := range v.keys {
		want := mac(key, parts...)
		for _, c := range candidates {
			if hmac.Equal(c, want) {
				found = true
			}
		}
	}
	return found
}

// maxTimestampDigits keeps ParseInt in range; unix seconds need 10 digits
// until the year 2286.
const maxTimestampDigits = 12

// parseUnix reads a unix time in seconds written as decimal digits only (no
// sign, space or exponent), so a signed timestamp string has one reading.
func parseUnix(s string) (int64, bool) {
	if s == "" || len(s) > maxTimestampDigits {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	ts, err := strconv.ParseInt(s, 10, 64)
	return ts, err == nil
}

// hexSignature decodes a hex-encoded HMAC-SHA256.
func hexSignature(s string) ([]byte, bool) {
	if len(s) != hex.EncodedLen(sha256.Size) {
		return nil, false
	}
	b, err := hex.DecodeString(s)
	return b, err == nil
}

// base64Signature decodes a standard-base64 HMAC-SHA256 (44 characters,
// padded).
func base64Signature(s string) ([]byte, bool) {
	if len(s) != base64.StdEncoding.EncodedLen(sha256.Size) {
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil && len(b) == sha256.Size
}

// jsonObject parses body as one JSON object.
func jsonObject(body []byte) (map[string]json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return nil, false
	}
	return obj, true
}

// stringField returns obj[name] when it is a JSON string, "" when it is
// absent or null, and an error when it is anything else.
func stringField(obj map[string]json.RawMessage, name string) (string, error) {
	raw, ok := obj[name]
	if !ok || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("not a JSON string")
	}
	return s, nil
}

// bodyField names a body field in error messages.
func bodyField(name string) string { return "body field " + strconv.Quote(name) }
