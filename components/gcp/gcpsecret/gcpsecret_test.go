package gcpsecret

import (
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestNewStoresTheValueAsASecret(t *testing.T) {
	var s *Secret
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		s, err = New(ctx, "api-db-url", Args{Value: pulumi.String("postgres://u:pw-1@h/d")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	v, ok := g.Find("gcp:secretmanager/secretVersion:SecretVersion", "api-db-url-version").Input("secretData")
	if !ok || !v.Secret || v.Plain() != "postgres://u:pw-1@h/d" {
		t.Errorf("secretData = %+v, want the value as a secret", v)
	}
	id, _ := g.Find("gcp:secretmanager/secret:Secret", "api-db-url-secret").String("secretId")
	if !regexp.MustCompile(`^api-db-url-test-[0-9a-f]{6}$`).MatchString(id) {
		t.Errorf("secretId = %q", id)
	}
	if rep := pulumitest.MustValue(t, g, "gcp:secretmanager/secret:Secret", "api-db-url-secret", "replication"); rep == nil {
		t.Error("no replication")
	}
	version, _, err := pulumitest.Await(s.VersionNumber)
	if err != nil || version != "1" {
		t.Errorf("version = %v, %v", version, err)
	}
}
