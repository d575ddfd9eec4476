package worker

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"time"

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
	// Vars are plain-text bindings; Secrets are secret-text bindings.
	Vars    map[string]string
	Secrets map[string]pulumi.StringInput
	// Route serves the Worker on a zone route; Domain on a custom domain.
	// One of them, or neither (workers.dev only).
	Route  *Route
	Domain *Domain
	// Crons are cron trigger expressions.
	Crons []string
	// DisablePlacement turns Smart Placement off; DisableLogpush turns Logpush off.
	DisablePlacement, DisableLogpush bool
}

// HyperdriveBinding names a binding to a Hyperdrive configuration.
type HyperdriveBinding struct {
	Binding string
	ID      pulumi.StringInput
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

var (
	bindingName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	cronRE      = regexp.MustCompile(`^(\S+\s+){4}\S+$`)
)

// Validate is pure and returns every problem at once.
func (a Args) Validate() error {
	var errs []error
	add := func(format string, v ...any) { errs = append(errs, fmt.Errorf(format, v...)) }
	if a.AccountID == "" {
		add("AccountID is required: the Cloudflare account the Worker runs in")
	}
	if a.Entry == "" {
		add("Entry is required: the Worker's entry file, e.g. workloads/edge/src/index.ts")
	}
	if a.Plan != "" && a.Plan != PlanFree && a.Plan != PlanPaid {
		add("Plan must be %s or %s, got %q", PlanFree, PlanPaid, a.Plan)
	}
	if a.MaxBundleKB < 0 {
		add("MaxBundleKB must not be negative, got %d", a.MaxBundleKB)
	}
	if d := a.CompatibilityDate; d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			add("CompatibilityDate must be a date like %s, got %q", CompatibilityDate, d)
		}
	}
	if a.Route != nil && a.Domain != nil {
		add("set Route or Domain, not both")
	}
	if r := a.Route; r != nil && (r.ZoneID == "" || r.Pattern == "") {
		add("Route needs ZoneID and Pattern, e.g. api.example.com/*")
	}
	if d := a.Domain; d != nil && (d.ZoneID == "" || d.Hostname == "") {
		add("Domain needs ZoneID and Hostname")
	}
	for _, c := range a.Crons {
		if !cronRE.MatchString(c) {
			add("cron %q must have five fields, e.g. \"*/15 * * * *\"", c)
		}
	}
	names := slices.Concat(slices.Sorted(maps.Keys(a.Vars)), slices.Sorted(maps.Keys(a.Secrets)))
	if a.Hyperdrive != nil {
		names = append(names, a.Hyperdrive.Binding)
	}
	seen := map[string]bool{}
	for _, n := range names {
		switch {
		case !bindingName.MatchString(n):
			add("binding name %q is not a JavaScript identifier", n)
		case seen[n]:
			add("binding %s is bound twice", n)
		}
		seen[n] = true
	}
	return errors.Join(errs...)
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

// Prepare bundles the entry and checks its size: what New does before it
// registers anything, available to callers that validate first.
func (a Args) Prepare() (Bundle, string, error) {
	if err := a.Validate(); err != nil {
		return Bundle{}, "", err
	}
	a = a.withDefaults()
	b, err := Build(a.Dir, a.Entry)
	if err != nil {
		return Bundle{}, "", err
	}
	warning, err := b.Check(a.Plan, a.GzipLimitBytes, a.MaxBundleKB)
	return b, warning, err
}

// New bundles, checks and deploys the Worker.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Worker, error) {
	b, warning, err := args.Prepare()
	if err != nil {
		return nil, fmt.Errorf("worker %q: %w", name, err)
	}
	a := args.withDefaults()
	w := &Worker{Bundle: b, Warning: warning}
	if err := ctx.RegisterComponentResource(TypeToken, name, w, opts...); err != nil {
		return nil, err
	}
	if warning != "" {
		_ = ctx.Log.Warn(fmt.Sprintf("worker %q: %s", name, warning), &pulumi.LogArgs{Resource: w})
	}
	parent := pulumi.Parent(w)
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
