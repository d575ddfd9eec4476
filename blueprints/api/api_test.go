package api

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/gcp/runmetrics"
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/invariants"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

const (
	pooled = "postgres://app:pw-51c8@ep-a-1-pooler.eu-central-1.aws.neon.tech/notes"
	direct = "postgres://app:pw-51c8@ep-a-1.eu-central-1.aws.neon.tech/notes"
	image  = "europe-west1-docker.pkg.dev/acme/apps/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	svc    = "gcp:cloudrunv2/service:Service"
)

func settings() stackconfig.Settings {
	return stackconfig.Settings{
		Project: "groundwork", Stack: "test", Blueprint: Name, Mode: stackconfig.ScaleToZero,
		Database: database.Endpoint{Provider: database.Neon, PooledURL: secret.New(pooled), DirectURL: secret.New(direct),
			MaxConnections: 104, ReservedConnections: 10},
		API:    &stackconfig.API{Image: image, Invokers: []string{"group:oncall@acme.example"}},
		GCP:    stackconfig.GCP{Project: "acme-notes", Region: "europe-west1"},
		Alerts: stackconfig.Alerts{NotificationChannels: []string{"projects/acme-notes/notificationChannels/4211"}},
	}
}

func run(t *testing.T, s stackconfig.Settings) (*pulumitest.Graph, error) {
	t.Helper()
	return pulumitest.Run(func(ctx *pulumi.Context) error {
		p, err := Prepare(s)
		if err != nil {
			return err
		}
		_, err = p.Create(ctx)
		return err
	}, pulumitest.WithConfig(map[string]string{"gcp:project": s.GCP.Project, "gcp:region": s.GCP.Region}))
}

func mustRun(t *testing.T, s stackconfig.Settings) *pulumitest.Graph {
	t.Helper()
	g, err := run(t, s)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return g
}

func envsOf(t *testing.T, g *pulumitest.Graph, typ, name, path string) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, e := range pulumitest.MustValue(t, g, typ, name, path).([]any) {
		m := e.(map[string]any)
		if vs, ok := m["valueSource"]; ok {
			out[m["name"].(string)] = vs
		} else {
			out[m["name"].(string)] = m["value"]
		}
	}
	return out
}

