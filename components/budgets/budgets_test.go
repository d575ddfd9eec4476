package budgets

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func messages(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}

func TestReportErrKeepsOnlyErrors(t *testing.T) {
	r := Report{Blueprint: "b", Ladders: []Ladder{{Name: "l", Rungs: []Rung{{Name: "inner", Knob: "k", Value: time.Minute}, {Name: "outer", Knob: PlatformLimit, Value: time.Second}}}}}
	r.Check()
	r.Add(Finding{Severity: Warning, Budget: "b", Message: "m"})
	if len(r.Warnings()) != 1 {
		t.Errorf("warnings = %v, want one", r.Warnings())
	}
	want := "error: l: inner (k, 1m0s) must be shorter than outer (platform limit, 1s); lower k or raise platform limit"
	if err := r.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want %s", err, want)
	}
	r.Ladders[0].Rungs[0].Value = time.Millisecond
	r.Check()
	r.Add(Finding{Severity: Warning, Budget: "b", Message: "m"})
	if r.Err() != nil {
		t.Errorf("a warning alone must not fail: %v", r.Err())
	}
}

// Property: a ladder of strictly increasing values never fails, and swapping
// any adjacent pair of distinct values fails exactly at that pair.
func TestLadderProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		n := 2 + r.IntN(6)
		rungs := make([]Rung, n)
		v := time.Duration(0)
		for j := range rungs {
			v += time.Duration(1+r.IntN(10_000)) * time.Millisecond
			rungs[j] = Rung{Name: string(rune('a' + j)), Knob: "k" + string(rune('a'+j)), Value: v}
		}
		if f := (Ladder{Name: "p", Rungs: rungs}).Check(); len(f) != 0 {
			t.Fatalf("increasing ladder %v failed: %v", rungs, f)
		}
		k := r.IntN(n - 1)
		swapped := append([]Rung(nil), rungs...)
		swapped[k].Value, swapped[k+1].Value = swapped[k+1].Value, swapped[k].Value
		f := (Ladder{Name: "p", Rungs: swapped}).Check()
		if len(f) != 1 || f[0].Knob != swapped[k].Knob {
			t.Fatalf("swap at %d of %v: findings %v, want one naming %s", k, swapped, f, swapped[k].Knob)
		}
		// Equal neighbours fail unless the inner rung allows it.
		equal := append([]Rung(nil), rungs...)
		equal[k].Value = equal[k+1].Value
		if f := (Ladder{Rungs: equal}).Check(); len(f) != 1 {
			t.Fatalf("equal rungs at %d: findings %v, want one", k, f)
		}
		equal[k].MayEqualNext = true
		if f := (Ladder{Rungs: equal}).Check(); len(f) != 0 {
			t.Fatalf("equal rungs allowed at %d: findings %v, want none", k, f)
		}
	}
}

func TestConnectionsPoolerLimit(t *testing.T) {
	c := Connections{Name: "c", Pooler: "Supavisor", PoolerClientLimit: 200, ServerSlots: 1000, OverServer: Warning,
		Demands: []Demand{{Knob: "a", Instances: 100, PerInstance: 3}}, Fix: "lower a"}
	got := messages(c.Check())
	want := []string{"error: c: worst-case clients a 100 x 3 = 300 exceed the 200 clients the pooler accepts (Supavisor); lower a"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}
