package budgets

import (
	"fmt"
	"time"
)

// Knobs of rungs that no config key sets.
const (
	// PlatformLimit marks a rung the platform fixes.
	PlatformLimit = "platform limit"
	// KitDefault marks a rung the kit fixes.
	KitDefault = "kit default"
	// Sender marks a rung the caller (a webhook sender) fixes.
	Sender = "sender"
)

// Rung is one timeout in a ladder.
type Rung struct {
	// Name says what the timeout bounds, e.g. "worker statement_timeout".
	Name string
	// Knob is where it is set: a config key, a kit constant or "platform limit".
	Knob string
	// Value is the timeout.
	Value time.Duration
	// MayEqualNext allows this rung to equal the next one (<= instead of <),
	// for limits that are inclusive, like a timeout at the platform maximum.
	MayEqualNext bool
}

// Ladder is a chain of timeouts, innermost first.
type Ladder struct {
	Name  string
	Rungs []Rung
}

// Check returns one error finding per pair of rungs that do not nest.
func (l Ladder) Check() []Finding {
	var out []Finding
	for i := 0; i+1 < len(l.Rungs); i++ {
		in, outer := l.Rungs[i], l.Rungs[i+1]
		if in.Value < outer.Value || (in.MayEqualNext && in.Value == outer.Value) {
			continue
		}
		rel := "shorter than"
		if in.MayEqualNext {
			rel = "at most"
		}
		out = append(out, Finding{
			Severity: Error,
			Budget:   l.Name,
			Knob:     in.Knob,
			Message: fmt.Sprintf("%s (%s, %s) must be %s %s (%s, %s); lower %s or raise %s",
				in.Name, in.Knob, in.Value, rel, outer.Name, outer.Knob, outer.Value, in.Knob, outer.Knob),
		})
	}
	return out
}
