package identity

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

var accountIDRule = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)

func TestAccountIDFollowsGoogleRules(t *testing.T) {
	for _, stack := range []string{"dev", "a-very-long-production-stack-name-eu-west", "Stage_2"} {
		_, err := pulumitest.Run(func(ctx *pulumi.Context) error {
			for _, name := range []string{"api", "api-migrate", "9lives", strings.Repeat("x", 40)} {
				id := AccountID(ctx, name)
				if !accountIDRule.MatchString(id) {
					t.Errorf("AccountID(%q) in stack %q = %q breaks Google's rule", name, stack, id)
				}
				if AccountID(ctx, name) != id {
					t.Errorf("AccountID(%q) is not deterministic", name)
				}
			}
			if AccountID(ctx, "api") == AccountID(ctx, "api-migrate") {
				t.Error("two names share an id")
			}
			return nil
		}, pulumitest.WithStack("groundwork", stack))
		if err != nil {
			t.Fatal(err)
		}
	}
}
