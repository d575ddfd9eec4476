package cfalerts

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

const account = "0123456789abcdef0123456789abcdef"

func run(t *testing.T, a Args) *pulumitest.Graph {
	t.Helper()
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "edge-alerts", a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestIncidentPolicy(t *testing.T) {
	g := run(t, Args{AccountID: account, Emails: []string{"oncall@example.com", "lead@example.com"}, Components: []string{"Workers", "Logs", "R2"}, Label: "groundwork edge-dev"})
	if got := g.ChildSet(g.Find(TypeToken, "edge-alerts")); !reflect.DeepEqual(got, []string{"cloudflare:index/notificationPolicy:NotificationPolicy edge-alerts-incidents"}) {
		t.Fatalf("children = %q", got)
	}
	want := map[string]any{
		"accountId":   account,
		"name":        "groundwork edge-dev: Cloudflare incidents",
		"description": "A major or critical Cloudflare incident on Workers, Logs, R2.",
		"alertType":   "incident_alert",
		"enabled":     true,
		"filters": map[string]any{"affectedComponents": []any{"Workers", "Logs", "R2"},
			"incidentImpacts": []any{"INCIDENT_IMPACT_MAJOR", "INCIDENT_IMPACT_CRITICAL"}},
		"emailIntegrations": []any{map[string]any{"id": "oncall@example.com"}, map[string]any{"id": "lead@example.com"}},
	}
	if got := g.Find("cloudflare:index/notificationPolicy:NotificationPolicy", "edge-alerts-incidents").Redacted(); !reflect.DeepEqual(got, want) {
		t.Errorf("policy =\n%v\nwant\n%v", got, want)
	}
}

func TestLogpushJobDisabledOnlyWhenAskedFor(t *testing.T) {
	g := run(t, Args{AccountID: account, Emails: []string{"oncall@example.com"}, Components: []string{"Workers"}, LogpushJobDisabled: true})
	p := g.Find("cloudflare:index/notificationPolicy:NotificationPolicy", "edge-alerts-logpush-disabled")
	if p == nil {
		t.Fatal("no Logpush policy")
	}
	want := map[string]any{
		"accountId": account, "name": "groundwork test: Logpush job disabled", "alertType": "failing_logpush_job_disabled_alert", "enabled": true,
		"description":       "Cloudflare disabled the Worker's Logpush job after it kept failing: its logs are no longer kept.",
		"emailIntegrations": []any{map[string]any{"id": "oncall@example.com"}},
	}
	if got := p.Redacted(); !reflect.DeepEqual(got, want) {
		t.Errorf("policy =\n%v\nwant\n%v", got, want)
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{Emails: []string{"ops"}}.Check().Strings(), "\n")
	want := "accountId is required: the Cloudflare account id (dashboard, Workers & Pages, right column)\n" +
		`emails[0] must be an email address such as oncall@example.com, got "ops"` + "\n" +
		"components are required: the Cloudflare components whose incidents matter"
	if got != want {
		t.Errorf("Check() =\n%s\nwant\n%s", got, want)
	}
}
