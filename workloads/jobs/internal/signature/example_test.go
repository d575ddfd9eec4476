package signature_test

import (
	"fmt"
	"strconv"
	"time"

	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/signature"
)

// A sender signs the body with the shared key and sends the timestamp and
// signature headers; the receiver verifies them against its clock.
func ExampleSign() {
	key := []byte("whsec_example")
	body := []byte(`{"invoice":7}`)
	sent := time.Unix(1700000000, 0)

	timestamp := strconv.FormatInt(sent.Unix(), 10) // X-Webhook-Timestamp
	sig := signature.Sign(key, sent, body)          // X-Webhook-Signature

	received := sent.Add(2 * time.Second)
	fmt.Println(signature.Verify(key, timestamp, sig, body, received, signature.DefaultTolerance))
	fmt.Println(signature.Verify(key, timestamp, sig, body, sent.Add(time.Hour), signature.DefaultTolerance))
	// Output:
	// <nil>
	// signature: timestamp outside the tolerance (stale, future or replayed)
}
