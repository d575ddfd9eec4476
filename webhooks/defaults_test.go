package webhooks_test

import (
	"testing"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/webhooks"
)

// The package's default body limit is the receiver's: the same number, kept
// in two places because this package imports nothing of the kit.
func TestDefaultMaxBodyBytesIsTheReceivers(t *testing.T) {
	if webhooks.DefaultMaxBodyBytes != workloadenv.DefaultWebhookMaxBodyBytes {
		t.Errorf("webhooks.DefaultMaxBodyBytes = %d, workloadenv.DefaultWebhookMaxBodyBytes = %d",
			webhooks.DefaultMaxBodyBytes, workloadenv.DefaultWebhookMaxBodyBytes)
	}
}
