package api

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints/internal/shared"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/gcp/projectservices"
	"github.com/groundwork-iac/groundwork/components/gcp/registry"
	"github.com/groundwork-iac/groundwork/components/gcp/runalerts"
	"github.com/groundwork-iac/groundwork/components/gcp/runjob"
	"github.com/groundwork-iac/groundwork/components/gcp/runmetrics"
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Plan is everything decided before a resource exists.
type Plan struct {
	Settings stackconfig.Settings
	Database database.Endpoint
	Service  runservice.Args
	Migrate  runjob.Args
	// Alerts are the service's alert policies; nil when groundwork:alerts
	// names no destination (Service and Job are set at creation).
	Alerts *runalerts.Args
	// Routes is the per-route metric and the dashboard (Service is set at
	// creation).
	Routes runmetrics.Args
	// Services are the project's APIs the stack enables; Registry, when the
	// stack asks for one, its image repository.
	Services projectservices.Args
	Registry *registry.Args
	// Report is the checked budgets; empty when settings had problems.
	Report budgets.Report
	// pool and statement are the workload's pool size and statement timeout;
	// derived says max instances came from the budget.
	pool      int
	statement time.Duration
	derived   bool
}

// Budgets is the checked budget report.
func (p *Plan) Budgets() budgets.Report { return p.Report }

var blueprintLabels = shared.Tags(Name)

// Prepare validates the settings and builds the plan; the error lists every
// problem, and nothing has been created when it is returned.
func Prepare(s stackconfig.Settings) (*Plan, error) {
	cfg := stackconfig.API{}
	if s.API != nil {
		cfg = *s.API
	}
	p := &Plan{Settings: s, Database: s.Database.Normalized(),
		pool: cmp.Or(cfg.DBPoolSize, workloadenv.DefaultAPIPoolSize), statement: cmp.Or(cfg.StatementTimeout.D(), workloadenv.DefaultStatementTimeout)}
	var problems problem.List
	problems.Extend(stackconfig.Key(stackconfig.KeyDatabase), s.Database.Check(database.Needs{Pooled: true, Direct: true}))
	shared.CheckTelemetry(s, &problems)
	if n := cfg.DBPoolSize; n < 0 || n > MaxPoolSize {
		problems.Add(stackconfig.Key(stackconfig.KnobAPIDBPoolSize), "must be between 1 and %d connections per instance, got %d; leave it unset for %d",
			MaxPoolSize, n, workloadenv.DefaultAPIPoolSize)
	}
	minInstances := 0
	if s.Mode == stackconfig.AlwaysWarm {
		minInstances = WarmInstances
	}
	if cfg.MinInstances != nil {
		minInstances = *cfg.MinInstances
		if s.Mode == stackconfig.AlwaysWarm && minInstances < WarmInstances {
			problems.Add(stackconfig.Key(stackconfig.KnobAPIMinInstances), "is %d but %s is always-warm, which keeps at least %d instance; raise minInstances or use scale-to-zero",
				minInstances, stackconfig.Key(stackconfig.KeyMode), WarmInstances)
		}
	}
	maxInstances := cfg.MaxInstances
	if p.derived = maxInstances == 0; p.derived {
		maxInstances = max(runservice.MaxInstancesFor(p.Database.ServerSlots(), p.pool, runservice.DefaultMaxInstancesCap), minInstances)
	}
	image := cfg.Image
	if image == "" && cfg.ImageManagedBy.External() {
		// CI deploys the real image; until then a public one answers.
		image = PlaceholderImage
	}
	container := runservice.Container{
		Image:                  image,
		ImageManagedExternally: cfg.ImageManagedBy.External(),
		Project:                s.GCP.Project, Region: s.GCP.Region,
		Labels: blueprintLabels,
	}
	p.Service = runservice.Args{Container: container, Port: cfg.Port,
		MinInstances: minInstances, MaxInstances: maxInstances,
		Concurrency: cfg.Concurrency, RequestTimeout: cfg.RequestTimeout.D(),
		Public: cfg.Public, Invokers: cfg.Invokers,
	}
	p.Service.CPU, p.Service.Memory = cfg.CPU, cfg.Memory
	p.Service.Telemetry = shared.Telemetry(s, Name)
	p.Service.Environment = map[string]pulumi.StringInput{
		workloadenv.DBPoolSize:         pulumi.String(strconv.Itoa(p.pool)),
		workloadenv.DBStatementTimeout: pulumi.String(p.statement.String()),
		workloadenv.DBConnectTimeout:   pulumi.String(workloadenv.DefaultConnectTimeout.String()),
	}
	problems.Extend(stackconfig.Key(stackconfig.KeyAPI), p.Service.Check())
	p.Migrate = runjob.Args{Container: container, Args: []string{MigrateCommand}}
	p.Migrate.Telemetry = shared.Telemetry(s, Name+"-migrate")
	p.Migrate.Environment = map[string]pulumi.StringInput{
		workloadenv.DBConnectTimeout: pulumi.String(workloadenv.DefaultConnectTimeout.String()),
	}
	problems.Extend(stackconfig.Key(stackconfig.KeyAPI), p.Migrate.Check())
	p.prepareAlerts(s, &problems)
	p.prepareServices(s, cfg, &problems)
	vcpu, memGiB, concurrency := p.Service.Size()
	p.Routes = runmetrics.Args{MetricName: MetricName(s.Project, s.Stack), Project: s.GCP.Project,
		CostPerMs: cost.CloudRunPerMs(vcpu, memGiB, float64(concurrency)), CostPerRequest: cost.CloudRunRequestUSD(),
		PricesDate: cost.PricesDate, MaxInstances: p.Service.MaxInstances}
	if err := problems.Err(); err != nil {
		return p, err
	}
	p.Report = p.budgets()
	return p, p.Report.Err()
}

