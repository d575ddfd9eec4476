// Package catalog names groundwork's blueprints and says what each deploys,
// once, for everything that lists or mentions them: the blueprint registry,
// the CLI, the cost model and the recommender. It imports no cloud SDK, so
// the pure packages (cost, recommend) can use it.
package catalog

// The blueprints' names, as groundwork:blueprint takes them.
const (
	API  = "api"
	Edge = "edge"
	Jobs = "jobs"
)

// Entry describes one blueprint.
type Entry struct {
	// Name is the value of groundwork:blueprint.
	Name string
	// Summary is the one-line description `groundwork blueprints` lists.
	Summary string
	// Shape is the short form a recommendation prints.
	Shape string
	// Platform names the billed services, as the cost model prints them.
	Platform string
}

// Entries are the blueprints, sorted by name.
var Entries = []Entry{
	{Name: API, Summary: "Google Cloud Run + Neon Postgres through the pooled endpoint, migrations as a Cloud Run job",
		Shape: "Cloud Run + Neon Postgres through its pooled endpoint", Platform: "Cloud Run + Neon pooled"},
	{Name: Edge, Summary: "Cloudflare Worker (Hono) + Hyperdrive in front of Postgres (e.g. Supabase)",
		Shape: "Cloudflare Worker (Hono) + Hyperdrive in front of Postgres", Platform: "Cloudflare Workers + Hyperdrive"},
	{Name: Jobs, Summary: "AWS Lambda + SQS with DLQ + EventBridge rules and schedules + signed webhook ingress",
		Shape: "AWS Lambda + SQS with DLQ + EventBridge + webhook ingress", Platform: "HTTP API + Lambda + SQS"},
}

// Names are the blueprints' names, sorted.
func Names() []string {
	out := make([]string, len(Entries))
	for i, e := range Entries {
		out[i] = e.Name
	}
	return out
}

// Lookup returns the named blueprint's entry.
func Lookup(name string) (Entry, bool) {
	for _, e := range Entries {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}
