// Package notify holds the rules for where alerts go, shared by the
// components that create alert destinations on each cloud.
package notify

import (
	"fmt"
	"net/mail"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// MaxEmails bounds the addresses one blueprint subscribes: a team lists a
// few people or one mailing list.
const MaxEmails = 20

// maxAddress is RFC 5321's limit on a forward path (254 characters usable).
const maxAddress = 254

// CheckEmails reports, under field, each entry that is not a bare address
// (no display name, no angle brackets) and a list longer than MaxEmails.
func CheckEmails(field string, emails []string) problem.List {
	var out problem.List
	if len(emails) > MaxEmails {
		out.Add(field, "are %d, more than %d: subscribe a mailing list instead", len(emails), MaxEmails)
	}
	for i, e := range emails {
		if addr, err := mail.ParseAddress(e); err != nil || addr.Address != e || len(e) > maxAddress {
			out.Add(fmt.Sprintf("%s[%d]", field, i), "must be an email address such as oncall@example.com, got %q", problem.Shown(e))
		}
	}
	return out
}
