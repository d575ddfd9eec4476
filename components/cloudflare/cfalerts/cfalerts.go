// Package cfalerts makes what Cloudflare's notifications offer for a Worker
// reach a person, through notification policies with email integrations.
//
// What pulumi-cloudflare v5.49.1 and Cloudflare offer, and what this
// creates (developers.cloudflare.com/notifications/notification-available/):
//
//   - incident_alert, "Incident Alerts", on all Cloudflare plans: Cloudflare
//     incidents, filtered here to the components the Worker depends on
//     (Workers, and Logs and R2 when its logs are kept) and to major and
//     critical impact. Created always.
//   - failing_logpush_job_disabled_alert, "Failing Logpush Job Disabled":
//     Cloudflare disabled a Logpush job that kept failing to push. Offered
//     on Enterprise plans only, so created only when asked for
//     (Args.LogpushJobDisabled).
//
// Nothing in v5.49.1 alerts on a Worker's errors, CPU time or Hyperdrive:
// the alert type list has no Hyperdrive entry, the incident filter no
// Hyperdrive component, and workers_alert is a legacy type Cloudflare's
// list no longer documents. Worker errors are visible in the logs the kit
// keeps (workerlogs).
package cfalerts

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
	"github.com/groundwork-iac/groundwork/components/notify"
	"github.com/groundwork-iac/groundwork/components/problem"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:cloudflare:Alerts"

// Alert types, as the API names them (the provider's Go comments show
// camel-cased names; the API takes these).
const (
	TypeIncident           = "incident_alert"
	TypeLogpushJobDisabled = "failing_logpush_job_disabled_alert"

	suffixIncidents = "-incidents"
	suffixLogpush   = "-logpush-disabled"
)

// IncidentImpacts are the incident levels that notify: a minor incident of
// a component rarely changes what the on-call person can do.
var IncidentImpacts = []string{"INCIDENT_IMPACT_MAJOR", "INCIDENT_IMPACT_CRITICAL"}

// Args configure the policies.
type Args struct {
	AccountID string
	// Emails receive every notification. Required.
	Emails []string
	// Components are the Cloudflare status components whose incidents
	// notify, as the filter names them ("Workers", "Logs", "R2").
	Components []string
	// LogpushJobDisabled adds the Enterprise-only Logpush notification.
	LogpushJobDisabled bool
	// Label names the policies ("groundwork edge-dev edge").
	Label string
}

// Alerts is the component.
type Alerts struct {
	pulumi.ResourceState

	Policies []*cloudflare.NotificationPolicy
}

type policy struct {
	suffix string
	args   *cloudflare.NotificationPolicyArgs
}

// Check is pure.
func (a Args) Check() problem.List {
	var out problem.List
	if a.AccountID == "" {
		out.Add("accountId", "%s", cfnames.AccountIDRequired)
	}
	cfnames.CheckID("accountId", a.AccountID, &out)
	if len(a.Emails) == 0 {
		out.Add("emails", "are required: at least one address to notify")
	}
	out.Extend("", notify.CheckEmails("emails", a.Emails))
	if len(a.Components) == 0 {
		out.Add("components", "are required: the Cloudflare components whose incidents matter")
	}
	return out
}

// New creates the policies.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Alerts, error) {
	if err := args.Check().ErrIn(fmt.Sprintf("cfalerts %q", name)); err != nil {
		return nil, err
	}
	al := &Alerts{}
	if err := ctx.RegisterComponentResource(TypeToken, name, al, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(al)
	var emails cloudflare.NotificationPolicyEmailIntegrationArray
	for _, e := range args.Emails {
		emails = append(emails, cloudflare.NotificationPolicyEmailIntegrationArgs{Id: pulumi.String(e)})
	}
	label := args.Label
	if label == "" {
		label = "groundwork " + ctx.Stack()
	}
	policies := []policy{{suffixIncidents, &cloudflare.NotificationPolicyArgs{
		AccountId:   pulumi.String(args.AccountID),
		Name:        pulumi.String(label + ": Cloudflare incidents"),
		Description: pulumi.String("A major or critical Cloudflare incident on " + strings.Join(args.Components, ", ") + "."),
		AlertType:   pulumi.String(TypeIncident),
		Enabled:     pulumi.Bool(true),
		Filters: &cloudflare.NotificationPolicyFiltersArgs{
			AffectedComponents: pulumi.ToStringArray(args.Components),
			IncidentImpacts:    pulumi.ToStringArray(IncidentImpacts),
		},
		EmailIntegrations: emails,
	}}}
	if args.LogpushJobDisabled {
		policies = append(policies, policy{suffixLogpush, &cloudflare.NotificationPolicyArgs{
			AccountId:         pulumi.String(args.AccountID),
			Name:              pulumi.String(label + ": Logpush job disabled"),
			Description:       pulumi.String("Cloudflare disabled the Worker's Logpush job after it kept failing: its logs are no longer kept."),
			AlertType:         pulumi.String(TypeLogpushJobDisabled),
			Enabled:           pulumi.Bool(true),
			EmailIntegrations: emails,
		}})
	}
	for _, p := range policies {
		policy, err := cloudflare.NewNotificationPolicy(ctx, name+p.suffix, p.args, parent)
		if err != nil {
			return nil, err
		}
		al.Policies = append(al.Policies, policy)
	}
	return al, ctx.RegisterResourceOutputs(al, pulumi.Map{})
}
