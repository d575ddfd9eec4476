package runservice

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

var gcpConfig = pulumitest.WithConfig(map[string]string{"gcp:project": "acme-prod", "gcp:region": "europe-west1"})

func baseArgs() Args {
	return Args{
		Container: Container{
			Image:       "europe-west1-docker.pkg.dev/acme-prod/apps/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			Environment: map[string]pulumi.StringInput{"DB_POOL_SIZE": pulumi.String("5")},
			Secrets: []SecretEnv{{Env: "DATABASE_URL", SecretID: pulumi.String("api-db-url-test-abc123"),
				Version: pulumi.String("1")}},
			Telemetry: telemetry.Settings{Environment: "test"},
		},
		MaxInstances: 18,
		Invokers:     []string{"serviceAccount:frontend@acme-prod.iam.gserviceaccount.com"},
	}
}

func run(t *testing.T, args Args) *pulumitest.Graph {
	t.Helper()
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "api", args)
		return err
	}, gcpConfig)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return g
}

const svcType = "gcp:cloudrunv2/service:Service"

func TestNewChildrenAndContract(t *testing.T) {
	g := run(t, baseArgs())
	want := []string{
		"gcp:cloudrunv2/service:Service api-service",
		"gcp:cloudrunv2/serviceIamMember:ServiceIamMember api-invoker-" + memberSuffix("serviceAccount:frontend@acme-prod.iam.gserviceaccount.com"),
		"gcp:projects/iAMMember:IAMMember api-role-cloudtrace-agent",
		"gcp:projects/iAMMember:IAMMember api-role-logging-logwriter",
		"gcp:projects/iAMMember:IAMMember api-role-monitoring-metricwriter",
		"gcp:secretmanager/secretIamMember:SecretIamMember api-secret-database-url",
		"gcp:serviceaccount/account:Account api-sa",
	}
	if got := g.ChildSet(g.Find(TypeToken, "api")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children =\n%q\nwant\n%q", got, want)
	}
	v := func(path string) any { return pulumitest.MustValue(t, g, svcType, "api-service", path) }
	const email = "api-test-"
	checks := map[string]any{
		"location":                               "europe-west1",
		"ingress":                                "INGRESS_TRAFFIC_ALL",
		"template.timeout":                       "30s",
		"template.maxInstanceRequestConcurrency": 80.0,
		"template.executionEnvironment":          "EXECUTION_ENVIRONMENT_GEN2",
		"template.scaling":                       map[string]any{"minInstanceCount": 0.0, "maxInstanceCount": 18.0},
		"template.containers[0].image":           "europe-west1-docker.pkg.dev/acme-prod/apps/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"template.containers[0].ports":           map[string]any{"containerPort": 8080.0, "name": "http1"},
		"template.containers[0].resources": map[string]any{"limits": map[string]any{"cpu": "1", "memory": "512Mi"},
			"startupCpuBoost": true, "cpuIdle": true},
		"template.containers[0].startupProbe": map[string]any{"httpGet": map[string]any{"path": "/healthz", "port": 8080.0},
			"periodSeconds": 1.0, "timeoutSeconds": 1.0, "failureThreshold": 30.0},
		"template.containers[0].livenessProbe": map[string]any{"httpGet": map[string]any{"path": "/healthz", "port": 8080.0},
			"periodSeconds": 10.0, "timeoutSeconds": 1.0, "failureThreshold": 3.0},
	}
	for path, w := range checks {
		if got := v(path); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", path, got, w)
		}
	}
	if sa, _ := v("template.serviceAccount").(string); !strings.HasPrefix(sa, email) || !strings.HasSuffix(sa, "@acme-prod.iam.gserviceaccount.com") {
		t.Errorf("service account = %v", sa)
	}
	envs := map[string]any{}
	for _, e := range v("template.containers[0].envs").([]any) {
		m := e.(map[string]any)
		if vs, ok := m["valueSource"]; ok {
			envs[m["name"].(string)] = vs
		} else {
			envs[m["name"].(string)] = m["value"]
		}
	}
	wantEnv := map[string]any{
		"DATABASE_URL":                map[string]any{"secretKeyRef": map[string]any{"secret": "api-db-url-test-abc123", "version": "1"}},
		"DB_POOL_SIZE":                "5",
		"HANDLER_TIMEOUT":             "28s",
		"SHUTDOWN_TIMEOUT":            "8s",
		"GOOGLE_CLOUD_PROJECT":        "acme-prod",
		"GROUNDWORK_OTLP_AUTH":        "google",
		"OTEL_EXPORTER_OTLP_ENDPOINT": "https://telemetry.googleapis.com",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
		"OTEL_TRACES_EXPORTER":        "otlp",
		"OTEL_TRACES_SAMPLER":         "parentbased_traceidratio",
		"OTEL_TRACES_SAMPLER_ARG":     "1",
		"OTEL_RESOURCE_ATTRIBUTES":    "cloud.provider=gcp,deployment.environment=test",
		"OTEL_SERVICE_NAME":           "api",
		"LOG_FORMAT":                  "json",
		"LOG_LEVEL":                   "info",
	}
	if !reflect.DeepEqual(envs, wantEnv) {
		t.Errorf("envs =\n%#v\nwant\n%#v", envs, wantEnv)
	}
	acc := g.Find("gcp:secretmanager/secretIamMember:SecretIamMember", "api-secret-database-url").Redacted()
	if acc["secretId"] != "api-db-url-test-abc123" || acc["role"] != "roles/secretmanager.secretAccessor" || !strings.HasPrefix(acc["member"].(string), "serviceAccount:api-test-") {
		t.Errorf("accessor = %v", acc)
	}
	inv := g.OfType("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")[0].Redacted()
	if inv["member"] != "serviceAccount:frontend@acme-prod.iam.gserviceaccount.com" || inv["role"] != "roles/run.invoker" || inv["name"] != "api-service" {
		t.Errorf("invoker = %v", inv)
	}
	svc := g.Find(svcType, "api-service")
	if len(svc.IgnoreChanges) != 0 {
		t.Errorf("ignoreChanges = %v without external image management", svc.IgnoreChanges)
	}
	if len(svc.DependsOn) < 4 {
		t.Errorf("service depends on %v, want its grants", svc.DependsOn)
	}
}

