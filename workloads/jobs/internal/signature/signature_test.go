package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSignMatchesWireFormat(t *testing.T) {
	key, body := []byte("k"), []byte(`{"a":1}`)
	ts := time.Unix(1700000000, 0)
	m := hmac.New(sha256.New, key)
	m.Write([]byte("1700000000." + string(body)))
	want := "sha256=" + hex.EncodeToString(m.Sum(nil))
	if got := Sign(key, ts, body); got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	key := []byte("whsec_test")
	body := []byte(`{"event":"paid"}`)
	now := time.Unix(1700000000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	good := Sign(key, now, body)
	at := func(d time.Duration) (string, string) {
		t := now.Add(d)
		return strconv.FormatInt(t.Unix(), 10), Sign(key, t, body)
	}
	oldTS, oldSig := at(-6 * time.Minute)
	futTS, futSig := at(6 * time.Minute)
	edgeTS, edgeSig := at(-5 * time.Minute)

	tests := []struct {
		name      string
		key       []byte
		ts, sig   string
		body      []byte
		tolerance time.Duration
		want      error
	}{
		{"valid", key, ts, good, body, 0, nil},
		{"valid at the tolerance edge", key, edgeTS, edgeSig, body, 5 * time.Minute, nil},
		{"no key", nil, ts, good, body, 0, ErrNoKey},
		{"missing timestamp", key, "", good, body, 0, ErrMissing},
		{"missing signature", key, ts, "", body, 0, ErrMissing},
		{"timestamp not a number", key, "yesterday", good, body, 0, ErrMalformed},
		{"signed timestamp", key, "+" + ts, good, body, 0, ErrMalformed},
		{"timestamp too long", key, strings.Repeat("9", 20), good, body, 0, ErrMalformed},
		{"no prefix", key, ts, strings.TrimPrefix(good, "sha256="), body, 0, ErrMalformed},
		{"wrong algorithm", key, ts, "sha1=" + strings.TrimPrefix(good, "sha256="), body, 0, ErrMalformed},
		{"not hex", key, ts, "sha256=" + strings.Repeat("z", 64), body, 0, ErrMalformed},
		{"short", key, ts, good[:20], body, 0, ErrMalformed},
		{"stale", key, oldTS, oldSig, body, 0, ErrStale},
		{"future", key, futTS, futSig, body, 0, ErrStale},
		{"stale under a tight tolerance", key, edgeTS, edgeSig, body, time.Minute, ErrStale},
		{"body changed", key, ts, good, []byte(`{"event":"refunded"}`), 0, ErrMismatch},
		{"other key", []byte("other"), ts, good, body, 0, ErrMismatch},
		{"timestamp swapped", key, strconv.FormatInt(now.Unix()+1, 10), good, body, 0, ErrMismatch},
		{"upper-case hex", key, ts, "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256=")), body, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.key, tt.ts, tt.sig, tt.body, now, tt.tolerance)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}
