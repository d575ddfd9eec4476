package golambda

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/envnames"
	"github.com/groundwork-iac/groundwork/components/problem"
)

// reservedEnv are set by Lambda itself and refused by the API.
var reservedEnv = []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
	"AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "_HANDLER", "_X_AMZN_TRACE_ID"}

// Check is pure: it checks the settings (the plain fields) and returns every
// problem at once, each with its fix. New also checks Telemetry and the
// wiring (the secrets' ARNs).
func (a Args) Check() problem.List {
	var out problem.List
	switch {
	case a.Package == "" && a.Zip == "":
		out.Add("package", "is required: the Go main package to build, e.g. ./cmd/worker (or set Zip to a prebuilt package)")
	case a.Package != "" && a.Zip != "":
		out.Add("package", "and zip are both set; set one of them")
	case a.Zip != "":
		if _, err := os.Stat(a.Zip); err != nil {
			out.Add("zip", "%q cannot be read: %v", a.Zip, err)
		}
	}
	switch {
	case a.Timeout <= 0:
		out.Add("timeout", "is required: the platform default of 3s is a trap; set it explicitly, e.g. 60s for a queue worker, 10s for a webhook receiver")
	case a.Timeout > awslimits.LambdaMaxTimeout:
		out.Add("timeout", "must be at most %s (Lambda limit), got %s; move longer work to a container job", awslimits.LambdaMaxTimeout, a.Timeout)
	case a.Timeout%1e9 != 0:
		out.Add("timeout", "must be whole seconds (Lambda's unit), got %s", a.Timeout)
	}
	if a.MemoryMB != 0 && (a.MemoryMB < awslimits.LambdaMinMemoryMB || a.MemoryMB > awslimits.LambdaMaxMemoryMB) {
		out.Add("memoryMB", "must be between %d and %d, got %d", awslimits.LambdaMinMemoryMB, awslimits.LambdaMaxMemoryMB, a.MemoryMB)
	}
	if a.LogRetentionDays != 0 && !slices.Contains(logRetentionDays, a.LogRetentionDays) {
		out.Add("logRetentionDays", "must be one of %v (CloudWatch Logs values), got %d", logRetentionDays, a.LogRetentionDays)
	}
	if l := a.SystemLogLevel; l != "" && l != "DEBUG" && l != "INFO" && l != "WARN" {
		out.Add("systemLogLevel", "must be DEBUG, INFO or WARN, got %q", l)
	}
	if a.ReservedConcurrency < 0 || a.ProvisionedConcurrency < 0 {
		out.Add("reservedConcurrency", "and provisionedConcurrency must not be negative, got %d and %d", a.ReservedConcurrency, a.ProvisionedConcurrency)
	}
	if a.ReservedConcurrency > 0 && a.ProvisionedConcurrency > a.ReservedConcurrency {
		out.Add("provisionedConcurrency", "(%d) must not exceed reservedConcurrency (%d); raise the reservation or lower the provisioned count",
			a.ProvisionedConcurrency, a.ReservedConcurrency)
	}
	a.checkEnv(&out)
	return out
}

// envRules are Lambda's: a name is a letter then at least one letter, digit
// or _ ([a-zA-Z]([a-zA-Z0-9_])+ in the API), and Lambda sets some itself
// (docs.aws.amazon.com/lambda/latest/api/API_Environment.html,
// docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html).
var envRules = envnames.Rules{Platform: "Lambda", Valid: regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]+$`),
	Form: "use two or more letters, digits and _, starting with a letter", Reserved: reservedEnv}

func (a Args) checkEnv(out *problem.List) {
	check := envRules.Checker(out)
	for _, k := range slices.Sorted(maps.Keys(a.Environment)) {
		check("environment", k)
	}
	for _, s := range a.Secrets {
		check("secrets", s.Env)
		if !strings.HasSuffix(s.Env, "_SECRET_ARN") {
			out.Add("secrets", "variable %s must end in _SECRET_ARN: it carries an ARN, never the value", s.Env)
		}
	}
}

// check is everything New checks before it registers anything: the
// settings, the telemetry (after defaults) and the wiring.
func (a Args) check() problem.List {
	out := a.Check()
	out.Extend("telemetry", a.Telemetry.Check())
	for i, s := range a.Secrets {
		if s.ARN == nil {
			out.Add("secrets", "entry %d (%s) has no ARN: pass the secret's ARN output", i, s.Env)
		}
	}
	if n := a.envBytes(); n > EnvLimitBytes {
		out.Add("environment", "is %d bytes with the telemetry contract and the secrets' ARNs (each counted as %d), over Lambda's %d: "+
			"move large values into a secret or the deployment package", n, unknownValueBytes, EnvLimitBytes)
	}
	return out
}

// EnvLimitBytes: Lambda caps a function's environment variables at 4 KB,
// keys and values together
// (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
const EnvLimitBytes = 4096

// unknownValueBytes is what a value not known before the deploy (a secret's
// ARN) counts for: a Secrets Manager ARN of the kit's secret names.
const unknownValueBytes = 128

// envBytes is the size of the environment New sets: the telemetry contract
// (with a service version of the artifact hash's length), the caller's
// values and the secrets' ARNs.
func (a Args) envBytes() int {
	withVersion := a
	withVersion.Telemetry.Version = "000000000000"
	n := 0
	for k, v := range withVersion.environment() {
		n += len(k)
		if s, ok := v.(pulumi.String); ok {
			n += len(s)
		} else {
			n += unknownValueBytes
		}
	}
	return n
}
