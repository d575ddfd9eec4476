package receiver

import (
	"time"

	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/signature"
)

const (
	// DefaultPath is the route the receiver serves when WEBHOOK_PATH is unset.
	DefaultPath = "/webhook"
	// DefaultMaxBodyBytes is 256 KiB: SQS's long-standing message limit, and
	// more than any common webhook provider sends.
	DefaultMaxBodyBytes = 262144
	// DefaultTolerance is the replay window for signed timestamps.
	DefaultTolerance = signature.DefaultTolerance
	// DefaultHandlerTimeout sits below the receiver's 10 s Lambda timeout, so
	// the handler answers (503) before the platform kills it.
	DefaultHandlerTimeout = 8 * time.Second
	// DefaultEnqueueTimeout bounds one SendMessage call, leaving the handler
	// time to answer 503 when SQS is slow.
	DefaultEnqueueTimeout = 3 * time.Second
	// DefaultKind is the job kind when the sender sets no X-Webhook-Event.
	DefaultKind = "webhook"
)

// tracerName names the receiver's tracer.
const tracerName = "github.com/groundwork-iac/groundwork/workloads/jobs/internal/receiver"
