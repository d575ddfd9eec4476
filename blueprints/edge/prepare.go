package edge

import (
	"cmp"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/blueprints/internal/shared"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/cloudflare/cfalerts"
	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
	"github.com/groundwork-iac/groundwork/components/cloudflare/hyperdrive"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/cloudflare/workerlogs"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// directReason explains, in messages, why the origin must be direct.
const directReason = "Hyperdrive is itself the connection pooler, and a second pooler behind it only adds a hop and breaks its connection reuse"

// Plan is everything decided before a resource exists.
type Plan struct {
	Settings   stackconfig.Settings
	Database   database.Endpoint
	Hyperdrive hyperdrive.Args
	Worker     worker.Args
	Bundle     worker.Bundle
	// Logs is the Logpush job and where it writes; nil when the Worker's
	// logs are not kept (free plan, or disabled).
	Logs *workerlogs.Args
	// Alerts are Cloudflare notifications; nil without groundwork:alerts.emails.
	Alerts *cfalerts.Args
	// Report is the checked budgets; empty when settings had problems.
	Report budgets.Report
	// connect and statement are the Worker's database timeouts.
	connect, statement time.Duration
}

// Budgets is the checked budget report.
func (p *Plan) Budgets() budgets.Report { return p.Report }

// Prepare validates the settings, bundles the Worker and checks the budgets;
// the error lists every problem, and nothing has been created when it is
// returned.
func Prepare(s stackconfig.Settings) (*Plan, error) {
	cfg := stackconfig.Edge{}
	if s.Edge != nil {
		cfg = *s.Edge
	}
	p := &Plan{Settings: s, Database: s.Database.Normalized(),
		connect:   cmp.Or(cfg.ConnectTimeout.D(), workloadenv.DefaultConnectTimeout),
		statement: cmp.Or(cfg.StatementTimeout.D(), workloadenv.DefaultStatementTimeout)}
	var problems problem.List
	dbProblems := s.Database.Check(database.Needs{Direct: true, DirectReason: directReason})
	problems.Extend(stackconfig.Key(stackconfig.KeyDatabase), dbProblems)
	shared.CheckTelemetry(s, &problems)
	edgeKey := stackconfig.Key(stackconfig.KnobEdge)
	if len(dbProblems) == 0 {
		origin, err := hyperdrive.OriginFromURL(p.Database.Provider, p.Database.DirectURL)
		if err != nil {
			problems.Add(stackconfig.Key("database.directUrl"), "is not a usable Hyperdrive origin: %v", err)
		}
		p.Hyperdrive = hyperdrive.Args{AccountID: cfg.AccountID, Origin: origin, Caching: hyperdrive.Caching{
			Disabled: cfg.Cache.Disabled, MaxAge: cfg.Cache.MaxAge.D(), StaleWhileRevalidate: cfg.Cache.StaleWhileRevalidate.D()}}
		hd := p.Hyperdrive.Check()
		if err != nil {
			hd = hd.Without("origin") // reported above, from the URL
		}
		problems.Extend(edgeKey, hd.Renamed(map[string]string{"caching": "cache"}))
	}
	if (cfg.Route == "") == (cfg.Domain == "") || cfg.ZoneID == "" {
		problems.Add(stackconfig.Key(stackconfig.KnobEdge), "needs zoneId and exactly one of route (a pattern such as api.example.com/*) or domain (a hostname the Worker owns)")
	}
	if p.connect%time.Second != 0 {
		problems.Add(stackconfig.Key(stackconfig.KnobEdgeConnectTimeout), "must be whole seconds (postgres.js counts in seconds), got %s", p.connect)
	}
	p.Worker = worker.Args{
		AccountID: cfg.AccountID, Entry: cmp.Or(cfg.Entry, DefaultEntry), Dir: s.RootDir, Plan: cfg.Plan, MaxBundleKB: cfg.MaxBundleKB,
		CompatibilityDate: cfg.CompatibilityDate, Crons: cfg.Crons,
	}
	if cfg.Route != "" {
		p.Worker.Route = &worker.Route{ZoneID: cfg.ZoneID, Pattern: cfg.Route}
	} else if cfg.Domain != "" {
		p.Worker.Domain = &worker.Domain{ZoneID: cfg.ZoneID, Hostname: cfg.Domain}
	}
	// One Analytics Engine data point per request: cost by route.
	p.Worker.Analytics = []worker.AnalyticsBinding{{Binding: workloadenv.AnalyticsBinding, Dataset: Dataset(s.Project, s.Stack)}}
	p.prepareLogs(s, cfg, &problems)
	p.prepareAlerts(s, cfg, &problems)
	problems.Extend(edgeKey, p.Worker.Check())
	// Bundled once: New deploys this bundle.
	bundle, warning, bundleProblems := p.Worker.Prepare()
	problems.Extend(edgeKey, bundleProblems)
	p.Bundle, p.Worker.Bundle = bundle, &bundle
	if err := problems.Err(); err != nil {
		return p, err
	}
	p.Worker.Vars = p.vars()
	p.Report = p.budgets()
	if warning != "" {
		p.Report.Add(budgets.Finding{Severity: budgets.Warning, Budget: "bundle", Knob: stackconfig.KnobEdgeMaxBundleKB, Message: warning})
	}
	return p, p.Report.Err()
}

func telemetrySettings(s stackconfig.Settings) telemetry.Settings {
	t := shared.Telemetry(s, Name)
	t.CloudProvider = "cloudflare"
	return t
}

// vars are the Worker's plain-text bindings: the telemetry contract (the
// service version is the bundle's hash) and the runtime knobs.
func (p *Plan) vars() map[string]string {
	tel := telemetrySettings(p.Settings)
	tel.Version = p.Bundle.SHA256[:12]
	v := tel.Env()
	v[workloadenv.DBConnectTimeout] = p.connect.String()
	v[workloadenv.DBStatementTimeout] = p.statement.String()
	v[workloadenv.HandlerTimeout] = workloadenv.DefaultWorkerHandlerTimeout.String()
	v[workloadenv.OTLPExportTimeout] = workloadenv.DefaultOTLPExportTimeout.String()
	p.logVars(v)
	return v
}

// Dataset is the stack's Analytics Engine dataset, the table the README's
// cost-by-route SQL reads: the Worker's name with underscores.
func Dataset(project, stack string) string {
	return strings.ReplaceAll(cfnames.NameFor(project, stack, Name), "-", "_")
}
