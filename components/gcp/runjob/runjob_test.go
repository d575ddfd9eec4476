package runjob

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestNew(t *testing.T) {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "migrate", Args{
			Image: "europe-west1-docker.pkg.dev/acme/apps/api@sha256:0123", Args: []string{"migrate"},
			Secrets: []SecretEnv{{Env: "DATABASE_DIRECT_URL", SecretID: pulumi.String("direct-abc"), Version: pulumi.String("1")}},
		})
		return err
	}, pulumitest.WithConfig(map[string]string{"gcp:project": "acme", "gcp:region": "europe-west1"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"gcp:cloudrunv2/job:Job migrate-job",
		"gcp:projects/iAMMember:IAMMember migrate-role-logging-logwriter",
		"gcp:secretmanager/secretIamMember:SecretIamMember migrate-secret-database-direct-url",
		"gcp:serviceaccount/account:Account migrate-sa",
	}
	if got := g.ChildSet(g.Find(TypeToken, "migrate")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
	tmpl := pulumitest.MustValue(t, g, "gcp:cloudrunv2/job:Job", "migrate-job", "template.template").(map[string]any)
	c := tmpl["containers"].([]any)[0].(map[string]any)
	if tmpl["timeout"] != "600s" || tmpl["maxRetries"] != 0.0 || !reflect.DeepEqual(c["args"], []any{"migrate"}) {
		t.Errorf("template = %v", tmpl)
	}
	envs := c["envs"].([]any)
	last := envs[len(envs)-1].(map[string]any)
	if last["name"] != "DATABASE_DIRECT_URL" || !reflect.DeepEqual(last["valueSource"],
		map[string]any{"secretKeyRef": map[string]any{"secret": "direct-abc", "version": "1"}}) {
		t.Errorf("direct URL env = %v", last)
	}
	for _, e := range envs {
		if m := e.(map[string]any); m["name"] == "OTEL_TRACES_EXPORTER" && m["value"] != "none" {
			t.Errorf("a job exports spans: %v", m)
		}
	}
}

func TestValidate(t *testing.T) {
	err := Args{MaxRetries: 20, Secrets: []SecretEnv{{Env: "1X"}}}.Validate()
	want := strings.Join([]string{
		"Image is required",
		"the GCP project and region must be set: `pulumi config set gcp:project ID` and `gcp:region REGION`",
		"MaxRetries must be between 0 and 10 (Cloud Run limit), got 20",
		`secret environment variable "1X" needs a valid name, SecretID and Version`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("Validate() =\n%v\nwant\n%s", err, want)
	}
}
