package registry

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestRepositoryDeletesOldVersionsAndKeepsRecentOnes(t *testing.T) {
	var r *Registry
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		r, err = New(ctx, "api-images", Args{ID: "apps", Project: "acme", Location: "europe-west1", Labels: map[string]string{"app": "api"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := g.Find("gcp:artifactregistry/repository:Repository", "api-images-repository").Redacted()
	want := map[string]any{
		"repositoryId": "apps", "format": "DOCKER", "project": "acme", "location": "europe-west1", "labels": map[string]any{"app": "api"},
		"description":         "images of groundwork/test; the 10 newest kept, older ones deleted after 720h0m0s",
		"cleanupPolicyDryRun": false,
		"cleanupPolicies": []any{
			map[string]any{"id": "delete-old-versions", "action": "DELETE", "condition": map[string]any{"tagState": "ANY", "olderThan": "2592000s"}},
			map[string]any{"id": "keep-recent-versions", "action": "KEEP", "mostRecentVersions": map[string]any{"keepCount": 10.0}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("repository =\n%v\nwant\n%v", got, want)
	}
	if url, _, _ := pulumitest.Await(r.URL); url != "europe-west1-docker.pkg.dev/acme/apps" {
		t.Errorf("URL = %v", url)
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{ID: "Apps_1", KeepRecent: -1, DeleteAfter: time.Hour}.Check().Strings(), "\n")
	want := `id must be 1-63 of a-z, 0-9 and -, starting with a letter and ending with a letter or digit, got "Apps_1"` + "\n" +
		"keepRecent must be between 1 and 1000 versions, got -1\n" +
		"deleteAfter must be at least 24h0m0s, got 1h0m0s: an image pushed but not yet deployed would be deleted"
	if got != want {
		t.Errorf("Check() =\n%s\nwant\n%s", got, want)
	}
}
