package webhook

import (
	"time"
)

const (
	// DefaultReceiverPackage is the kit's receiver workload.
	DefaultReceiverPackage = "github.com/groundwork-iac/groundwork/workloads/jobs/receiver"
	// Timeout of the receiver Lambda: receivers must ack fast, no later than
	// senders give up and retry (SenderTimeout; the webhook ladder checks it).
	Timeout = 10 * time.Second
	// IntegrationTimeout is API Gateway's wait for the receiver: equal to
	// Timeout, so the gateway never answers 504 while the receiver still works.
	IntegrationTimeout = Timeout
	// SenderTimeout is how long common senders wait (GitHub: 10 s,
	// docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks).
	SenderTimeout = 10 * time.Second
	// AlarmWindow is the period the 5xx and 4xx alarms count over.
	AlarmWindow = 5 * time.Minute
	// Alarm5xxBurst: five failed deliveries in five minutes is a receiver
	// problem, not one unlucky request.
	Alarm5xxBurst = 5
	// Alarm4xxBurst: fifty refused deliveries in five minutes is a key
	// mismatch or a probe, not one sender's mistake.
	Alarm4xxBurst = 50
	// MaxPathBytes bounds the route's path: no webhook path needs more.
	MaxPathBytes = 128
	// MaxTolerance: a replay window longer than an hour protects little.
	MaxTolerance = time.Hour
	// MaxEndpoints bounds the senders of one ingress; each is a function.
	MaxEndpoints = 20
	// MaxSecrets bounds one endpoint's secrets: a rotation lists two.
	MaxSecrets = 5
	// DefaultThrottleRate and DefaultThrottleBurst cap requests per second
	// at the gateway, so a flood is refused before it costs Lambda time.
	DefaultThrottleRate  = 50.0
	DefaultThrottleBurst = 100
	// AccessLogRetentionDays for the gateway's access logs.
	AccessLogRetentionDays = 30
	// PayloadFormat 2.0 is the HTTP API's simpler event shape.
	PayloadFormat = "2.0"
	// APIGatewayPrincipal invokes the receiver.
	APIGatewayPrincipal = "apigateway.amazonaws.com"
)

// accessLogFormat is one JSON object per request.
const accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime",` +
	`"httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","responseLength":"$context.responseLength",` +
	`"integrationLatency":"$context.integrationLatency","integrationError":"$context.integrationErrorMessage"}`

const (
	suffixKey         = "-signing-key"
	suffixReceiver    = "-receiver"
	suffixAPI         = "-api"
	suffixIntegration = "-integration"
	suffixRoute       = "-route"
	suffixStage       = "-stage"
	suffixAccessLogs  = "-access-logs"
	suffixPermission  = "-invoke-permission"
	suffixAlarm5xx    = "-5xx"
	suffixAlarm4xx    = "-4xx"
)
