package webhooks

import (
	"errors"
	"strings"
	"testing"
)

// oneByte returns s with the byte at i replaced by a different byte of the
// same alphabet (hex digit, base64 character or digit), so only the value
// changes, not its form.
func oneByte(s string, i int) string {
	c := s[i]
	var r byte
	switch {
	case c == '9':
		r = '8'
	case c >= '0' && c < '9':
		r = c + 1
	case c == 'f' || c == 'z' || c == 'Z':
		r = c - 1
	case c >= 'a' && c < 'z', c >= 'A' && c < 'Z':
		r = c + 1
	case c == '+':
		r = '/'
	default:
		r = '+'
	}
	return s[:i] + string(r) + s[i+1:]
}

// TestOneByteChangesFail: for every sender's example, changing one byte of
// the body, of the signature or of the signed timestamp fails with
// ErrNoMatch: the signature covers all three.
func TestOneByteChangesFail(t *testing.T) {
	for _, vc := range vectors() {
		t.Run(vc.name, func(t *testing.T) {
			v := vc.verifier(t)
			// The unchanged request passes the signature check; only the
			// change below makes it fail.
			if _, err := v.Verify(vc.request(), vc.now); !errors.Is(err, vc.wantErr) && !(vc.wantErr == nil && err == nil) {
				t.Fatalf("unchanged: %v", err)
			}
			verify := func(what string, mutate func(*vector)) {
				t.Helper()
				m := vc
				m.header = map[string]string{}
				for k, val := range vc.header {
					m.header[k] = val
				}
				mutate(&m)
				_, err := v.Verify(m.request(), vc.now)
				if !errors.Is(err, ErrNoMatch) {
					t.Errorf("%s changed by one byte: err = %v, want %v", what, err, ErrNoMatch)
				}
			}
			for _, i := range []int{0, len(vc.body) / 2, len(vc.body) - 1} {
				verify("body", func(m *vector) { m.body = oneByte(m.body, i) })
			}
			sig := vc.header[vc.sigHeader]
			// 20 from the end is inside every digest and never base64 padding.
			verify("signature", func(m *vector) { m.header[vc.sigHeader] = oneByte(sig, len(sig)-20) })
			switch vc.tsHeader {
			case "":
			case "t=":
				comma := strings.Index(sig, ",")
				verify("signed timestamp", func(m *vector) { m.header[vc.sigHeader] = oneByte(sig, comma-1) })
			default:
				ts := vc.header[vc.tsHeader]
				verify("signed timestamp", func(m *vector) { m.header[vc.tsHeader] = oneByte(ts, len(ts)-1) })
			}
		})
	}
}
