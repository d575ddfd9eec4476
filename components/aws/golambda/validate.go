package golambda

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
)

var envName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// reservedEnv are set by Lambda itself and refused by the API.
var reservedEnv = []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
	"AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "_HANDLER", "_X_AMZN_TRACE_ID"}

// Validate is pure and returns every problem at once, each with its fix.
func (a Args) Validate() error {
	var errs []error
	add := func(format string, v ...any) { errs = append(errs, fmt.Errorf(format, v...)) }
	switch {
	case a.Package == "" && a.Zip == "":
		add("Package is required: the Go main package to build, e.g. ./cmd/worker (or set Zip to a prebuilt package)")
	case a.Package != "" && a.Zip != "":
		add("set Package or Zip, not both")
	case a.Zip != "":
		if _, err := os.Stat(a.Zip); err != nil {
			add("Zip %q cannot be read: %v", a.Zip, err)
		}
	}
	switch {
	case a.Timeout <= 0:
		add("Timeout is required: the platform default of 3s is a trap; set it explicitly, e.g. 60s for a queue worker, 10s for a webhook receiver")
	case a.Timeout > awslimits.LambdaMaxTimeout:
		add("Timeout must be at most %s (Lambda limit), got %s; move longer work to a container job", awslimits.LambdaMaxTimeout, a.Timeout)
	case a.Timeout%1e9 != 0:
		add("Timeout must be whole seconds (Lambda's unit), got %s", a.Timeout)
	}
	if a.MemoryMB != 0 && (a.MemoryMB < awslimits.LambdaMinMemoryMB || a.MemoryMB > awslimits.LambdaMaxMemoryMB) {
		add("MemoryMB must be between %d and %d, got %d", awslimits.LambdaMinMemoryMB, awslimits.LambdaMaxMemoryMB, a.MemoryMB)
	}
	if a.LogRetentionDays != 0 && !slices.Contains(logRetentionDays, a.LogRetentionDays) {
		add("LogRetentionDays must be one of %v (CloudWatch Logs values), got %d", logRetentionDays, a.LogRetentionDays)
	}
	if l := a.SystemLogLevel; l != "" && l != "DEBUG" && l != "INFO" && l != "WARN" {
		add("SystemLogLevel must be DEBUG, INFO or WARN, got %q", l)
	}
	if a.ReservedConcurrency < 0 || a.ProvisionedConcurrency < 0 {
		add("ReservedConcurrency and ProvisionedConcurrency must not be negative, got %d and %d", a.ReservedConcurrency, a.ProvisionedConcurrency)
	}
	if a.ReservedConcurrency > 0 && a.ProvisionedConcurrency > a.ReservedConcurrency {
		add("ProvisionedConcurrency (%d) must not exceed ReservedConcurrency (%d); raise the reservation or lower the provisioned count",
			a.ProvisionedConcurrency, a.ReservedConcurrency)
	}
	seen := map[string]bool{}
	check := func(k string) {
		switch {
		case !envName.MatchString(k):
			add("environment variable name %q is invalid: use letters, digits and _, starting with a letter", k)
		case slices.Contains(reservedEnv, k):
			add("environment variable %s is reserved by Lambda; choose another name", k)
		case seen[k]:
			add("environment variable %s is set twice (Environment and Secrets)", k)
		}
		seen[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(a.Environment)) {
		check(k)
	}
	for _, s := range a.Secrets {
		check(s.Env)
		if !strings.HasSuffix(s.Env, "_SECRET_ARN") {
			add("secret environment variable %s must end in _SECRET_ARN: it carries an ARN, never the value", s.Env)
		}
	}
	t := a.Telemetry
	if t.ServiceName == "" {
		t.ServiceName = "defaulted-to-component-name"
	}
	if err := t.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
