package webhook

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/awssecret"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/webhooks"
)

const (
	topic    = "arn:aws:sns:us-east-1:123456789012:alerts"
	queueURL = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs-queue"
	queueArn = "arn:aws:sqs:us-east-1:123456789012:jobs-queue"
	key      = "whsec-test-signing-key"
)

func run(t *testing.T, args Args) (*pulumitest.Graph, *Ingress) {
	t.Helper()
	var in *Ingress
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		in, err = New(ctx, "hooks", args)
		return err
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return g, in
}

func baseArgs() Args {
	return Args{Queue: jobqueue.Producer{URL: pulumi.String(queueURL), Arn: pulumi.String(queueArn)},
		Endpoints:    []Endpoint{{Name: "github", Path: "/hooks/github", Scheme: webhooks.GitHub, Secrets: []pulumi.StringInput{pulumi.String(key)}}},
		AlarmActions: []pulumi.StringInput{pulumi.String(topic)}}
}

func TestNewBuildsTheKitReceiverAndWiresTheRoute(t *testing.T) {
	g, in := run(t, baseArgs())
	want := []string{
		"aws:apigatewayv2/api:Api hooks-api",
		"aws:apigatewayv2/integration:Integration hooks-integration",
		"aws:apigatewayv2/route:Route hooks-route",
		"aws:apigatewayv2/stage:Stage hooks-stage",
		"aws:cloudwatch/logGroup:LogGroup hooks-access-logs",
		"aws:cloudwatch/metricAlarm:MetricAlarm hooks-4xx",
		"aws:cloudwatch/metricAlarm:MetricAlarm hooks-5xx",
		"aws:lambda/permission:Permission hooks-invoke-permission",
		golambda.TypeToken + " hooks-receiver",
		awssecret.TypeToken + " hooks-signing-key",
	}
	if got := g.ChildSet(g.Find(TypeToken, "hooks")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children =\n%q\nwant\n%q", got, want)
	}
	for name, want := range map[string]map[string]any{
		"hooks-5xx": {"namespace": "AWS/ApiGateway", "metricName": "5xx", "statistic": "Sum", "period": 300.0, "threshold": 5.0,
			"comparisonOperator": "GreaterThanOrEqualToThreshold", "dimensions": map[string]any{"ApiId": "hooks-api", "Stage": "$default"},
			"alarmActions": []any{topic}, "okActions": []any{topic}},
		"hooks-4xx": {"namespace": "AWS/ApiGateway", "metricName": "4xx", "statistic": "Sum", "period": 300.0, "threshold": 50.0,
			"comparisonOperator": "GreaterThanOrEqualToThreshold", "dimensions": map[string]any{"ApiId": "hooks-api", "Stage": "$default"},
			"alarmActions": []any{topic}, "okActions": []any{topic}},
	} {
		for path, w := range want {
			if got := pulumitest.MustValue(t, g, "aws:cloudwatch/metricAlarm:MetricAlarm", name, path); !reflect.DeepEqual(got, w) {
				t.Errorf("%s %s = %#v, want %#v", name, path, got, w)
			}
		}
	}
	version := g.Find("aws:secretsmanager/secretVersion:SecretVersion", "hooks-signing-key-version")
	if v, ok := version.Input("secretString"); !ok || !v.Secret || v.Plain() != `["`+key+`"]` {
		t.Errorf("signing key version = %+v, want the secrets as a JSON list, a secret", v)
	}
	fn := g.Find("aws:lambda/function:Function", "hooks-receiver-function")
	env, _ := fn.Input("environment.variables")
	wantEnv := map[string]any{
		"JOB_QUEUE_URL":          queueURL,
		"WEBHOOK_ENDPOINT":       "github",
		"WEBHOOK_SCHEME":         "github",
		"WEBHOOK_SECRET_VERSION": versionID(t, g, "hooks-signing-key-version"),
		"WEBHOOK_PATH":           "/hooks/github",
		"WEBHOOK_MAX_BODY_BYTES": "262144",
		"HANDLER_TIMEOUT":        "8s",
		"ENQUEUE_TIMEOUT":        "3s",
		"WEBHOOK_SECRET_ARN":     "arn:aws:secretsmanager:us-east-1:123456789012:secret:hooks-signing-key-secret-AbCdEf",
		"SECRET_FETCH_TIMEOUT":   "3s",
	}
	got := env.Plain().(map[string]any)
	for k, v := range wantEnv {
		if got[k] != v {
			t.Errorf("receiver env %s = %v, want %v", k, got[k], v)
		}
	}
	if tol, ok := got["WEBHOOK_TOLERANCE"]; ok {
		t.Errorf("WEBHOOK_TOLERANCE = %v for github, which signs no timestamp", tol)
	}
	if timeout, _ := fn.Number("timeout"); timeout != 10 {
		t.Errorf("receiver timeout = %v, want 10", timeout)
	}
	policy, _ := g.Find("aws:iam/rolePolicy:RolePolicy", "hooks-receiver-policy").String("policy")
	for _, stmt := range []string{
		`{"Sid":"ReadOwnSecrets","Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":["arn:aws:secretsmanager:us-east-1:123456789012:secret:hooks-signing-key-secret-AbCdEf"]}`,
		`{"Sid":"SendToJobQueue","Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["` + queueArn + `"]}`,
	} {
		if !strings.Contains(policy, stmt) {
			t.Errorf("receiver policy lacks %s:\n%s", stmt, policy)
		}
	}
	integ := g.Find("aws:apigatewayv2/integration:Integration", "hooks-integration").Redacted()
	wantInteg := map[string]any{"apiId": "hooks-api", "integrationType": "AWS_PROXY", "integrationMethod": "POST",
		"integrationUri":       "arn:aws:lambda:us-east-1:123456789012:function:hooks-receiver-function",
		"payloadFormatVersion": "2.0", "timeoutMilliseconds": 10000.0}
	if !reflect.DeepEqual(integ, wantInteg) {
		t.Errorf("integration =\n%#v\nwant\n%#v", integ, wantInteg)
	}
	if rk, _ := g.Find("aws:apigatewayv2/route:Route", "hooks-route").String("routeKey"); rk != "POST /hooks/github" {
		t.Errorf("route key = %q", rk)
	}
	stage := g.Find("aws:apigatewayv2/stage:Stage", "hooks-stage")
	if s, _ := stage.Input("defaultRouteSettings"); !reflect.DeepEqual(s.Plain(), map[string]any{
		"throttlingRateLimit": 50.0, "throttlingBurstLimit": 100.0, "detailedMetricsEnabled": true}) {
		t.Errorf("stage throttling = %#v", s.Plain())
	}
	perm := g.Find("aws:lambda/permission:Permission", "hooks-invoke-permission").Redacted()
	wantPerm := map[string]any{"action": "lambda:InvokeFunction", "function": "hooks-receiver-function",
		"principal": "apigateway.amazonaws.com", "sourceArn": "arn:aws:execute-api:us-east-1:123456789012:hooks-api/*/POST/hooks/github"}
	if !reflect.DeepEqual(perm, wantPerm) {
		t.Errorf("permission =\n%#v\nwant\n%#v", perm, wantPerm)
	}
	url, _, err := pulumitest.Await(in.URL)
	if err != nil || url != "https://hooks-api.execute-api.us-east-1.amazonaws.com/hooks/github" {
		t.Errorf("URL = %v (%v)", url, err)
	}
}