func TestPublicAndExternalImage(t *testing.T) {
	a := baseArgs()
	a.Public, a.Invokers, a.ImageManagedExternally = true, nil, true
	a.Telemetry.Endpoint = "https://otlp.example.com"
	g := run(t, a)
	members := g.OfType("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")
	if len(members) != 1 || members[0].Name != "api-invoker-public" {
		t.Fatalf("invokers = %v", members)
	}
	if m, _ := members[0].String("member"); m != "allUsers" {
		t.Errorf("public member = %q", m)
	}
	if got := g.Find(svcType, "api-service").IgnoreChanges; !reflect.DeepEqual(got, []string{"template.containers[0].image"}) {
		t.Errorf("ignoreChanges = %v", got)
	}
	for _, e := range pulumitest.MustValue(t, g, svcType, "api-service", "template.containers[0].envs").([]any) {
		m := e.(map[string]any)
		if m["name"] == "GROUNDWORK_OTLP_AUTH" || (m["name"] == "OTEL_EXPORTER_OTLP_ENDPOINT" && m["value"] != "https://otlp.example.com") {
			t.Errorf("with a configured endpoint, env %v", m)
		}
	}
}

func TestCheck(t *testing.T) {
	a := Args{MinInstances: 3, MaxInstances: 2, RequestTimeout: 2 * time.Hour,
		Container: Container{CPU: "0.5", Memory: "1GB", Environment: map[string]pulumi.StringInput{"PORT": pulumi.String("1")}},
		Invokers:  []string{"allUsers", "alice@example.com"}}
	want := strings.Join([]string{
		"image is required: a registry path such as REGION-docker.pkg.dev/PROJECT/REPO/api:TAG (a digest pins it best)",
		"the GCP project is not set: `pulumi config set gcp:project PROJECT_ID`",
		"the GCP region is not set: `pulumi config set gcp:region us-central1`",
		`cpu must be one of 1, 2, 4, 6, 8 (whole vCPUs; below one, Cloud Run serves one request at a time), got "0.5"`,
		`memory must look like "512Mi" or "2Gi", got "1GB"`,
		"environment variable PORT is reserved by Cloud Run; choose another name",
		"minInstances must be between 0 and maxInstances (2), got 3",
		"requestTimeout must be at most 1h0m0s (Cloud Run limit), got 2h0m0s; move longer work to a Cloud Run job",
		`invokers "allUsers" would make the service public; set public instead, so the choice is explicit`,
		`invokers "alice@example.com" is not an IAM member; use user:, serviceAccount:, group:, domain: or principal: forms`,
	}, "\n")
	if got := strings.Join(a.Check().Strings(), "\n"); got != want {
		t.Errorf("Check() =\n%v\nwant\n%s", got, want)
	}
	_, err := New(nil, "api", Args{Container: Container{Image: "img:1", Project: "acme-prod", Region: "europe-west1", Secrets: []SecretEnv{{Env: "DATABASE_URL"}}}, MaxInstances: 1})
	if want := `runservice "api": secrets variable DATABASE_URL needs SecretID and Version: pass the secret's id and version outputs`; err == nil || err.Error() != want {
		t.Errorf("New() = %v, want %s", err, want)
	}
}

