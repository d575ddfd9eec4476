// Package signature signs and verifies webhook requests.
//
// The wire format is fixed in components/workloadenv: the sender puts its unix
// time in seconds in the X-Webhook-Timestamp header and
// "sha256=" + hex(HMAC-SHA256(key, timestamp + "." + body)) in the
// X-Webhook-Signature header. Binding the timestamp into the MAC, and
// rejecting timestamps far from now, stops a captured request from being
// replayed later.
package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// DefaultTolerance is how far a timestamp may be from the receiver's clock
// (see workloadenv.DefaultWebhookTolerance).
const DefaultTolerance = workloadenv.DefaultWebhookTolerance

// Verification errors. Each is distinct so the receiver can log why a request
// was refused; the caller gets the same 401 for all of them.
var (
	ErrNoKey     = errors.New("signature: no signing key configured")
	ErrMissing   = errors.New("signature: timestamp or signature header missing")
	ErrMalformed = errors.New("signature: timestamp or signature header malformed")
	ErrStale     = errors.New("signature: timestamp outside the tolerance (stale, future or replayed)")
	ErrMismatch  = errors.New("signature: signature does not match")
)

// Sign returns the X-Webhook-Signature value for body sent at ts.
func Sign(key []byte, ts time.Time, body []byte) string {
	return workloadenv.SignaturePrefix + hex.EncodeToString(mac(key, strconv.FormatInt(ts.Unix(), 10), body))
}

// Verify checks the timestamp and signature header values for body. A
// tolerance of zero or less means DefaultTolerance. The signature is compared
// in constant time.
func Verify(key []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	if len(key) == 0 {
		return ErrNoKey
	}
	if timestamp == "" || signature == "" {
		return ErrMissing
	}
	ts, ok := parseUnix(timestamp)
	if !ok {
		return ErrMalformed
	}
	hexSig, ok := strings.CutPrefix(signature, workloadenv.SignaturePrefix)
	if !ok || len(hexSig) != 2*sha256.Size {
		return ErrMalformed
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return ErrMalformed
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if skew := now.Sub(time.Unix(ts, 0)).Abs(); skew > tolerance {
		return ErrStale
	}
	if !hmac.Equal(got, mac(key, timestamp, body)) {
		return ErrMismatch
	}
	return nil
}

// maxTimestampDigits keeps ParseInt within range; unix seconds need 10 digits
// until the year 2286.
const maxTimestampDigits = 12

// parseUnix accepts only decimal digits: no sign, no spaces, no exponent, so
// that a signed timestamp string has exactly one reading.
func parseUnix(s string) (int64, bool) {
	if len(s) > maxTimestampDigits {
		return 0, false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	ts, err := strconv.ParseInt(s, 10, 64)
	return ts, err == nil
}

func mac(key []byte, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}