func TestAlwaysWarmInvokesTheAlias(t *testing.T) {
	args := baseArgs()
	args.ProvisionedConcurrency = 1
	g, _ := run(t, args)
	if q, _ := g.Find("aws:lambda/permission:Permission", "hooks-invoke-permission").String("qualifier"); q != "live" {
		t.Errorf("permission qualifier = %q, want live", q)
	}
	if u, _ := g.Find("aws:apigatewayv2/integration:Integration", "hooks-integration").String("integrationUri"); !strings.HasSuffix(u, ":live") {
		t.Errorf("integration URI = %q, want the alias", u)
	}
}

func TestCheck(t *testing.T) {
	args := Args{Endpoints: []Endpoint{
		{Name: "Stripe", Path: "/hooks/", Scheme: "stripe", MaxBodyBytes: -1, Tolerance: 2 * time.Hour},
		{Name: "gh", Path: "/hooks/gh", Scheme: "github", Tolerance: time.Minute},
		{Name: "gh", Path: "/hooks/gh", Scheme: "svix"},
	}}
	want := strings.Join([]string{
		`endpoints[0].name must be 1-20 of a-z, 0-9 and -, starting and ending with a letter or digit, got "Stripe"`,
		`endpoints[0].path must look like /webhook or /hooks/github (no trailing slash, no spaces or parameters), got "/hooks/"`,
		"endpoints[0].maxBodyBytes must be between 1 and 262144 (the SQS message limit; larger payloads belong in object storage), got -1",
		"endpoints[0].tolerance must be between 1s and 1h0m0s, got 2h0m0s; a long window admits replays",
		"endpoints[1].tolerance is set, but github signs no timestamp: its replays are stopped by the delivery id; remove it",
		`endpoints[2].name "gh" is also endpoints[1]'s; names must be unique`,
		`endpoints[2].path "/hooks/gh" is also endpoints[1]'s; each endpoint needs its own route`,
		`endpoints[2].scheme must be one of standard, stripe, github, slack, shopify, got "svix"`,
	}, "\n")
	if got := strings.Join(args.Check().Strings(), "\n"); got != want {
		t.Errorf("Check() =\n%v\nwant\n%s", got, want)
	}
	_, err := New(nil, "hooks", Args{Endpoints: []Endpoint{{Name: "a", Scheme: "standard"}}})
	wantNew := "webhook \"hooks\": queue is required: the job queue webhooks go to; pass jobqueue's Producer()\nendpoints[0].secrets are required: the signing secrets the sender shows"
	if err == nil || err.Error() != wantNew {
		t.Errorf("New() = %v, want %s", err, wantNew)
	}
}

