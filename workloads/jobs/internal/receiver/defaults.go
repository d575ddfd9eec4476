package receiver

import (
	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
)

// Defaults when a variable is unset; the values and their reasons live in
// workloadenv, shared with the component that sets them.
const (
	// MaxMessageBytes is SQS's message limit, body and attributes together.
	MaxMessageBytes = awslimits.SQSMaxMessageBytes
	// DefaultKind is the job kind when the sender sets no X-Webhook-Event.
	DefaultKind = "webhook"
)

// tracerName names the receiver's tracer.
const tracerName = "github.com/groundwork-iac/groundwork/workloads/jobs/internal/receiver"
