package budgets

import (
	"fmt"
	"time"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// Severity of a finding.
type Severity int

const (
	// Error fails the program before any resource is registered.
	Error Severity = iota
	// Warning is printed and does not fail.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Finding is one problem, its message complete with numbers and fix.
type Finding struct {
	Severity Severity
	Budget   string
	Knob     string
	Message  string
}

func (f Finding) String() string { return fmt.Sprintf("%s: %s: %s", f.Severity, f.Budget, f.Message) }

// Floor is a lower bound that is not a nesting of two timeouts, e.g. a
// visibility timeout of at least 6 x the consumer's timeout.
type Floor struct {
	Budget string
	Name   string
	Knob   string
	Value  time.Duration
	Min    time.Duration
	// Why explains Min, e.g. "6 x worker timeout 1m0s + batch window 0s".
	Why string
}

// Check returns an error finding when Value < Min.
func (f Floor) Check() []Finding {
	if f.Value >= f.Min {
		return nil
	}
	return []Finding{{Severity: Error, Budget: f.Budget, Knob: f.Knob,
		Message: fmt.Sprintf("%s (%s, %s) must be at least %s (%s); raise %s or leave it unset to derive it",
			f.Name, f.Knob, f.Value, f.Min, f.Why, f.Knob)}}
}

// Report is every budget of a blueprint and what checking them found.
type Report struct {
	Blueprint   string
	Ladders     []Ladder
	Floors      []Floor
	Connections []Connections
	// Derived records values the kit computed rather than read, for the plan.
	Derived  []Derived
	Findings []Finding
}

// Derived is a value the kit computed from the budget.
type Derived struct {
	Knob  string
	Value string
	From  string
}

// Check runs every ladder, floor and connection budget and stores the findings.
func (r *Report) Check() {
	r.Findings = r.Findings[:0:0]
	for _, l := range r.Ladders {
		r.Findings = append(r.Findings, l.Check()...)
	}
	for _, f := range r.Floors {
		r.Findings = append(r.Findings, f.Check()...)
	}
	for _, c := range r.Connections {
		r.Findings = append(r.Findings, c.Check()...)
	}
}

// Add appends a finding computed outside the generic checks.
func (r *Report) Add(f Finding) { r.Findings = append(r.Findings, f) }

// Problems are the error findings, one problem each.
func (r Report) Problems() problem.List {
	var out problem.List
	for _, f := range r.Findings {
		if f.Severity == Error {
			out = append(out, problem.Problem{Message: f.String()})
		}
	}
	return out
}

// Err is nil when no finding is an error, else a *problem.Error of them.
func (r Report) Err() error { return r.Problems().Err() }

// Warnings are the findings that do not fail.
func (r Report) Warnings() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity == Warning {
			out = append(out, f)
		}
	}
	return out
}
