package runjob

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestNew(t *testing.T) {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "migrate", Args{
			Container: Container{Image: "europe-west1-docker.pkg.dev/acme/apps/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				Secrets: []SecretEnv{{Env: "DATABASE_DIRECT_URL", SecretID: pulumi.String("direct-abc"), Version: pulumi.String("1")}}},
			Args: []string{"migrate"},
		})
		return err
	}, pulumitest.WithConfig(map[string]string{"gcp:project": "acme-notes", "gcp:region": "europe-west1"}))
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

func TestCheck(t *testing.T) {
	a := Args{MaxRetries: 20, Container: Container{Telemetry: telemetry.Settings{ServiceName: "migrate"}, Secrets: []SecretEnv{{Env: "1X"}}, Environment: map[string]pulumi.StringInput{"CLOUD_RUN_JOB": pulumi.String("x")}}}
	want := strings.Join([]string{
		"image is required: a registry path such as REGION-docker.pkg.dev/PROJECT/REPO/api:TAG (a digest pins it best)",
		"the GCP project is not set: `pulumi config set gcp:project PROJECT_ID`",
		"the GCP region is not set: `pulumi config set gcp:region us-central1`",
		"environment variable CLOUD_RUN_JOB is reserved by Cloud Run; choose another name",
		`secrets variable name "1X" is invalid: use letters, digits and _, not starting with a digit`,
		"maxRetries must be between 0 and 10 (Cloud Run limit), got 20",
		"secrets variable 1X needs SecretID and Version: pass the secret's id and version outputs",
	}, "\n")
	if got := strings.Join(a.check().Strings(), "\n"); got != want {
		t.Errorf("check() =\n%v\nwant\n%s", got, want)
	}
}