func TestRunComposesTheBlueprint(t *testing.T) {
	g := mustRun(t, settings())
	want := []string{
		"groundwork:gcp:RunAlerts api-alerts",
		"groundwork:gcp:RunJob api-migrate",
		"groundwork:gcp:RunMetrics api-routes",
		"groundwork:gcp:RunService api",
		"groundwork:gcp:Secret api-db-direct-url",
		"groundwork:gcp:Secret api-db-url",
	}
	if got := g.ChildSet(g.Find(TypeToken, Name)); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
	// The app path gets the pooled URL; migrations get the direct one; both
	// as secrets, with TLS enforced.
	for name, want := range map[string]string{"api-db-url-version": pooled + "?sslmode=require", "api-db-direct-url-version": direct + "?sslmode=require"} {
		v, _ := g.Find("gcp:secretmanager/secretVersion:SecretVersion", name).Input("secretData")
		if !v.Secret || v.Plain() != want {
			t.Errorf("%s = %+v, want %q as a secret", name, v, want)
		}
	}
	pooledID, _ := g.Find("gcp:secretmanager/secret:Secret", "api-db-url-secret").String("secretId")
	directID, _ := g.Find("gcp:secretmanager/secret:Secret", "api-db-direct-url-secret").String("secretId")
	env := envsOf(t, g, svc, "api-service", "template.containers[0].envs")
	if !reflect.DeepEqual(env["DATABASE_URL"], map[string]any{"secretKeyRef": map[string]any{"secret": pooledID, "version": "1"}}) {
		t.Errorf("DATABASE_URL = %v, want a reference to %s version 1", env["DATABASE_URL"], pooledID)
	}
	for k, w := range map[string]any{"DB_POOL_SIZE": "5", "DB_STATEMENT_TIMEOUT": "10s", "DB_CONNECT_TIMEOUT": "5s", "HANDLER_TIMEOUT": "28s"} {
		if env[k] != w {
			t.Errorf("env %s = %v, want %v", k, env[k], w)
		}
	}
	job := envsOf(t, g, "gcp:cloudrunv2/job:Job", "api-migrate-job", "template.template.containers[0].envs")
	if !reflect.DeepEqual(job["DATABASE_DIRECT_URL"], map[string]any{"secretKeyRef": map[string]any{"secret": directID, "version": "1"}}) {
		t.Errorf("job DATABASE_DIRECT_URL = %v", job["DATABASE_DIRECT_URL"])
	}
	if _, ok := job["DATABASE_URL"]; ok {
		t.Error("the migrations job can read the pooled URL; it must use the direct one only")
	}
	// Each identity reads exactly its own secret.
	acc := func(name string) string {
		s, _ := g.Find("gcp:secretmanager/secretIamMember:SecretIamMember", name).String("secretId")
		return s
	}
	if acc("api-secret-database-url") != pooledID || acc("api-migrate-secret-database-direct-url") != directID {
		t.Errorf("accessors: service -> %s, job -> %s", acc("api-secret-database-url"), acc("api-migrate-secret-database-direct-url"))
	}
	if n := len(g.OfType("gcp:secretmanager/secretIamMember:SecretIamMember")); n != 2 {
		t.Errorf("%d secret accessors, want 2", n)
	}
	// Derived: min(90% of 104, 104 - 10) = 93 connections / 5 per instance = 18.
	if got := pulumitest.MustValue(t, g, svc, "api-service", "template.scaling"); !reflect.DeepEqual(got, map[string]any{"minInstanceCount": 0.0, "maxInstanceCount": 18.0}) {
		t.Errorf("scaling = %v", got)
	}
	for _, m := range g.OfType("gcp:cloudrunv2/serviceIamMember:ServiceIamMember") {
		if member, _ := m.String("member"); member != "group:oncall@acme.example" {
			t.Errorf("invoker %s, want only the listed one", member)
		}
	}
	if vs := invariants.Check(g, invariants.Options{Secrets: []string{pooled, direct, "pw-51c8"}}); len(vs) > 0 {
		t.Errorf("invariants: %v", vs)
	}
}

func TestPublicWarmAndExternalImage(t *testing.T) {
	s := settings()
	s.Mode = stackconfig.AlwaysWarm
	s.API.Public, s.API.Invokers, s.API.ImageManagedBy = true, nil, stackconfig.ImageManagedByExternal
	g := mustRun(t, s)
	members := g.OfType("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")
	if len(members) != 1 {
		t.Fatalf("invokers = %d", len(members))
	}
	if m, _ := members[0].String("member"); m != "allUsers" {
		t.Errorf("public invoker = %q", m)
	}
	if min := pulumitest.MustValue(t, g, svc, "api-service", "template.scaling.minInstanceCount"); min != 1.0 {
		t.Errorf("always-warm min instances = %v, want 1", min)
	}
	if got := g.Find(svc, "api-service").IgnoreChanges; !reflect.DeepEqual(got, []string{"template.containers[0].image"}) {
		t.Errorf("service ignoreChanges = %v", got)
	}
	if got := g.Find("gcp:cloudrunv2/job:Job", "api-migrate-job").IgnoreChanges; len(got) != 1 {
		t.Errorf("job ignoreChanges = %v", got)
	}
}

