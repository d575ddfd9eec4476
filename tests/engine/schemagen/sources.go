package schemagen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

// The provider SDK versions the kit pins (root go.mod); a test ties them to
// the module graph.
const (
	AWSModule        = "github.com/pulumi/pulumi-aws/sdk/v7"
	AWSVersion       = "7.12.0"
	GCPModule        = "github.com/pulumi/pulumi-gcp/sdk/v9"
	GCPVersion       = "9.6.0"
	CloudflareModule = "github.com/pulumi/pulumi-cloudflare/sdk/v5"
	// CloudflareVersion is the SDK version; the full schema of the same tag
	// is the input of the trim.
	CloudflareVersion = "5.49.1"
)

// AWSModules and GCPModules are the SDK packages the kit's components use,
// and those it may reasonably add.
var (
	AWSModules = []string{"", "lambda", "sqs", "iam", "cloudwatch", "scheduler", "secretsmanager", "apigatewayv2", "sns", "kms"}
	GCPModules = []string{"", "cloudrunv2", "serviceaccount", "projects", "secretmanager", "artifactregistry", "monitoring", "logging"}
)

// CloudflareResources are the Cloudflare resources the kit creates and
// those it may reasonably add (v5 names: workersDomain is the custom domain).
var CloudflareResources = []string{
	"cloudflare:index/workersScript:WorkersScript",
	"cloudflare:index/workersRoute:WorkersRoute",
	"cloudflare:index/workersDomain:WorkersDomain",
	"cloudflare:index/workersCronTrigger:WorkersCronTrigger",
	"cloudflare:index/workersSecret:WorkersSecret",
	"cloudflare:index/workersKvNamespace:WorkersKvNamespace",
	"cloudflare:index/workersKv:WorkersKv",
	"cloudflare:index/hyperdriveConfig:HyperdriveConfig",
	"cloudflare:index/logpushJob:LogpushJob",
	"cloudflare:index/r2Bucket:R2Bucket",
	"cloudflare:index/apiToken:ApiToken",
	"cloudflare:index/notificationPolicy:NotificationPolicy",
}

// CloudflareFunctions are the Cloudflare functions (invokes) the kit calls.
var CloudflareFunctions = []string{
	"cloudflare:index/getApiTokenPermissionGroups:getApiTokenPermissionGroups",
}

// ModuleDir is where the Go tool has unpacked a module of the current
// module graph, or an error when it is not in the module cache.
func ModuleDir(module string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		return "", fmt.Errorf("go list -m %s: %v %s (run go mod download)", module, err, stderr.String())
	}
	return dir, nil
}

// AWS derives the aws schema from the SDK at dir.
func AWS(dir string) (*schema.Package, error) {
	return ExtractGo(GoSource{Package: "aws", Version: AWSVersion, ModulePath: AWSModule, Dir: dir, GoDir: "go/aws", Modules: AWSModules})
}

// GCP derives the gcp schema from the SDK at dir.
func GCP(dir string) (*schema.Package, error) {
	return ExtractGo(GoSource{Package: "gcp", Version: GCPVersion, ModulePath: GCPModule, Dir: dir, GoDir: "go/gcp", Modules: GCPModules})
}

// Cloudflare trims the full cloudflare schema (raw JSON) to the kit's resources.
func Cloudflare(raw []byte, from string) (*schema.Package, error) {
	var full schema.Package
	if err := json.Unmarshal(raw, &full); err != nil {
		return nil, err
	}
	// The file in the provider's repository carries no version (its build
	// sets it); the tag it was taken from is the version.
	if full.Name != "cloudflare" || full.Version != "" {
		return nil, fmt.Errorf("%s: want the cloudflare schema.json of tag v%s, got name %q version %q", from, CloudflareVersion, full.Name, full.Version)
	}
	full.Version = CloudflareVersion
	return Trim(&full, append([]string(nil), CloudflareResources...), append([]string(nil), CloudflareFunctions...),
		"github.com/pulumi/pulumi-cloudflare tag v"+CloudflareVersion+", provider/cmd/pulumi-resource-cloudflare/schema.json, "+
			"trimmed by tests/engine/cmd/schemagen to the resources in schemagen.CloudflareResources, the functions in schemagen.CloudflareFunctions and the types they reference; descriptions removed")
}

// DefaultCloudflareSchema is the full cloudflare schema, relative to the
// repository root: the project keeps it beside the repository, in shared/.
const DefaultCloudflareSchema = "../shared/schemas/pulumi-cloudflare-" + CloudflareVersion + "-schema.json"
