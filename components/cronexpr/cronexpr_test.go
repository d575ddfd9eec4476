package cronexpr

import "testing"

func TestEventBridge(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"0 3 * * ? *", ""},
		{"0/15 9-17 ? * MON-FRI *", ""},
		{"0 10 ? * 6L 2030", ""},
		{"0 8 L * ? *", ""},
		{"0 8 15W * ? *", ""},
		{"0 8 ? * 2#1 *", ""},
		{"0 0 1,15 JAN,jul ? 2025-2030", ""},
		{"99 3 * * ? *", `its minutes field "99" has 99, outside 0-59`},
		{"0 24 * * ? *", `its hours field "24" has 24, outside 0-23`},
		{"0 3 * * * *", `it must have ? in exactly one of day-of-month and day-of-week (EventBridge cron cannot set both, and one must be ?), got "*" and "*"`},
		{"0 3 ? * ? *", `it must have ? in exactly one of day-of-month and day-of-week (EventBridge cron cannot set both, and one must be ?), got "?" and "?"`},
		{"0 3 * * ?", "it has 5 fields; EventBridge cron takes 6: minutes hours day-of-month month day-of-week year"},
		{"0 3 32 * ? *", `its day-of-month field "32" has 32, outside 1-31`},
		{"0 3 ? 13 MON *", `its month field "13" has 13, outside 1-12`},
		{"0 3 ? JANUARY MON *", `its month field "JANUARY" has "JANUARY"; use 1-12 or JAN-DEC`},
		{"0 3 ? * 8 *", `its day-of-week field "8" has 8, outside 1-7`},
		{"0 3 ? * MON 1969", `its year field "1969" has 1969, outside 1970-2199`},
		{"0 ? * * ? *", `its hours field "?" cannot be ?`},
		{"0 3 ? * 2#6 *", `its day-of-week field "2#6" has "2#6"; the n in day#n is 1 to 5`},
		{"0 3 5L * ? *", `its day-of-month field "5L" uses "5L", which the day-of-month field does not take`},
		{"0 17-9 * * ? *", `its hours field "17-9" has a range that runs backwards (17-9)`},
		{"*/0 3 * * ? *", `its minutes field "*/0" has step "0"; a step is a number from 1 to 59`},
	}
	for _, tt := range tests {
		if got := EventBridge.Check(tt.expr); got != tt.want {
			t.Errorf("Check(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}

func TestWorkers(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"*/30 * * * *", ""},
		{"0 17 * * SUN", ""},
		{"59 23 LW * *", ""},
		{"0 0 * * 7L", ""},
		{"60 * * * *", `its minute field "60" has 60, outside 0-59`},
		{"0 0 * * 0", `its day-of-week field "0" has 0, outside 1-7`},
		{"0 0 * * ? *", "it has 6 fields; Cloudflare Workers cron takes 5: minute hour day-of-month month day-of-week"},
		{"0 0 ? * *", `its day-of-month field "?" cannot be ?`},
	}
	for _, tt := range tests {
		if got := Workers.Check(tt.expr); got != tt.want {
			t.Errorf("Check(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}
