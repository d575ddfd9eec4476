package notify

import (
	"strings"
	"testing"
)

func TestCheckEmails(t *testing.T) {
	long := strings.Repeat("a", 250) + "@example.com"
	got := strings.Join(CheckEmails("emails", []string{"oncall@example.com", "oncall", "Ops <ops@example.com>", long}).Strings(), "\n")
	want := `emails[1] must be an email address such as oncall@example.com, got "oncall"` + "\n" +
		`emails[2] must be an email address such as oncall@example.com, got "Ops <ops@example.com>"` + "\n" +
		`emails[3] must be an email address such as oncall@example.com, got "` + strings.Repeat("a", 64) + `... (262 bytes)"`
	if got != want {
		t.Errorf("CheckEmails =\n%s\nwant\n%s", got, want)
	}
	many := make([]string, MaxEmails+1)
	for i := range many {
		many[i] = "a@example.com"
	}
	if got := CheckEmails("emails", many).Strings(); len(got) != 1 || got[0] != "emails are 21, more than 20: subscribe a mailing list instead" {
		t.Errorf("too many: %q", got)
	}
	if got := CheckEmails("emails", many[:MaxEmails]); len(got) != 0 {
		t.Errorf("20 addresses: %q", got.Strings())
	}
}
