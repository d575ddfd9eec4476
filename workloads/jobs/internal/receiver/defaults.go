package receiver

import (
	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
)

// Defaults when a variable is unset; the values and their reasons live in
// workloadenv, shared with the component that sets them.
const (
	// MaxMessageBytes is SQS's message limit, body and attributes together.
	MaxMessageBytes = awslimits.SQSMaxMessageBytes
	// ReservedKindPrefix starts the kinds of the kit's own jobs
	// (workloadenv.KeyRetentionKind): a webhook of such a kind is refused
	// (400), so no sender can start the kit's maintenance.
	ReservedKindPrefix = "groundwork-"
)

// tracerName names the receiver's tracer.
const tracerName = "github.com/groundwork-iac/groundwork/workloads/jobs/internal/receiver"
