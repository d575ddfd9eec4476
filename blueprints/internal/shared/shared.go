// Package shared holds what every blueprint's prepare step does the same
// way: the telemetry settings of a workload from the stack's config, the
// blueprint's tags, the warning when no OTLP endpoint is set, and the
// fallback of a zero value to its default.
package shared

import (
	"strings"

	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/notify"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Telemetry is one workload's telemetry settings from groundwork:telemetry;
// the stack is the deployment environment.
func Telemetry(s stackconfig.Settings, service string) telemetry.Settings {
	return telemetry.Settings{ServiceName: service, Endpoint: s.Telemetry.OTLPEndpoint, SampleRatio: s.Telemetry.SampleRatio,
		Environment: s.Stack, LogLevel: s.Telemetry.LogLevel}
}

// CheckTelemetry reports groundwork:telemetry's problems once, under its
// key, the OTLP headers (a secret) by form only.
func CheckTelemetry(s stackconfig.Settings, into *problem.List) {
	t := Telemetry(s, "checked")
	key := stackconfig.Key(stackconfig.KeyTelemetry)
	into.Extend(key, t.Check())
	if h := s.Telemetry.OTLPHeaders; h.IsSet() && !h.Opaque() {
		into.Extend(key, telemetry.CheckHeaders(h.Reveal()))
	}
}

// Tags mark every resource of a blueprint with its name.
func Tags(blueprint string) map[string]string { return map[string]string{"blueprint": blueprint} }

// NoEndpointWarning is the plan's warning when spans have nowhere to go;
// still says what works without them.
func NoEndpointWarning(s stackconfig.Settings, still string) []budgets.Finding {
	if s.Telemetry.OTLPEndpoint != "" {
		return nil
	}
	return []budgets.Finding{{Severity: budgets.Warning, Budget: "telemetry", Knob: stackconfig.KnobTelemetryOTLPEndpoint,
		Message: "no OTLP endpoint: spans are not exported (" + still + "); set " + stackconfig.KnobTelemetryOTLPEndpoint}}
}

// Prefix is where a blueprint's problems of a config section are reported.
func Prefix(knob string) string { return stackconfig.Key(knob) }

// CheckEmails reports groundwork:alerts.emails that are not addresses.
func CheckEmails(s stackconfig.Settings, into *problem.List) {
	into.Extend("", notify.CheckEmails(stackconfig.Key(stackconfig.KnobAlertsEmails), s.Alerts.Emails))
}

// NoDestinationWarning is the plan's warning when a blueprint's alerts
// would notify no one; others names the cloud's own destination key.
func NoDestinationWarning(what string, others ...string) budgets.Finding {
	keys := append([]string{stackconfig.KnobAlertsEmails}, others...)
	return budgets.Finding{Severity: budgets.Warning, Budget: "alerts", Knob: stackconfig.KnobAlertsEmails,
		Message: "no alert destination: " + what + " notify no one; set " + strings.Join(keys, " or ")}
}
