package golambda

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

func testArgs() Args {
	return Args{
		Package:     "./testdata/hello",
		Timeout:     60 * time.Second,
		Secrets:     []SecretEnv{{Env: "DATABASE_URL_SECRET_ARN", ARN: pulumi.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf")}},
		Environment: map[string]pulumi.StringInput{"DB_POOL_SIZE": pulumi.String("1")},
		Telemetry:   telemetry.Settings{Endpoint: "https://otlp.example.com", Environment: "test"},
		Statements: []iampolicy.Statement{{Sid: "Send", Actions: []string{"sqs:SendMessage"},
			Resources: iampolicy.Strings("arn:aws:sqs:us-east-1:123456789012:q")}},
		Tags: map[string]string{"blueprint": "jobs"},
	}
}

func run(t *testing.T, args Args) (*pulumitest.Graph, *Function) {
	t.Helper()
	var fn *Function
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		fn, err = New(ctx, "fn", args)
		return err
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return g, fn
}

func input(t *testing.T, r *pulumitest.Resource, path string) any {
	t.Helper()
	if r == nil {
		t.Fatalf("resource missing")
	}
	v, ok := r.Input(path)
	if !ok {
		t.Fatalf("%s %s has no input %s", r.Type, r.Name, path)
	}
	return v.Plain()
}

func TestNewChildrenAndContract(t *testing.T) {
	g, fn := run(t, testArgs())
	comp := g.Find(TypeToken, "fn")
	wantChildren := []string{
		"aws:cloudwatch/logGroup:LogGroup fn-logs",
		"aws:iam/role:Role fn-role",
		"aws:iam/rolePolicy:RolePolicy fn-policy",
		"aws:lambda/function:Function fn-function",
	}
	if got := g.ChildSet(comp); !reflect.DeepEqual(got, wantChildren) {
		t.Fatalf("children = %q, want %q", got, wantChildren)
	}
	f := g.Find("aws:lambda/function:Function", "fn-function")
	want := map[string]any{
		"runtime":                           "provided.al2023",
		"handler":                           "bootstrap",
		"architectures":                     []any{"arm64"},
		"timeout":                           60.0,
		"memorySize":                        512.0,
		"publish":                           false,
		"loggingConfig.logFormat":           "JSON",
		"loggingConfig.logGroup":            "fn-logs",
		"loggingConfig.applicationLogLevel": "INFO",
		"loggingConfig.systemLogLevel":      "WARN",
		"tracingConfig.mode":                "Active",
		"sourceCodeHash":                    fn.Artifact.SourceCodeHash(),
		"role":                              "arn:aws:iam::123456789012:role/fn-role",
		"tags":                              map[string]any{"app": "groundwork", "stack": "test", "component": "fn", "blueprint": "jobs"},
		"environment.variables": map[string]any{
			"DATABASE_URL_SECRET_ARN":     "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
			"DB_POOL_SIZE":                "1",
			"SECRET_FETCH_TIMEOUT":        "3s",
			"LOG_FORMAT":                  "json",
			"LOG_LEVEL":                   "info",
			"OTEL_EXPORTER_OTLP_ENDPOINT": "https://otlp.example.com",
			"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
			"OTEL_RESOURCE_ATTRIBUTES":    "cloud.provider=aws,deployment.environment=test,service.version=" + fn.Artifact.Version(),
			"OTEL_SERVICE_NAME":           "fn",
			"OTEL_TRACES_EXPORTER":        "otlp",
			"OTEL_TRACES_SAMPLER":         "parentbased_traceidratio",
			"OTEL_TRACES_SAMPLER_ARG":     "1",
		},
	}
	for path, w := range want {
		if got := input(t, f, path); !reflect.DeepEqual(got, w) {
			t.Errorf("function %s = %#v, want %#v", path, got, w)
		}
	}
	if _, ok := f.Input("reservedConcurrentExecutions"); ok {
		t.Error("reservedConcurrentExecutions set without ReservedConcurrency")
	}
	wantDeps := []string{
		"urn:pulumi:test::groundwork::groundwork:aws:GoFunction$aws:cloudwatch/logGroup:LogGroup::fn-logs",
		"urn:pulumi:test::groundwork::groundwork:aws:GoFunction$aws:iam/role:Role::fn-role",
		"urn:pulumi:test::groundwork::groundwork:aws:GoFunction$aws:iam/rolePolicy:RolePolicy::fn-policy",
	}
	if got := append([]string(nil), f.DependsOn...); !reflect.DeepEqual(sorted(got), wantDeps) {
		t.Errorf("function depends on %q, want %q (the policy must exist before the first invocation)", got, wantDeps)
	}
	if got := input(t, g.Find("aws:cloudwatch/logGroup:LogGroup", "fn-logs"), "retentionInDays"); got != 30.0 {
		t.Errorf("log retention = %v, want 30", got)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Sid":"AssumeFromOwnAccount","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]}}}]}`
	if got := input(t, g.Find("aws:iam/role:Role", "fn-role"), "assumeRolePolicy"); got != trust {
		t.Errorf("trust policy =\n%s\nwant\n%s", got, trust)
	}
	policy := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"WriteOwnLogs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":["arn:aws:logs:us-east-1:123456789012:log-group:fn-logs:*"]},` +
		`{"Sid":"SendTraces","Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords"],"Resource":["*"]},` +
		`{"Sid":"ReadOwnSecrets","Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"]},` +
		`{"Sid":"Send","Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["arn:aws:sqs:us-east-1:123456789012:q"]}]}`
	p := g.Find("aws:iam/rolePolicy:RolePolicy", "fn-policy")
	if got := input(t, p, "policy"); got != policy {
		t.Errorf("role policy =\n%s\nwant\n%s", got, policy)
	}
	if got := input(t, p, "role"); got != "fn-role" {
		t.Errorf("policy role = %v", got)
	}
	target, _, err := pulumitest.Await(fn.TargetArn)
	if err != nil || target != "arn:aws:lambda:us-east-1:123456789012:function:fn-function" {
		t.Errorf("TargetArn = %v (%v), want the function ARN", target, err)
	}
}

