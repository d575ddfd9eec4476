package recommend

import (
	"strings"
	"testing"
	"time"
)

// base is the example: a spiky regional Postgres API at 50 req/s.
func base() Inputs {
	return Inputs{Shape: Spiky, SustainedRPS: 50, P99: 200 * time.Millisecond, Scope: Regional, Data: Postgres, Kind: API}
}

func with(f func(*Inputs)) Inputs {
	in := base()
	f(&in)
	return in
}

// Each case is a branch of the tree, most of them a sentence of the guide.
func TestDecide(t *testing.T) {
	cases := []struct {
		name      string
		in        Inputs
		blueprint string
		mode      string
		// reason must appear in one of the reasons (ties the answer to the
		// input that decided it).
		reason string
		// caveat, when set, must appear in one of the caveats.
		caveat string
	}{
		{"regional postgres API: container on demand", base(), "api", AlwaysWarm, "kind api", ""},
		{"a p99 with room for a Cloud Run cold start scales to zero",
			with(func(in *Inputs) { in.P99 = 2 * time.Second }), "api", ScaleToZero, "room for Cloud Run's 1-3 s cold start", ""},
		{"small team: fewest moving parts",
			with(func(in *Inputs) { in.Team = SmallTeam; in.P99 = 2 * time.Second }), "api", ScaleToZero, "team small", ""},
		{"AWS team still gets api, told the AWS alternative",
			with(func(in *Inputs) { in.Team = AWSTeam }), "api", AlwaysWarm, "kind api", "team aws"},
		{"regional search: api, search left to the user",
			with(func(in *Inputs) { in.Data = Search }), "api", AlwaysWarm, "kind api", "data search"},
		{"webhooks: the jobs blueprint, cold starts irrelevant",
			with(func(in *Inputs) { in.Kind = Webhooks }), "jobs", ScaleToZero, "senders retry", ""},
		{"webhooks with a tight p99 still scale to zero",
			with(func(in *Inputs) { in.Kind = Webhooks; in.P99 = 40 * time.Millisecond }), "jobs", ScaleToZero, "does not matter", ""},
		{"queue jobs", with(func(in *Inputs) { in.Kind = QueueJobs }), "jobs", ScaleToZero, "kind queue", ""},
		{"scheduled jobs on key-value data: store left to the user",
			with(func(in *Inputs) { in.Kind = Scheduled; in.Data = KeyValue }), "jobs", ScaleToZero, "kind scheduled", "data key-value"},
		{"edge team with queue jobs is told about Cloudflare Queues",
			with(func(in *Inputs) { in.Kind = QueueJobs; in.Team = EdgeTeam }), "jobs", ScaleToZero, "kind queue", "Cloudflare Queues"},
		{"sub-50ms global p99 points to Workers",
			with(func(in *Inputs) { in.P99 = 40 * time.Millisecond; in.Scope = Global }), "edge", ScaleToZero, "p99 40ms globally", "uncached query"},
		{"sub-50ms regional p99: keep Cloud Run warm instead",
			with(func(in *Inputs) { in.P99 = 40 * time.Millisecond }), "api", AlwaysWarm, "keep one instance warm", ""},
		{"edge-native team with a global product",
			with(func(in *Inputs) { in.Team = EdgeTeam; in.Scope = Global }), "edge", ScaleToZero, "team edge", ""},
		{"key-value data: Workers next to KV",
			with(func(in *Inputs) { in.Data = KeyValue }), "edge", ScaleToZero, "data key-value", "bind KV or D1"},
		{"global search: Workers in front of a search API",
			with(func(in *Inputs) { in.Data = Search; in.Scope = Global }), "edge", ScaleToZero, "data search, global", "search service"},
		{"above ~10k sustained rps always-on wins",
			with(func(in *Inputs) { in.SustainedRPS = 20000; in.Shape = Steady }), "api", AlwaysWarm, "above about 10000 req/s", "groundwork cost"},
		{"just under the crossover stays per-request",
			with(func(in *Inputs) { in.SustainedRPS = 9999; in.P99 = 2 * time.Second }), "api", ScaleToZero, "kind api", ""},
		{"queue work past the crossover moves to the always-on service",
			with(func(in *Inputs) { in.SustainedRPS = 15000; in.Kind = QueueJobs }), "api", AlwaysWarm, "sustained", "consume the queue"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.in.Validate(); err != nil {
				t.Fatalf("inputs invalid: %v", err)
			}
			r := Decide(c.in)
			if r.Blueprint != c.blueprint || r.Mode != c.mode {
				t.Fatalf("Decide = %s / %s, want %s / %s; reasons: %v", r.Blueprint, r.Mode, c.blueprint, c.mode, r.Reasons)
			}
			if !r.Fits() || r.Instead != "" {
				t.Errorf("a fitting answer has Instead %q", r.Instead)
			}
			if !anyContains(r.Reasons, c.reason) {
				t.Errorf("no reason mentions %q: %v", c.reason, r.Reasons)
			}
			if c.caveat != "" && !anyContains(r.Caveats, c.caveat) {
				t.Errorf("no caveat mentions %q: %v", c.caveat, r.Caveats)
			}
			if c.caveat == "" && len(r.Caveats) > 0 {
				t.Errorf("unexpected caveats: %v", r.Caveats)
			}
		})
	}
}