// prepareAlerts sets the alert policies against the service's maximum and
// its handler's deadline, notifying groundwork:alerts' emails and channels.
func (p *Plan) prepareAlerts(s stackconfig.Settings, problems *problem.List) {
	if len(s.Alerts.Emails)+len(s.Alerts.NotificationChannels) == 0 {
		return
	}
	requestTimeout := cmp.Or(p.Service.RequestTimeout, runservice.DefaultRequestTimeout)
	p.Alerts = &runalerts.Args{
		MaxInstances: p.Service.MaxInstances, HandlerTimeout: runservice.HandlerTimeout(requestTimeout),
		Emails: s.Alerts.Emails, Channels: s.Alerts.NotificationChannels,
		Project: s.GCP.Project, Labels: blueprintLabels,
	}
	problems.Extend("", p.Alerts.Check().Renamed(map[string]string{
		"emails":   stackconfig.Key(stackconfig.KnobAlertsEmails),
		"channels": stackconfig.Key(stackconfig.KnobAlertsNotificationChannels),
	}).Without("maxInstances").Without("handlerTimeout"))
}

// MetricName is the stack's log-based metric of request durations:
// PROJECT_STACK_api_request_duration, with underscores for anything else.
func MetricName(project, stack string) string {
	n := nonWord.ReplaceAllString(strings.ToLower(project+"_"+stack), "_")
	return strings.Trim(n, "_") + "_api_request_duration"
}

var nonWord = regexp.MustCompile(`[^a-z0-9_]+`)

// prepareServices lists the project APIs the stack uses, and the image
// repository when the stack asks for one.
func (p *Plan) prepareServices(s stackconfig.Settings, cfg stackconfig.API, problems *problem.List) {
	apis := []string{projectservices.Run, projectservices.IAM, projectservices.ResourceManager, projectservices.SecretManager,
		projectservices.Logging, projectservices.Monitoring}
	if s.Telemetry.OTLPEndpoint == "" {
		// Spans go to Cloud Trace through the Telemetry API.
		apis = append(apis, projectservices.Telemetry, projectservices.CloudTrace)
	}
	if r := cfg.Repository; r != nil {
		p.Registry = &registry.Args{ID: r.ID, Project: s.GCP.Project, Location: s.GCP.Region, KeepRecent: r.KeepRecent,
			DeleteAfter: r.DeleteAfter.D(), Labels: blueprintLabels}
		problems.Extend(stackconfig.Key(stackconfig.KnobAPIRepository), p.Registry.Check())
		apis = append(apis, projectservices.ArtifactRegistry)
	}
	p.Services = projectservices.Args{Project: s.GCP.Project, Services: apis}
}
