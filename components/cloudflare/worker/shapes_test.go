package worker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShapes(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Args)
		want   string
	}{
		{"valid", func(*Args) {}, ""},
		{"wildcard host", func(a *Args) { a.Route.Pattern = "*.example.com/api/*" }, ""},
		{"account id by name", func(a *Args) { a.AccountID = "acme" },
			`accountId must be 32 lower-case hex digits (dashboard, Overview, right column: the id, not the name), got "acme"`},
		{"zone id upper-case", func(a *Args) { a.Route.ZoneID = strings.ToUpper(account) },
			`zoneId must be 32 lower-case hex digits (dashboard, Overview, right column: the id, not the name), got "0123456789ABCDEF0123456789ABCDEF"`},
		{"route with a scheme", func(a *Args) { a.Route.Pattern = "https://api.example.com/*" },
			`route must be a pattern without a scheme, such as api.example.com/* (routes match http and https alike), got "https://api.example.com/*"`},
		{"route with a space", func(a *Args) { a.Route.Pattern = "api.example.com/ *" },
			`route must not contain spaces or control characters, got "api.example.com/ *"`},
		{"route with a control character", func(a *Args) { a.Route.Pattern = "api.example.com/\x00" },
			`route must not contain spaces or control characters, got "api.example.com/\x00"`},
		{"route with a query", func(a *Args) { a.Route.Pattern = "api.example.com/?x=1" },
			`route must not contain a query or fragment (routes match on host and path), got "api.example.com/?x=1"`},
		{"wildcard in the middle", func(a *Args) { a.Route.Pattern = "api.example.com/*/items" },
			`route may have * only at the start of the host or the end of the path, got "api.example.com/*/items"`},
		{"host with a port", func(a *Args) { a.Route.Pattern = "api.example.com:8443/*" },
			`route must name a hostname such as api.example.com (lower-case DNS labels, no scheme, spaces or port), got "api.example.com:8443"`},
		{"route too long", func(a *Args) { a.Route.Pattern = "api.example.com/" + strings.Repeat("a", 1100) },
			"route is 1116 characters, more than a route pattern needs (1024)"},
		{"domain with a wildcard", func(a *Args) { a.Route = nil; a.Domain = &Domain{ZoneID: account, Hostname: "*.example.com"} },
			`domain must name a hostname such as api.example.com (lower-case DNS labels, no scheme, spaces or port), got "*.example.com"`},
		{"entry out of the project", func(a *Args) { a.Entry = "../../../../etc/hostname" },
			`entry must be a path inside the project, relative to it (e.g. workloads/edge/src/index.ts), got "../../../../etc/hostname"`},
		{"absolute entry", func(a *Args) { a.Entry = "/etc/hostname" },
			`entry must be a path inside the project, relative to it (e.g. workloads/edge/src/index.ts), got "/etc/hostname"`},
		{"cron minute 99", func(a *Args) { a.Crons = []string{"99 * * * *"} },
			`crons[0] is not a valid Cron Trigger: its minute field "99" has 99, outside 0-59`},
		{"six crons on the free plan", func(a *Args) {
			a.Crons = []string{"0 * * * *", "1 * * * *", "2 * * * *", "3 * * * *", "4 * * * *", "5 * * * *"}
		},
			"crons has 6 triggers; the Workers free plan allows 5 per account (as of " + LimitsCheckedOn + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := baseArgs()
			tt.mutate(&a)
			if got := strings.Join(a.Check().Strings(), "\n"); got != tt.want {
				t.Errorf("Check() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// A symbolic link inside the project that leads out of it is refused
// before anything is bundled.
func TestEntryThroughASymlinkOutOfTheProject(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.ts")
	if err := os.WriteFile(outside, []byte("export default {}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "index.ts")); err != nil {
		t.Fatal(err)
	}
	a := baseArgs()
	a.Dir, a.Entry = dir, "index.ts"
	_, _, problems := a.Prepare()
	if got := strings.Join(problems.Strings(), "\n"); got != "entry leads out of the project through a symbolic link; the Worker's entry must be a file of the project" {
		t.Errorf("Prepare() = %q", got)
	}
}