// Long jobs, WebSockets and GPUs fit none of the three, whatever else is
// said, and the answer says what to use instead.
func TestNoneFits(t *testing.T) {
	cases := []struct {
		kind          Kind
		why, instead  string
		overrideInput func(*Inputs)
	}{
		{LongRunning, "Lambda stops at 15 minutes", "Cloud Run jobs", nil},
		{WebSocket, "none of the blueprints keeps a connection", "Durable Objects", nil},
		{GPU, "no GPUs", "Modal", nil},
		// Even past the always-on crossover, or at the edge.
		{LongRunning, "Lambda stops at 15 minutes", "Fly Machines", func(in *Inputs) { in.SustainedRPS = 50000 }},
		{GPU, "no GPUs", "RunPod", func(in *Inputs) { in.P99 = 10 * time.Millisecond; in.Scope = Global }},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			in := with(func(in *Inputs) { in.Kind = c.kind })
			if c.overrideInput != nil {
				c.overrideInput(&in)
			}
			r := Decide(in)
			if r.Fits() || r.Blueprint != "" || r.Mode != "" {
				t.Fatalf("Decide = %q / %q, want none", r.Blueprint, r.Mode)
			}
			if !anyContains(r.Reasons, c.why) || !strings.Contains(r.Instead, c.instead) {
				t.Errorf("reasons %v / instead %q, want %q and %q", r.Reasons, r.Instead, c.why, c.instead)
			}
		})
	}
}

func TestValidateNamesFlagValueAndRule(t *testing.T) {
	in := Inputs{Shape: "bursty", SustainedRPS: -1, PeakRPS: 0, P99: 0, Scope: "planet", Data: "mongo", Kind: "batch", Team: "huge"}
	err := in.Validate()
	if err == nil {
		t.Fatal("invalid inputs accepted")
	}
	for _, want := range []string{
		`--shape "bursty": must be one of spiky, steady`,
		`--region "planet": must be one of regional, global`,
		`--data "mongo": must be one of postgres, key-value, search`,
		`--kind "batch": must be one of api, webhooks, queue, scheduled, long-running, websocket, gpu`,
		`--team "huge": must be one of small, aws, edge, any`,
		`--rps -1: the sustained request rate must be a positive number`,
		`--p99 0s: the latency budget must be a positive duration`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	low := with(func(in *Inputs) { in.PeakRPS = 10 })
	if err := low.Validate(); err == nil || !strings.Contains(err.Error(), "--peak-rps 10: the peak cannot be below the sustained rate 50") {
		t.Errorf("peak below sustained: %v", err)
	}
	if err := base().Validate(); err != nil {
		t.Errorf("valid inputs refused: %v", err)
	}
}

func anyContains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
