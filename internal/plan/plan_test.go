package plan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/components/secret"
)

func TestReadConfigLikeTheCLI(t *testing.T) {
	c, err := ReadConfig(Project{Name: "groundwork"}, "testdata/Pulumi.secure.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"aws:region":           "eu-west-1",
		"groundwork:blueprint": "jobs",
		"groundwork:database":  `{"maxConnections":112,"pooledUrl":"` + secret.OfflinePlaceholder + `","provider":"neon"}`,
		"groundwork:jobs": `{"schedules":[{"disabled":true,"expression":"rate(5 minutes)","name":"tick"}],` +
			`"webhooks":[{"name":"stripe","scheme":"stripe","secrets":["` + secret.OfflinePlaceholder + `","` + secret.OfflinePlaceholder + `"]}],"worker":{"timeout":"30s"}}`,
	}
	if !reflect.DeepEqual(c.Values, want) {
		t.Errorf("values =\n%v\nwant\n%v", c.Values, want)
	}
	sort.Strings(c.SecretKeys)
	if !reflect.DeepEqual(c.SecretKeys, []string{"groundwork:database", "groundwork:jobs"}) {
		t.Errorf("secret keys = %v", c.SecretKeys)
	}
}

func TestSecureValuesPlanOffline(t *testing.T) {
	r, err := File(Project{Name: "groundwork"}, "testdata/Pulumi.secure.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("plan failed: %v %v", r.Err, r.Violations)
	}
	if r.Stack != "secure" {
		t.Errorf("stack = %q, want the file's name", r.Stack)
	}
	var text, js bytes.Buffer
	r.Text(&text)
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{text.String(), js.String()} {
		for _, leak := range []string{secret.OfflinePlaceholder, "c2VjcmV0LWNpcGhlcnRleHQ", "bW9yZS1jaXBoZXJ0ZXh0", "c3RpbGwtbW9yZQ", "v1:"} {
			if strings.Contains(out, leak) {
				t.Errorf("plan output contains %q", leak)
			}
		}
	}
	var g Graph
	if err := json.Unmarshal(js.Bytes(), &g); err != nil {
		t.Fatal(err)
	}
	for _, res := range g.Resources {
		if res.Type == "aws:secretsmanager/secretVersion:SecretVersion" && res.Inputs["secretString"] != "[secret]" {
			t.Errorf("%s secretString = %v, want [secret]", res.Name, res.Inputs["secretString"])
		}
	}
}

func TestBrokenConfigListsProblemsAndCreatesNothing(t *testing.T) {
	r, err := File(Project{Name: "groundwork"}, "testdata/Pulumi.broken.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || len(r.Graph.Resources) != 0 {
		t.Fatalf("ok=%v with %d resources, want a failure and none", r.OK(), len(r.Graph.Resources))
	}
	want := []string{
		"groundwork:databse is not a groundwork key; the keys are groundwork:blueprint, groundwork:mode, groundwork:database, groundwork:telemetry, groundwork:alerts, groundwork:jobs, groundwork:api, groundwork:edge",
		`groundwork:mode must be scale-to-zero or always-warm, got "cold"`,
		`groundwork:database.pooledUrl has sslmode=disable; neon requires TLS: use sslmode=require (or verify-full), or leave sslmode out and the kit adds it`,
	}
	if got := r.JSON().Errors; !reflect.DeepEqual(got, want) {
		t.Errorf("errors =\n%q\nwant\n%q", got, want)
	}
	var text bytes.Buffer
	r.Text(&text)
	if strings.Contains(text.String(), "broken-pw") {
		t.Error("the text output leaks the password")
	}
}
