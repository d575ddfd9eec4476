package edge

import (
	"fmt"
	"time"

	"github.com/groundwork-iac/groundwork/blueprints/internal/problems"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/cloudflare/hyperdrive"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/database"
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
	Budgets    budgets.Report
}

// Prepare validates the settings, bundles the Worker and checks the budgets;
// the error lists every problem, and nothing has been created when it is
// returned.
func Prepare(s stackconfig.Settings) (*Plan, error) {
	cfg := stackconfig.Edge{}
	if s.Edge != nil {
		cfg = *s.Edge
	}
	p := &Plan{Settings: s, Database: s.Database.Normalized()}
	var errs problems.List
	dbErr := s.Database.Validate(database.Needs{Direct: true, DirectReason: directReason})
	errs.Add(stackconfig.Namespace+":", dbErr)
	errs.Add(stackconfig.Namespace+":", telemetrySettings(s).Validate())
	if cfg.AccountID == "" {
		errs.AddErr(fmt.Errorf("%s is required: the Cloudflare account id (dashboard, Workers & Pages, right column)", stackconfig.Key("edge.accountId")))
	}
	if (cfg.Route == "") == (cfg.Domain == "") || cfg.ZoneID == "" {
		errs.AddErr(fmt.Errorf("%s needs zoneId and exactly one of route (a pattern such as api.example.com/*) or domain (a hostname the Worker owns)", stackconfig.Key("edge")))
	}
	if dbErr == nil {
		origin, err := hyperdrive.OriginFromURL(p.Database.Provider, p.Database.DirectURL)
		errs.Add(stackconfig.Key("database.directUrl: "), err)
		p.Hyperdrive = hyperdrive.Args{AccountID: cfg.AccountID, Origin: origin, Caching: hyperdrive.Caching{
			Disabled: cfg.Cache.Disabled, MaxAge: cfg.Cache.MaxAge, StaleWhileRevalidate: cfg.Cache.StaleWhileRevalidate}}
		check := p.Hyperdrive
		check.AccountID = "reported-above"
		errs.Add(stackconfig.Key("edge.cache: "), check.Validate())
	}
	connect, statement := or(cfg.ConnectTimeout, DefaultConnectTimeout), or(cfg.StatementTimeout, DefaultStatementTimeout)
	if connect%time.Second != 0 {
		errs.AddErr(fmt.Errorf("%s must be whole seconds (postgres.js counts in seconds), got %s", stackconfig.Key("edge.connectTimeout"), connect))
	}
	p.Worker = worker.Args{
		AccountID: cfg.AccountID, Entry: or(cfg.Entry, DefaultEntry), Dir: s.RootDir, Plan: cfg.Plan, MaxBundleKB: cfg.MaxBundleKB,
		CompatibilityDate: cfg.CompatibilityDate, Crons: cfg.Crons,
	}
	if cfg.Route != "" {
		p.Worker.Route = &worker.Route{ZoneID: cfg.ZoneID, Pattern: cfg.Route}
	} else if cfg.Domain != "" {
		p.Worker.Domain = &worker.Domain{ZoneID: cfg.ZoneID, Hostname: cfg.Domain}
	}
	check := p.Worker
	check.AccountID = "reported-above"
	check.Route, check.Domain = nil, nil
	bundle, warning, err := check.Prepare()
	errs.Add(stackconfig.Key("edge: "), err)
	p.Bundle = bundle
	if err := errs.Err(); err != nil {
		return p, err
	}
	p.Worker.Vars = vars(s, bundle, connect, statement)
	p.Budgets = p.budgets(connect, statement)
	if warning != "" {
		p.Budgets.Add(budgets.Finding{Severity: budgets.Warning, Budget: "bundle", Knob: "edge.maxBundleKB", Message: warning})
	}
	return p, p.Budgets.Err()
}

func telemetrySettings(s stackconfig.Settings) telemetry.Settings {
	return telemetry.Settings{ServiceName: Name, Endpoint: s.Telemetry.OTLPEndpoint, SampleRatio: s.Telemetry.SampleRatio,
		Environment: s.Stack, LogLevel: s.Telemetry.LogLevel, CloudProvider: "cloudflare"}
}

// vars are the Worker's plain-text bindings: the telemetry contract (the
// service version is the bundle's hash) and the runtime knobs.
func vars(s stackconfig.Settings, b worker.Bundle, connect, statement time.Duration) map[string]string {
	tel := telemetrySettings(s)
	tel.Version = b.SHA256[:12]
	v := tel.Env()
	v[workloadenv.DBConnectTimeout] = connect.String()
	v[workloadenv.DBStatementTimeout] = statement.String()
	v[workloadenv.HandlerTimeout] = HandlerTimeout.String()
	v[workloadenv.OTLPExportTimeout] = ExportTimeout.String()
	return v
}

func (p *Plan) budgets(connect, statement time.Duration) budgets.Report {
	plan := or(p.Worker.Plan, worker.PlanFree)
	origin := hyperdrive.OriginConnectionsFree
	if plan == worker.PlanPaid {
		origin = hyperdrive.OriginConnectionsPaid
	}
	r := budgets.Edge(budgets.EdgeInput{
		ConnectTimeout: connect, StatementTimeout: statement, HandlerTimeout: HandlerTimeout, ExportTimeout: ExportTimeout,
		HyperdriveConnectTimeout: hyperdrive.ConnectTimeout, HyperdriveMaxQuery: hyperdrive.MaxQueryDuration,
		ProxyTimeout: worker.ProxyTimeout, WaitUntilLimit: worker.WaitUntilLimit,
		OriginConnections: origin, Plan: plan, Database: hyperdriveCapacity(p.Database),
	})
	r.Derived = append(r.Derived, budgets.Derived{Knob: "bundle", Value: fmt.Sprintf("%s gzipped (%s raw)", worker.KB(p.Bundle.GzipBytes), worker.KB(p.Bundle.RawBytes)),
		From: fmt.Sprintf("limit %s on the %s plan (as of %s)", worker.KB(worker.GzipLimit(plan)), plan, worker.LimitsCheckedOn)})
	for _, f := range p.Database.Findings("Hyperdrive origin connections") {
		r.Add(f)
	}
	if p.Settings.Telemetry.OTLPEndpoint == "" {
		r.Add(budgets.Finding{Severity: budgets.Warning, Budget: "telemetry", Knob: "telemetry.otlpEndpoint",
			Message: "no OTLP endpoint: spans are not exported (trace ids still reach the logs); set telemetry.otlpEndpoint"})
	}
	return r
}

// hyperdriveCapacity is the server's capacity as Hyperdrive meets it:
// directly, so no other pooler's client limit applies.
func hyperdriveCapacity(db database.Endpoint) budgets.Database {
	c := db.Capacity()
	c.Pooler, c.PoolerClientLimit = "Hyperdrive", 0
	return c
}

func or[T comparable](v, fallback T) T {
	var zero T
	if v == zero {
		return fallback
	}
	return v
}
