package blueprints

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestSelectUnknownListsTheValidOnes(t *testing.T) {
	_, err := Select("jbos")
	want := `groundwork:blueprint: unknown blueprint "jbos"; valid blueprints: ` + strings.Join(Names(), ", ")
	if err == nil || err.Error() != want {
		t.Fatalf("Select() = %v, want %s", err, want)
	}
	if b, err := Select("jobs"); err != nil || b.Name != "jobs" || b.Run == nil || b.Check == nil {
		t.Fatalf("Select(jobs) = %+v, %v", b, err)
	}
}

func TestExecuteListsConfigAndBlueprintProblemsTogether(t *testing.T) {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := Execute(ctx)
		return err
	}, pulumitest.WithConfig(map[string]string{
		"groundwork:blueprint": "jobs",
		"groundwork:database":  `{"provider":"neon","pooledUrl":"postgres://a:b@ep-x.neon.tech/d","maxConections":5}`,
	}))
	if err == nil {
		t.Fatal("Execute succeeded")
	}
	for _, want := range []string{
		"groundwork:database: field maxConections is unknown (did you mean maxConnections?)",
		"groundwork:database.pooledUrl must be the pooled endpoint",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(g.Resources) != 0 {
		t.Errorf("%d resources registered, want none", len(g.Resources))
	}
}