func TestBadSettingsFailBeforeAnyResource(t *testing.T) {
	zero := 0
	tests := []struct {
		name   string
		mutate func(*stackconfig.Settings)
		want   []string
	}{
		{"pooled and direct swapped", func(s *stackconfig.Settings) {
			s.Database.PooledURL, s.Database.DirectURL = secret.New(direct), secret.New(pooled)
		}, []string{
			"groundwork:database.pooledUrl and database.directUrl look swapped: the pooled URL is direct and the direct URL is pooled (Neon's pooled host has -pooler in its endpoint name, e.g. ep-name-123456-pooler.us-east-2.aws.neon.tech); exchange the two values",
		}},
		{"app URL without -pooler", func(s *stackconfig.Settings) { s.Database.PooledURL = secret.New(direct) }, []string{
			"groundwork:database.pooledUrl must be the pooled endpoint (Neon's pooled host has -pooler in its endpoint name, e.g. ep-name-123456-pooler.us-east-2.aws.neon.tech), got a direct endpoint; workloads through a direct endpoint exhaust max_connections",
		}},
		{"sslmode=disable", func(s *stackconfig.Settings) { s.Database.DirectURL = secret.New(direct + "?sslmode=disable") }, []string{
			"groundwork:database.directUrl has sslmode=disable; neon requires TLS: use sslmode=require (or verify-full), or leave sslmode out and the kit adds it",
		}},
		{"request timeout over 3600s", func(s *stackconfig.Settings) { s.API.RequestTimeout = stackconfig.Duration(2 * time.Hour) }, []string{
			"groundwork:api.requestTimeout must be at most 1h0m0s (Cloud Run limit), got 2h0m0s; move longer work to a Cloud Run job",
		}},
		{"budget overrun", func(s *stackconfig.Settings) { s.API.MaxInstances, s.API.DBPoolSize = 1000, 20 }, []string{
			"error: api connections: worst-case clients api.maxInstances 1000 x 20 = 20000 exceed the 10000 clients the pooler accepts (Neon pooler (PgBouncer, transaction mode)); lower api.maxInstances or api.dbPoolSize (at most 4 instances of 20), or raise max_connections",
		}},
		{"always-warm with zero instances", func(s *stackconfig.Settings) { s.Mode = stackconfig.AlwaysWarm; s.API.MinInstances = &zero }, []string{
			"groundwork:api.minInstances is 0 but groundwork:mode is always-warm, which keeps at least 1 instance; raise minInstances or use scale-to-zero",
		}},
		{"no image, no project", func(s *stackconfig.Settings) { s.API.Image = ""; s.GCP.Project = "" }, []string{
			"groundwork:api.image is required: a registry path such as REGION-docker.pkg.dev/PROJECT/REPO/api:TAG (a digest pins it best)",
			"groundwork:api: the GCP project is not set: `pulumi config set gcp:project PROJECT_ID`",
		}},
		{"statement outlives the handler", func(s *stackconfig.Settings) { s.API.StatementTimeout = stackconfig.Duration(25 * time.Second) }, []string{
			"error: request timeouts: pool acquire + statement_timeout (api.statementTimeout, 30s) must be shorter than handler deadline (request timeout - response margin) (api.requestTimeout, 28s); lower api.statementTimeout or raise api.requestTimeout",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings()
			tt.mutate(&s)
			g, err := run(t, s)
			if err == nil {
				t.Fatal("run succeeded, want an error")
			}
			if len(g.Resources) != 0 {
				t.Errorf("%d resources registered, want none", len(g.Resources))
			}
			_, prepErr := Prepare(s)
			if prepErr == nil || prepErr.Error() != strings.Join(tt.want, "\n") {
				t.Errorf("Prepare() =\n%v\nwant\n%s", prepErr, strings.Join(tt.want, "\n"))
			}
			if strings.Contains(prepErr.Error(), "pw-51c8") {
				t.Errorf("error leaks the password")
			}
		})
	}
}