// Property: derived max instances stay within [1, limit] and, when the
// budget allows one instance at all, never exceed it.
func TestMaxInstancesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		slots, pool, limit := r.IntN(2000), 1+r.IntN(20), 1+r.IntN(1000)
		n := MaxInstancesFor(slots, pool, limit)
		if n < 1 || n > limit || (slots >= pool && n*pool > slots) {
			t.Fatalf("MaxInstancesFor(%d, %d, %d) = %d", slots, pool, limit, n)
		}
	}
}

// The three defaults are independent constants; together they must agree:
// the api workload's own fallback deadline is what the component sets by
// default.
func TestResponseMarginTiesTheDefaults(t *testing.T) {
	if got := HandlerTimeout(DefaultRequestTimeout); got != workloadenv.DefaultHTTPHandlerTimeout {
		t.Errorf("DefaultRequestTimeout %s - ResponseMargin %s = %s, but the workload falls back to %s (workloadenv.DefaultHTTPHandlerTimeout): change them together",
			DefaultRequestTimeout, ResponseMargin, got, workloadenv.DefaultHTTPHandlerTimeout)
	}
	if ResponseMargin <= 0 || ResponseMargin >= DefaultRequestTimeout {
		t.Errorf("ResponseMargin %s must be a positive part of DefaultRequestTimeout %s", ResponseMargin, DefaultRequestTimeout)
	}
}

func TestInvokerShapes(t *testing.T) {
	tests := []struct{ member, want string }{
		{"serviceAccount:web@acme-prod.iam.gserviceaccount.com", ""},
		{"group:oncall@acme.example", ""},
		{"domain:acme.example", ""},
		{"principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*", ""},
		{"user:", `invokers "user:" must have an email address after user:`},
		{"serviceAccount:web", `invokers "serviceAccount:web" must have a service account's email after serviceAccount:`},
		{"domain:", `invokers "domain:" must have a domain such as example.com after domain:`},
		{"group:a b@x.com", `invokers "group:a b@x.com" must have a group's email after group:`},
		{"alice@example.com", `invokers "alice@example.com" is not an IAM member; use user:, serviceAccount:, group:, domain: or principal: forms`},
	}
	for _, tt := range tests {
		var out problem.List
		checkMember(tt.member, &out)
		if got := strings.Join(out.Strings(), "\n"); got != tt.want {
			t.Errorf("checkMember(%q) = %q, want %q", tt.member, got, tt.want)
		}
	}
}

func TestSize(t *testing.T) {
	for _, tc := range []struct {
		a           Args
		cpu, mem    float64
		concurrency int
	}{
		{Args{}, 1, 0.5, 80},
		{Args{Container: Container{CPU: "2", Memory: "2Gi"}, Concurrency: 40}, 2, 2, 40},
		{Args{Container: Container{CPU: "4", Memory: "3072Mi"}}, 4, 3, 80},
	} {
		cpu, mem, c := tc.a.Size()
		if cpu != tc.cpu || mem != tc.mem || c != tc.concurrency {
			t.Errorf("%+v: Size() = %v %v %v, want %v %v %v", tc.a.Container, cpu, mem, c, tc.cpu, tc.mem, tc.concurrency)
		}
	}
}
