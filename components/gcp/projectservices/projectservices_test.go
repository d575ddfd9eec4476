package projectservices

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestServicesStayOnAtDestroy(t *testing.T) {
	var s *Services
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		s, err = New(ctx, "api-services", Args{Project: "acme", Services: []string{Run, SecretManager, Run}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gcp:projects/service:Service api-services-run", "gcp:projects/service:Service api-services-secretmanager"}
	if got := g.ChildSet(g.Find(TypeToken, "api-services")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q (each API once)", got, want)
	}
	got := g.Find("gcp:projects/service:Service", "api-services-run").Redacted()
	if !reflect.DeepEqual(got, map[string]any{"project": "acme", "service": "run.googleapis.com", "disableOnDestroy": false, "disableDependentServices": false}) {
		t.Errorf("service = %v", got)
	}
	if len(s.Resources()) != 2 {
		t.Errorf("Resources() = %d", len(s.Resources()))
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{Services: []string{"run", "Run.googleapis.com"}}.Check().Strings(), "\n")
	want := `services[0] must be an API name such as run.googleapis.com, got "run"` + "\n" + `services[1] must be an API name such as run.googleapis.com, got "Run.googleapis.com"`
	if got != want {
		t.Errorf("Check() =\n%s\nwant\n%s", got, want)
	}
}
