package envnames

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/groundwork-iac/groundwork/components/problem"
)

func TestChecker(t *testing.T) {
	var out problem.List
	check := Rules{Platform: "Lambda", Valid: regexp.MustCompile(`^[A-Z][A-Z_]*$`), Form: "use A-Z and _", Reserved: []string{"AWS_REGION"}}.Checker(&out)
	for _, n := range []string{"OK", "1BAD", "AWS_REGION", "OK"} {
		check("environment", n)
	}
	want := []string{
		`environment variable name "1BAD" is invalid: use A-Z and _`,
		"environment variable AWS_REGION is reserved by Lambda; choose another name",
		"environment variable OK is set twice (environment and secrets)",
	}
	if !reflect.DeepEqual(out.Strings(), want) {
		t.Errorf("problems = %q, want %q", out.Strings(), want)
	}
}