func sorted(s []string) []string { sort.Strings(s); return s }

func TestProvisionedConcurrencyUsesAlias(t *testing.T) {
	args := testArgs()
	args.ProvisionedConcurrency = 2
	args.ReservedConcurrency = 5
	g, fn := run(t, args)
	want := []string{
		"aws:cloudwatch/logGroup:LogGroup fn-logs",
		"aws:iam/role:Role fn-role",
		"aws:iam/rolePolicy:RolePolicy fn-policy",
		"aws:lambda/alias:Alias fn-live",
		"aws:lambda/function:Function fn-function",
		"aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig fn-provisioned",
	}
	if got := g.ChildSet(g.Find(TypeToken, "fn")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
	f := g.Find("aws:lambda/function:Function", "fn-function")
	if input(t, f, "publish") != true || input(t, f, "reservedConcurrentExecutions") != 5.0 {
		t.Errorf("publish/reserved = %v/%v", input(t, f, "publish"), input(t, f, "reservedConcurrentExecutions"))
	}
	pc := g.Find("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "fn-provisioned")
	if input(t, pc, "provisionedConcurrentExecutions") != 2.0 || input(t, pc, "qualifier") != AliasName {
		t.Errorf("provisioned = %v", pc.Redacted())
	}
	if got := input(t, g.Find("aws:lambda/alias:Alias", "fn-live"), "functionVersion"); got != "1" {
		t.Errorf("alias version = %v, want the published version", got)
	}
	target, _, _ := pulumitest.Await(fn.TargetArn)
	if target != "arn:aws:lambda:us-east-1:123456789012:function:fn-function:live" {
		t.Errorf("TargetArn = %v, want the alias", target)
	}
}
