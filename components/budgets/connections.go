package budgets

import "fmt"

// Demand is one group of database clients.
type Demand struct {
	// Name says who connects, e.g. "worker (SQS max concurrency)".
	Name string
	// Knob sets Instances.
	Knob string
	// Instances is the worst-case number of concurrent instances.
	Instances int
	// PerInstance is each instance's pool size.
	PerInstance int
}

// Clients is Instances x PerInstance.
func (d Demand) Clients() int { return d.Instances * d.PerInstance }

// Connections sets worst-case clients against the pooler and the server.
type Connections struct {
	Name    string
	Demands []Demand
	// Pooler names the pooler; PoolerClientLimit is how many clients it
	// accepts (0: no published limit).
	Pooler            string
	PoolerClientLimit int
	// ServerSlots is how many transactions can run at once on the server for
	// these clients; ServerDetail explains the figure.
	ServerSlots  int
	ServerDetail string
	// OverServer is the severity when clients exceed ServerSlots: Error where
	// every client may hold a transaction at once (a queue consumer), Warning
	// where the pooler may queue them briefly.
	OverServer Severity
	// ServerNote explains what exceeding the server's slots does.
	ServerNote string
	// Fix is appended to an over-budget message.
	Fix string
}

// Clients is the worst-case total.
func (c Connections) Clients() int {
	n := 0
	for _, d := range c.Demands {
		n += d.Clients()
	}
	return n
}

// Check returns findings for a client total over the pooler's limit (always
// an error) or over the server's slots (OverServer).
func (c Connections) Check() []Finding {
	var out []Finding
	total := c.Clients()
	knob := ""
	if len(c.Demands) > 0 {
		knob = c.Demands[0].Knob
	}
	if c.PoolerClientLimit > 0 && total > c.PoolerClientLimit {
		out = append(out, Finding{Severity: Error, Budget: c.Name, Knob: knob,
			Message: fmt.Sprintf("worst-case clients %s = %d exceed the %d clients the pooler accepts (%s); %s",
				c.describe(), total, c.PoolerClientLimit, c.Pooler, c.Fix)})
	}
	if total > c.ServerSlots {
		note := ""
		if c.ServerNote != "" {
			note = "; " + c.ServerNote
		}
		out = append(out, Finding{Severity: c.OverServer, Budget: c.Name, Knob: knob,
			Message: fmt.Sprintf("worst-case clients %s = %d exceed the %d server connections available (%s)%s; %s",
				c.describe(), total, c.ServerSlots, c.ServerDetail, note, c.Fix)})
	}
	return out
}

func (c Connections) describe() string {
	s := ""
	for i, d := range c.Demands {
		if i > 0 {
			s += " + "
		}
		s += fmt.Sprintf("%s %d x %d", d.Knob, d.Instances, d.PerInstance)
	}
	return s
}

// Database is what a database endpoint can take, as a connection budget
// sees it: the pooler in front (if any) and the server's slots.
type Database struct {
	Pooler            string
	PoolerClientLimit int
	ServerSlots       int
	ServerDetail      string
}