// The budgets assembled from the service's rungs, with the findings of the
// old api budget package, word for word.
func TestBudgetFindings(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*stackconfig.Settings)
		want   []string
	}{
		{"valid", func(*stackconfig.Settings) {}, nil},
		{"no alert destination warns", func(s *stackconfig.Settings) { s.Alerts = stackconfig.Alerts{} }, []string{
			"warning: alerts: no alert destination: the service's and the migrations job's alert policies would notify no one; set alerts.emails or alerts.notificationChannels",
		}},
		{"over the server pool warns", func(s *stackconfig.Settings) { s.API.MaxInstances = 40 }, []string{
			"warning: api connections: worst-case clients api.maxInstances 40 x 5 = 200 exceed the 93 server connections available (min(90% of max_connections 104, 104 - 10 reserved)); at full scale, transactions beyond them wait in the pooler's queue; lower api.maxInstances or api.dbPoolSize (at most 18 instances of 5), or raise max_connections",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings()
			tt.mutate(&s)
			p, _ := Prepare(s)
			var got []string
			for _, f := range p.Report.Findings {
				got = append(got, f.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// The alert policies watch the service and the job the blueprint created,
// against the maximum the connection budget derived and the handler's
// deadline, and notify both the team's channel and the listed address.
func TestAlertsWatchTheBlueprintsService(t *testing.T) {
	s := settings()
	s.Alerts.Emails = []string{"oncall@acme.example"}
	g := mustRun(t, s)
	alerts := g.Find("groundwork:gcp:RunAlerts", "api-alerts")
	if alerts == nil || alerts.Parent != Name {
		t.Fatalf("alerts = %+v, want a child of the blueprint", alerts)
	}
	// The models name an autonamed service or job by its logical name.
	serviceName, jobName := g.Find(svc, "api-service").Name, g.Find("gcp:cloudrunv2/job:Job", "api-migrate-job").Name
	maxInstances := pulumitest.MustValue(t, g, svc, "api-service", "template.scaling.maxInstanceCount").(float64)
	want := map[string]string{
		"api-alerts-instances":  fmt.Sprintf(`service_name="%s"}) >= %d`, serviceName, int(math.Ceil(0.8*maxInstances))),
		"api-alerts-latency":    fmt.Sprintf(`service_name="%s"}[5m]))) > %d`, serviceName, (30*time.Second-runservice.ResponseMargin).Milliseconds()*8/10),
		"api-alerts-job-failed": fmt.Sprintf(`job_name="%s",result="failed"`, jobName),
	}
	for name, fragment := range want {
		q, err := g.Find("gcp:monitoring/alertPolicy:AlertPolicy", name).String("conditions[0].conditionPrometheusQueryLanguage.query")
		if err != nil || !strings.Contains(q, fragment) {
			t.Errorf("%s query = %s (%v), want it to contain %s", name, q, err, fragment)
		}
	}
	for _, p := range g.OfType("gcp:monitoring/alertPolicy:AlertPolicy") {
		got := pulumitest.MustValue(t, g, p.Type, p.Name, "notificationChannels").([]any)
		if len(got) != 2 || got[0] != "projects/acme-notes/notificationChannels/4211" || !strings.HasPrefix(got[1].(string), "projects/acme-notes/notificationChannels/") {
			t.Errorf("%s notifies %v", p.Name, got)
		}
		if project, _ := p.String("project"); project != "acme-notes" {
			t.Errorf("%s project = %q", p.Name, project)
		}
	}
}

func TestBadAlertDestinationsAreNamed(t *testing.T) {
	s := settings()
	s.Alerts = stackconfig.Alerts{Emails: []string{"oncall"}, NotificationChannels: []string{"4211"}}
	_, err := Prepare(s)
	want := `groundwork:alerts.emails[0] must be an email address such as oncall@example.com, got "oncall"` + "\n" +
		`groundwork:alerts.notificationChannels[0] must be a channel's name, projects/PROJECT/notificationChannels/ID, got "4211"`
	if err == nil || err.Error() != want {
		t.Errorf("Prepare() =\n%v\nwant\n%s", err, want)
	}
}

// Cost by route: the log-based metric reads the blueprint's own service,
// and the cost chart prices a request from its size, as groundwork cost
// does.
func TestRoutesPriceTheServicesOwnSize(t *testing.T) {
	s := settings()
	s.API.CPU, s.API.Memory, s.API.Concurrency = "2", "1Gi", 40
	g := mustRun(t, s)
	filter, _ := g.Find("gcp:logging/metric:Metric", "api-routes-duration").String("filter")
	if want := runmetrics.Filter(g.Find(svc, "api-service").Name); filter != want {
		t.Errorf("filter = %s, want %s", filter, want)
	}
	name, _ := g.Find("gcp:logging/metric:Metric", "api-routes-duration").String("name")
	if name != "groundwork_test_api_request_duration" {
		t.Errorf("metric name = %s", name)
	}
	body, _ := g.Find("gcp:monitoring/dashboard:Dashboard", "api-routes-dashboard").String("dashboardJson")
	perMs := fmt.Sprintf("%.6g", cost.CloudRunPerMs(2, 1, 40))
	if !strings.Contains(body, "[1h])) * "+perMs+" + ") {
		t.Errorf("the cost chart does not price a request at %s per ms: %s", perMs, body)
	}
}
