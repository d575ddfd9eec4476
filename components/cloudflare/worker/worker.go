package worker

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:cloudflare:Worker"

// Args configure the Worker. Zero values mean the default named in each comment.
type Args struct {
	AccountID string
	// Entry is the Worker's entry file, relative to Dir (the program's
	// working directory when empty). Required.
	Entry, Dir string
	// Plan is free or paid; it sets the size limit. If empty, free.
	Plan string
	// MaxBundleKB is the startup budget for the gzipped bundle (a warning).
	// If zero, DefaultMaxBundleKB.
	MaxBundleKB int
	// GzipLimitBytes overrides the plan's size limit (for tests). If zero,
	// GzipLimit(Plan).
	GzipLimitBytes int
	// CompatibilityDate; if empty, CompatibilityDate. NodeCompat is always
	// set; ExtraFlags are added.
	CompatibilityDate string
	ExtraFlags        []string
	// Hyperdrive binds a Hyperdrive configuration.
	Hyperdrive *HyperdriveBinding
	// R2Buckets bind R2 buckets.
	R2Buckets []R2Binding
	// Analytics binds Workers Analytics Engine datasets.
	Analytics []AnalyticsBinding
	// Vars are plain-text bindings; Secrets are secret-text bindings.
	Vars    map[string]string
	Secrets map[string]pulumi.StringInput
	// Route serves the Worker on a zone route; Domain on a custom domain.
	// One of them, or neither (workers.dev only).
	Route  *Route
	Domain *Domain
	// Crons are cron trigger expressions.
	Crons []string
	// Bundle is an already-built bundle of Entry (from Prepare); if nil,
	// New bundles Entry itself.
	Bundle *Bundle
	// DisablePlacement turns Smart Placement off; DisableLogpush turns Logpush off.
	DisablePlacement, DisableLogpush bool
}

// HyperdriveBinding names a binding to a Hyperdrive configuration.
type HyperdriveBinding struct {
	Binding string
	ID      pulumi.StringInput
}

// R2Binding names a binding to an R2 bucket.
type R2Binding struct {
	Binding    string
	BucketName pulumi.StringInput
}

// AnalyticsBinding names a binding to a Workers Analytics Engine dataset;
// the dataset exists once the first data point is written
// (developers.cloudflare.com/analytics/analytics-engine/get-started/).
type AnalyticsBinding struct {
	Binding, Dataset string
}

// Route is a zone route pattern such as "api.example.com/*".
type Route struct {
	ZoneID, Pattern string
}

// Domain is a custom domain the Worker owns.
type Domain struct {
	ZoneID, Hostname string
}

// Worker is the component.
type Worker struct {
	pulumi.ResourceState

	Script *cloudflare.WorkersScript
	// Bundle is what was deployed; Warning is set when it is over budget.
	Bundle  Bundle
	Warning string

	ScriptName pulumi.StringOutput `pulumi:"scriptName"`
}

func (a Args) withDefaults() Args {
	if a.Plan == "" {
		a.Plan = PlanFree
	}
	if a.MaxBundleKB == 0 {
		a.MaxBundleKB = DefaultMaxBundleKB
	}
	if a.GzipLimitBytes == 0 {
		a.GzipLimitBytes = GzipLimit(a.Plan)
	}
	if a.CompatibilityDate == "" {
		a.CompatibilityDate = CompatibilityDate
	}
	return a
}

// New bundles (unless Args.Bundle is given), checks and deploys the Worker.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Worker, error) {
	where := fmt.Sprintf("worker %q", name)
	if err := append(args.Check(), args.wiring()...).ErrIn(where); err != nil {
		return nil, err
	}
	a := args.withDefaults()
	b, warning, problems := a.Prepare()
	if err := problems.ErrIn(where); err != nil {
		return nil, err
	}
	w := &Worker{Bundle: b, Warning: warning}
	if err := ctx.RegisterComponentResource(TypeToken, name, w, opts...); err != nil {
		return nil, err
	}
	if warning != "" {
		_ = ctx.Log.Warn(fmt.Sprintf("worker %q: %s", name, warning), &pulumi.LogArgs{Resource: w})
	}
	parent := pulumi.Parent(w)
	var err error
	if w.Script, err = createScript(ctx, name, a, b, parent); err != nil {
		return nil, err
	}
	if err := createTriggers(ctx, name, a, w.Script, parent); err != nil {
		return nil, err
	}
	w.ScriptName = w.Script.Name
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{"scriptName": w.ScriptName})
}

