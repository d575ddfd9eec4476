package api

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints/internal/problems"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/gcp/runjob"
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Plan is everything decided before a resource exists.
type Plan struct {
	Settings stackconfig.Settings
	Database database.Endpoint
	Service  runservice.Args
	Migrate  runjob.Args
	Budgets  budgets.Report
}

var blueprintLabels = map[string]string{"blueprint": Name}

// Prepare validates the settings and builds the plan; the error lists every
// problem, and nothing has been created when it is returned.
func Prepare(s stackconfig.Settings) (*Plan, error) {
	cfg := stackconfig.API{}
	if s.API != nil {
		cfg = *s.API
	}
	p := &Plan{Settings: s, Database: s.Database.Normalized()}
	var errs problems.List
	errs.Add(stackconfig.Namespace+":", s.Database.Validate(database.Needs{Pooled: true, Direct: true}))
	errs.Add(stackconfig.Namespace+":", telemetrySettings(s).Validate())
	if cfg.Image == "" {
		errs.AddErr(fmt.Errorf("%s is required: the container image to run, e.g. REGION-docker.pkg.dev/PROJECT/REPO/api:TAG (see the README for building it)",
			stackconfig.Key("api.image")))
	}
	pool := or(cfg.DBPoolSize, DefaultPoolSize)
	minInstances := 0
	if s.Mode == stackconfig.AlwaysWarm {
		minInstances = WarmInstances
	}
	if cfg.MinInstances != nil {
		minInstances = *cfg.MinInstances
		if s.Mode == stackconfig.AlwaysWarm && minInstances < WarmInstances {
			errs.AddErr(fmt.Errorf("%s is %d but %s is always-warm, which keeps at least %d instance; raise minInstances or use scale-to-zero",
				stackconfig.Key("api.minInstances"), minInstances, stackconfig.Key(stackconfig.KeyMode), WarmInstances))
		}
	}
	derived := cfg.MaxInstances == 0
	maxInstances := cfg.MaxInstances
	if derived {
		maxInstances = max(budgets.MaxInstancesFor(p.Database.ServerSlots(), pool, MaxInstancesCap), minInstances)
	}
	statement := or(cfg.StatementTimeout, DefaultStatementTimeout)
	p.Service = runservice.Args{
		Image:                  cfg.Image,
		ImageManagedExternally: cfg.ImageManagedBy == stackconfig.ImageManagedByExternal,
		Port:                   cfg.Port, CPU: cfg.CPU, Memory: cfg.Memory,
		MinInstances: minInstances, MaxInstances: maxInstances,
		Concurrency: cfg.Concurrency, RequestTimeout: cfg.RequestTimeout,
		Environment: map[string]pulumi.StringInput{
			workloadenv.DBPoolSize:         pulumi.String(strconv.Itoa(pool)),
			workloadenv.DBStatementTimeout: pulumi.String(statement.String()),
			workloadenv.DBConnectTimeout:   pulumi.String(database.DefaultConnectTimeout.String()),
		},
		Telemetry: telemetrySettings(s),
		Public:    cfg.Public, Invokers: cfg.Invokers,
		Project: s.GCP.Project, Region: s.GCP.Region,
		Labels: blueprintLabels,
	}
	check := p.Service
	if check.Image == "" {
		check.Image = "reported-above" // the missing image is reported with its config key
	}
	errs.Add(stackconfig.Key("api: "), check.Validate())
	p.Migrate = runjob.Args{
		Image: cfg.Image, Args: []string{MigrateCommand},
		ImageManagedExternally: p.Service.ImageManagedExternally,
		Environment: map[string]pulumi.StringInput{
			workloadenv.DBConnectTimeout: pulumi.String(database.DefaultConnectTimeout.String()),
		},
		ServiceName: Name + "-migrate",
		Project:     s.GCP.Project, Region: s.GCP.Region,
		Labels: blueprintLabels,
	}
	if err := errs.Err(); err != nil {
		return p, err
	}
	p.Budgets = p.budgets(statement, pool, derived)
	return p, p.Budgets.Err()
}

func telemetrySettings(s stackconfig.Settings) telemetry.Settings {
	return telemetry.Settings{ServiceName: Name, Endpoint: s.Telemetry.OTLPEndpoint, SampleRatio: s.Telemetry.SampleRatio,
		Environment: s.Stack, LogLevel: s.Telemetry.LogLevel}
}

func (p *Plan) budgets(statement time.Duration, pool int, derived bool) budgets.Report {
	db := p.Database
	requestTimeout := or(p.Service.RequestTimeout, runservice.DefaultRequestTimeout)
	r := budgets.API(budgets.APIInput{
		StatementTimeout: statement,
		ConnectTimeout:   database.DefaultConnectTimeout,
		HandlerTimeout:   runservice.HandlerTimeout(requestTimeout),
		RequestTimeout:   requestTimeout,
		ShutdownTimeout:  workloadenv.DefaultShutdownTimeout,
		GracePeriod:      runservice.GracePeriod,
		MaxInstances:     p.Service.MaxInstances,
		PoolSize:         pool,
		Database:         db.Capacity(),
	})
	if derived {
		r.Derived = append(r.Derived, budgets.Derived{Knob: "api.maxInstances", Value: strconv.Itoa(p.Service.MaxInstances),
			From: fmt.Sprintf("server connections %d / pool size %d, at most %d", db.ServerSlots(), pool, MaxInstancesCap)})
	}
	for _, f := range db.Findings("api connections") {
		r.Add(f)
	}
	return r
}

func or[T comparable](v, fallback T) T {
	var zero T
	if v == zero {
		return fallback
	}
	return v
}