// Several senders: one route and one receiver each, each receiver reading
// only its own endpoint's secrets; the first keeps the single-endpoint
// names.
func TestEndpointsAreRoutesWithTheirOwnReceivers(t *testing.T) {
	a := baseArgs()
	a.Endpoints = append(a.Endpoints, Endpoint{Name: "stripe", Path: "/hooks/stripe", Scheme: webhooks.Stripe,
		Secrets: []pulumi.StringInput{pulumi.String("whsec_old"), pulumi.String("whsec_new")}})
	g, in := run(t, a)
	children := g.ChildSet(g.Find(TypeToken, "hooks"))
	for _, want := range []string{
		"aws:apigatewayv2/integration:Integration hooks-integration", "aws:apigatewayv2/route:Route hooks-route",
		"aws:lambda/permission:Permission hooks-invoke-permission", golambda.TypeToken + " hooks-receiver", awssecret.TypeToken + " hooks-signing-key",
		"aws:apigatewayv2/integration:Integration hooks-stripe-integration", "aws:apigatewayv2/route:Route hooks-stripe-route",
		"aws:lambda/permission:Permission hooks-stripe-invoke-permission", golambda.TypeToken + " hooks-stripe-receiver",
		awssecret.TypeToken + " hooks-stripe-signing-key",
	} {
		if !slices.Contains(children, want) {
			t.Errorf("no %s in %q", want, children)
		}
	}
	if n := len(g.OfType("aws:apigatewayv2/api:Api")); n != 1 {
		t.Errorf("%d HTTP APIs, want one for every endpoint", n)
	}
	if rk, _ := g.Find("aws:apigatewayv2/route:Route", "hooks-stripe-route").String("routeKey"); rk != "POST /hooks/stripe" {
		t.Errorf("stripe route = %q", rk)
	}
	if v, _ := g.Find("aws:secretsmanager/secretVersion:SecretVersion", "hooks-stripe-signing-key-version").Input("secretString"); !v.Secret || v.Plain() != `["whsec_old","whsec_new"]` {
		t.Errorf("stripe secrets = %+v", v)
	}
	env := pulumitest.MustValue(t, g, "aws:lambda/function:Function", "hooks-stripe-receiver-function", "environment.variables").(map[string]any)
	if env["WEBHOOK_ENDPOINT"] != "stripe" || env["WEBHOOK_SCHEME"] != "stripe" || env["WEBHOOK_TOLERANCE"] != "5m0s" || env["WEBHOOK_PATH"] != "/hooks/stripe" {
		t.Errorf("stripe receiver env = %v", env)
	}
	for fn, own := range map[string]string{"hooks-receiver-policy": "hooks-signing-key", "hooks-stripe-receiver-policy": "hooks-stripe-signing-key"} {
		policy, _ := g.Find("aws:iam/rolePolicy:RolePolicy", fn).String("policy")
		other := map[string]string{"hooks-signing-key": "hooks-stripe-signing-key", "hooks-stripe-signing-key": "hooks-signing-key"}[own]
		if !strings.Contains(policy, "secret:"+own+"-secret-") || strings.Contains(policy, "secret:"+other+"-secret-") {
			t.Errorf("%s reads %s", fn, policy)
		}
	}
	urls, _, _ := pulumitest.Await(in.URLs)
	want := map[string]string{"github": "https://hooks-api.execute-api.us-east-1.amazonaws.com/hooks/github",
		"stripe": "https://hooks-api.execute-api.us-east-1.amazonaws.com/hooks/stripe"}
	if !reflect.DeepEqual(urls, want) {
		t.Errorf("URLs = %v, want %v", urls, want)
	}
}

func versionID(t *testing.T, g *pulumitest.Graph, name string) string {
	t.Helper()
	v := g.Find("aws:secretsmanager/secretVersion:SecretVersion", name)
	if v == nil {
		t.Fatalf("no secret version %s", name)
	}
	return "v1-" + name // the model's version id
}

// The receiver's ladder nests with the kit's defaults; each rung is the
// constant it names.
func TestLadder(t *testing.T) {
	l := Ladder()
	if f := l.Check(); len(f) != 0 {
		t.Fatalf("the kit's own webhook ladder fails: %v", f)
	}
	want := []time.Duration{workloadenv.DefaultEnqueueTimeout, workloadenv.DefaultHandlerTimeout, Timeout, IntegrationTimeout, SenderTimeout}
	for i, r := range l.Rungs {
		if r.Value != want[i] {
			t.Errorf("rung %s = %s, want %s", r.Name, r.Value, want[i])
		}
	}
	l.Rungs[1].Value = 12 * time.Second
	if f := l.Check(); len(f) != 1 || f[0].String() != "error: webhook timeouts: receiver handler deadline (kit default, 12s) must be shorter than receiver Lambda timeout (kit default, 10s); lower kit default or raise kit default" {
		t.Errorf("a handler deadline past the timeout: %v", f)
	}
}
