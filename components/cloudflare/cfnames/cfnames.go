// Package cfnames names Cloudflare resources that need explicit names (a
// Worker script, a Hyperdrive config): readable, unique per project and
// stack, within Cloudflare's limits, deterministic.
package cfnames

import (
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// MaxLength is the longest name the kit generates (Worker script names
// allow 63 characters).
const MaxLength = 63

var notNameChar = regexp.MustCompile(`[^a-z0-9-]+`)

// Name is "<project>-<stack>-<component>", lower-cased, trimmed to MaxLength.
func Name(ctx *pulumi.Context, component string) string {
	return NameFor(ctx.Project(), ctx.Stack(), component)
}

// AccountIDRequired completes the sentence about a missing account id, the
// same for every component, so a blueprint reports it once.
const AccountIDRequired = "is required: the Cloudflare account id (dashboard, Workers & Pages, right column)"

// id: Cloudflare's account and zone ids are 32 lower-case hex digits, as the
// dashboard and API show them
// (developers.cloudflare.com/fundamentals/account/find-account-and-zone-ids/).
var id = regexp.MustCompile(`^[0-9a-f]{32}$`)

// CheckID checks an account or zone id's shape; field names it.
func CheckID(field, v string, out *problem.List) {
	if v != "" && !id.MatchString(v) {
		out.Add(field, "must be 32 lower-case hex digits (dashboard, Overview, right column: the id, not the name), got %q", problem.Shown(v))
	}
}

// NameFor is Name for a project and stack known before a program runs
// (a plan naming the Worker a Logpush job filters on).
func NameFor(project, stack, component string) string {
	n := notNameChar.ReplaceAllString(strings.ToLower(project+"-"+stack+"-"+component), "-")
	n = strings.Trim(n, "-")
	if len(n) > MaxLength {
		n = strings.TrimRight(n[:MaxLength], "-")
	}
	return n
}
