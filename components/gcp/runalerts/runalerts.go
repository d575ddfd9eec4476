package runalerts

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	gcpconfig "github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/config"
	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/monitoring"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/notify"
	"github.com/groundwork-iac/groundwork/components/problem"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:RunAlerts"

// Args configure the alerts.
type Args struct {
	// Service is the Cloud Run service's name; Job the job's, if any.
	Service pulumi.StringInput
	Job     pulumi.StringInput
	// MaxInstances is the service's maximum, HandlerTimeout its handler's
	// deadline: the instance and latency alerts are set against them.
	MaxInstances   int
	HandlerTimeout time.Duration
	// Emails each get a notification channel; Channels are existing ones
	// (projects/PROJECT/notificationChannels/ID). At least one of the two.
	Emails   []string
	Channels []string
	// Project; if empty, the provider's gcp:project.
	Project string
	// Labels are added to every child that takes labels.
	Labels map[string]string
	// Needs are resources every child waits for (the Monitoring API).
	Needs []pulumi.Resource
}

// Alerts is the component.
type Alerts struct {
	pulumi.ResourceState

	Channels []*monitoring.NotificationChannel
	Policies []*monitoring.AlertPolicy
}

var channelName = regexp.MustCompile(`^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/notificationChannels/[0-9A-Za-z_-]+$`)

// Check is pure: the destinations' shapes and the thresholds' inputs.
func (a Args) Check() problem.List {
	var out problem.List
	if len(a.Emails)+len(a.Channels) == 0 {
		out.Add("emails", "or channels are required: somewhere the alerts reach a person")
	}
	out.Extend("", notify.CheckEmails("emails", a.Emails))
	for i, c := range a.Channels {
		if !channelName.MatchString(c) {
			out.Add(fmt.Sprintf("channels[%d]", i), "must be a channel's name, projects/PROJECT/notificationChannels/ID, got %q", problem.Shown(c))
		}
	}
	if a.MaxInstances < 1 {
		out.Add("maxInstances", "must be at least 1, got %d", a.MaxInstances)
	}
	if a.HandlerTimeout <= 0 {
		out.Add("handlerTimeout", "is required: the latency alert is set against it")
	}
	return out
}

// New creates the channels and the policies.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Alerts, error) {
	a := args
	if a.Project == "" {
		a.Project = gcpconfig.GetProject(ctx)
	}
	problems := a.Check()
	if a.Service == nil {
		problems.Add("service", "is required: the Cloud Run service's name output")
	}
	if err := problems.ErrIn(fmt.Sprintf("runalerts %q", name)); err != nil {
		return nil, err
	}
	al := &Alerts{}
	if err := ctx.RegisterComponentResource(TypeToken, name, al, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Composite(pulumi.Parent(al), pulumi.DependsOn(args.Needs))
	channels := pulumi.ToStringArray(a.Channels)
	for _, e := range a.Emails {
		ch, err := monitoring.NewNotificationChannel(ctx, name+suffixEmail+hash(e), &monitoring.NotificationChannelArgs{
			Project:     project(a.Project),
			DisplayName: pulumi.Sprintf("groundwork %s: %s", ctx.Stack(), e),
			Type:        pulumi.String("email"),
			Labels:      pulumi.StringMap{"email_address": pulumi.String(e)},
			UserLabels:  pulumi.ToStringMap(a.Labels),
		}, parent)
		if err != nil {
			return nil, err
		}
		al.Channels = append(al.Channels, ch)
		channels = append(channels, ch.Name)
	}
	for _, p := range a.policies() {
		policy, err := monitoring.NewAlertPolicy(ctx, name+p.suffix, p.args(a, channels), parent)
		if err != nil {
			return nil, err
		}
		al.Policies = append(al.Policies, policy)
	}
	return al, ctx.RegisterResourceOutputs(al, pulumi.Map{})
}

// hash names a channel by its address, so reordering replaces nothing and
// no address lands in a URN.
func hash(e string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(e)))
	return hex.EncodeToString(sum[:])[:8]
}