func createScript(ctx *pulumi.Context, name string, a Args, b Bundle, parent pulumi.ResourceOption) (*cloudflare.WorkersScript, error) {
	var plain cloudflare.WorkersScriptPlainTextBindingArray
	for _, k := range slices.Sorted(maps.Keys(a.Vars)) {
		plain = append(plain, cloudflare.WorkersScriptPlainTextBindingArgs{Name: pulumi.String(k), Text: pulumi.String(a.Vars[k])})
	}
	var secrets cloudflare.WorkersScriptSecretTextBindingArray
	for _, k := range slices.Sorted(maps.Keys(a.Secrets)) {
		secrets = append(secrets, cloudflare.WorkersScriptSecretTextBindingArgs{Name: pulumi.String(k),
			Text: pulumi.ToSecret(a.Secrets[k]).(pulumi.StringOutput)})
	}
	args := &cloudflare.WorkersScriptArgs{
		AccountId:          pulumi.String(a.AccountID),
		Name:               pulumi.String(cfnames.Name(ctx, name)),
		Content:            pulumi.String(b.Code),
		Module:             pulumi.Bool(true),
		CompatibilityDate:  pulumi.String(a.CompatibilityDate),
		CompatibilityFlags: pulumi.ToStringArray(append([]string{NodeCompat}, a.ExtraFlags...)),
		PlainTextBindings:  plain,
		SecretTextBindings: secrets,
		Logpush:            pulumi.Bool(!a.DisableLogpush),
	}
	if !a.DisablePlacement {
		args.Placements = cloudflare.WorkersScriptPlacementArray{cloudflare.WorkersScriptPlacementArgs{Mode: pulumi.String(PlacementSmart)}}
	}
	if h := a.Hyperdrive; h != nil {
		args.HyperdriveConfigBindings = cloudflare.WorkersScriptHyperdriveConfigBindingArray{
			cloudflare.WorkersScriptHyperdriveConfigBindingArgs{Binding: pulumi.String(h.Binding), Id: h.ID}}
	}
	if len(a.R2Buckets) > 0 {
		var r2 cloudflare.WorkersScriptR2BucketBindingArray
		for _, r := range a.R2Buckets {
			r2 = append(r2, cloudflare.WorkersScriptR2BucketBindingArgs{Name: pulumi.String(r.Binding), BucketName: r.BucketName})
		}
		args.R2BucketBindings = r2
	}
	if len(a.Analytics) > 0 {
		var ae cloudflare.WorkersScriptAnalyticsEngineBindingArray
		for _, b := range a.Analytics {
			ae = append(ae, cloudflare.WorkersScriptAnalyticsEngineBindingArgs{Name: pulumi.String(b.Binding), Dataset: pulumi.String(b.Dataset)})
		}
		args.AnalyticsEngineBindings = ae
	}
	return cloudflare.NewWorkersScript(ctx, name+suffixScript, args, parent)
}

func createTriggers(ctx *pulumi.Context, name string, a Args, script *cloudflare.WorkersScript, parent pulumi.ResourceOption) error {
	if r := a.Route; r != nil {
		if _, err := cloudflare.NewWorkersRoute(ctx, name+suffixRoute, &cloudflare.WorkersRouteArgs{
			ZoneId: pulumi.String(r.ZoneID), Pattern: pulumi.String(r.Pattern), ScriptName: script.Name,
		}, parent); err != nil {
			return err
		}
	}
	if d := a.Domain; d != nil {
		if _, err := cloudflare.NewWorkersDomain(ctx, name+suffixDomain, &cloudflare.WorkersDomainArgs{
			AccountId: pulumi.String(a.AccountID), ZoneId: pulumi.String(d.ZoneID), Hostname: pulumi.String(d.Hostname), Service: script.Name,
		}, parent); err != nil {
			return err
		}
	}
	if len(a.Crons) > 0 {
		if _, err := cloudflare.NewWorkersCronTrigger(ctx, name+suffixCron, &cloudflare.WorkersCronTriggerArgs{
			AccountId: pulumi.String(a.AccountID), ScriptName: script.Name, Schedules: pulumi.ToStringArray(a.Crons),
		}, parent); err != nil {
			return err
		}
	}
	return nil
}
