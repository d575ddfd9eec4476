package runservice

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

var (
	envName  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	memoryRE = regexp.MustCompile(`^[1-9][0-9]*(Mi|Gi)$`)
	// cpus are the whole-vCPU values; below one vCPU Cloud Run allows only
	// one request at a time, which defeats per-instance concurrency.
	cpus = []string{"1", "2", "4", "6", "8"}
	// reservedEnv are set by Cloud Run itself.
	reservedEnv = []string{"PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"}
	// memberPrefixes are the IAM member forms an invoker may take.
	memberPrefixes = []string{"user:", "serviceAccount:", "group:", "domain:", "principal:", "principalSet:"}
)

// Validate is pure and returns every problem at once, each with its fix.
// Project and Region are checked as given; New fills them from the provider
// config first.
func (a Args) Validate() error {
	var errs []error
	add := func(format string, v ...any) { errs = append(errs, fmt.Errorf(format, v...)) }
	if strings.TrimSpace(a.Image) == "" || strings.ContainsAny(a.Image, " \t\n") {
		add("Image is required: a registry path such as REGION-docker.pkg.dev/PROJECT/REPO/api:TAG (a digest pins it best)")
	}
	if a.Project == "" {
		add("the GCP project is not set: `pulumi config set gcp:project PROJECT_ID`")
	}
	if a.Region == "" {
		add("the GCP region is not set: `pulumi config set gcp:region us-central1`")
	}
	if a.Port < 0 || a.Port > 65535 {
		add("Port must be between 1 and 65535, got %d", a.Port)
	}
	if a.CPU != "" && !slices.Contains(cpus, a.CPU) {
		add("CPU must be one of %s (whole vCPUs; below one, Cloud Run serves one request at a time), got %q", strings.Join(cpus, ", "), a.CPU)
	}
	if a.Memory != "" && !memoryRE.MatchString(a.Memory) {
		add(`Memory must look like "512Mi" or "2Gi", got %q`, a.Memory)
	}
	switch {
	case a.MaxInstances < 1:
		add("MaxInstances must be at least 1, got %d; it caps scale-out and the database connections with it", a.MaxInstances)
	case a.MinInstances < 0 || a.MinInstances > a.MaxInstances:
		add("MinInstances must be between 0 and MaxInstances (%d), got %d", a.MaxInstances, a.MinInstances)
	}
	if a.Concurrency < 0 || a.Concurrency > MaxConcurrency {
		add("Concurrency must be between 1 and %d, got %d", MaxConcurrency, a.Concurrency)
	}
	if t := a.RequestTimeout; t != 0 {
		switch {
		case t > MaxRequestTimeout:
			add("RequestTimeout must be at most %s (Cloud Run limit), got %s; move longer work to a Cloud Run job", MaxRequestTimeout, t)
		case t <= ResponseMargin || t%time.Second != 0:
			add("RequestTimeout must be whole seconds above %s (the handler answers %s before it), got %s", ResponseMargin, ResponseMargin, t)
		}
	}
	for _, m := range a.Invokers {
		switch {
		case m == AllUsers || m == "allAuthenticatedUsers":
			add("invoker %q would make the service public; set Public instead, so the choice is explicit", m)
		case !slices.ContainsFunc(memberPrefixes, func(p string) bool { return strings.HasPrefix(m, p) }):
			add("invoker %q is not an IAM member; use user:, serviceAccount:, group:, domain: or principal: forms", m)
		}
	}
	seen := map[string]bool{}
	check := func(k string) {
		switch {
		case !envName.MatchString(k):
			add("environment variable name %q is invalid", k)
		case slices.Contains(reservedEnv, k):
			add("environment variable %s is set by Cloud Run; choose another name", k)
		case seen[k]:
			add("environment variable %s is set twice", k)
		}
		seen[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(a.Environment)) {
		check(k)
	}
	for _, s := range a.Secrets {
		check(s.Env)
		if s.SecretID == nil || s.Version == nil {
			add("secret environment variable %s needs SecretID and Version", s.Env)
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
