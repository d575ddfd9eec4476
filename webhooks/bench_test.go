package webhooks

import (
	"strings"
	"testing"
)

// BenchmarkVerify: one verification per scheme of a 4 KiB body, with two
// secrets configured (a rotation) and the request signed by the second.
//
//	go test ./webhooks -run '^$' -bench Verify -benchmem
func BenchmarkVerify(b *testing.B) {
	for _, s := range Schemes() {
		b.Run(string(s), func(b *testing.B) {
			body := testBody[s]
			body = body[:len(body)-1] + `,"pad":"` + strings.Repeat("x", 4096-len(body)-10) + `"}`
			v := verifier(b, s, testSecrets[s][0], testSecrets[s][1])
			r := signed(b, s, testSecrets[s][1], body, t0)
			if _, err := v.Verify(r, t0); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(r, t0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
