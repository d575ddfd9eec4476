package webhook

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/webhooks"
)

var pathRE = regexp.MustCompile(`^/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$`)

var endpointName = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$`)

// Check is pure: it checks the settings and returns every problem at once,
// each with its fix. New also checks the wiring (the queue and the secrets).
func (a Args) Check() problem.List {
	var out problem.List
	if len(a.Endpoints) == 0 {
		out.Add("endpoints", "are required: at least one sender")
	}
	if len(a.Endpoints) > MaxEndpoints {
		out.Add("endpoints", "are %d, more than %d; one HTTP API carries them all and each adds a function", len(a.Endpoints), MaxEndpoints)
	}
	names, paths := map[string]int{}, map[string]int{}
	for i, e := range a.Endpoints {
		at := fmt.Sprintf("endpoints[%d]", i)
		if !endpointName.MatchString(e.Name) {
			out.Add(at+".name", "must be 1-20 of a-z, 0-9 and -, starting and ending with a letter or digit, got %q", problem.Shown(e.Name))
		} else if j, dup := names[e.Name]; dup {
			out.Add(at+".name", "%q is also endpoints[%d]'s; names must be unique", e.Name, j)
		}
		names[e.Name] = i
		path := e.Path
		if path == "" {
			path = workloadenv.DefaultWebhookPath
		}
		if len(path) > MaxPathBytes || !pathRE.MatchString(path) {
			out.Add(at+".path", "must look like /webhook or /hooks/github (no trailing slash, no spaces or parameters), got %q", problem.Shown(path))
		} else if j, dup := paths[path]; dup {
			out.Add(at+".path", "%q is also endpoints[%d]'s; each endpoint needs its own route", path, j)
		}
		paths[path] = i
		if _, err := webhooks.ParseScheme(string(e.Scheme)); err != nil {
			out.Add(at+".scheme", "must be one of %s, got %q", schemeNames(), problem.Shown(string(e.Scheme)))
		}
		if e.MaxBodyBytes < 0 || e.MaxBodyBytes > awslimits.SQSMaxMessageBytes {
			out.Add(at+".maxBodyBytes", "must be between 1 and %d (the SQS message limit; larger payloads belong in object storage), got %d",
				awslimits.SQSMaxMessageBytes, e.MaxBodyBytes)
		}
		switch {
		case e.Tolerance < 0 || e.Tolerance > MaxTolerance:
			out.Add(at+".tolerance", "must be between 1s and %s, got %s; a long window admits replays", MaxTolerance, e.Tolerance)
		case e.Tolerance != 0 && e.Scheme.Tolerance() == 0:
			out.Add(at+".tolerance", "is set, but %s signs no timestamp: its replays are stopped by the delivery id; remove it", e.Scheme)
		}
		if len(e.Secrets) > MaxSecrets {
			out.Add(at+".secrets", "are %d, more than %d: a rotation needs the old and the new one", len(e.Secrets), MaxSecrets)
		}
	}
	if a.ThrottleRate < 0 || a.ThrottleBurst < 0 {
		out.Add("throttleRate", "and throttleBurst must not be negative, got %v and %d", a.ThrottleRate, a.ThrottleBurst)
	}
	return out
}

func (a Args) wiring() problem.List {
	var out problem.List
	if !a.Queue.Linked() {
		out.Add("queue", "is required: the job queue webhooks go to; pass jobqueue's Producer()")
	}
	for i, e := range a.Endpoints {
		if len(e.Secrets) == 0 || slices.Contains(e.Secrets, nil) {
			out.Add(fmt.Sprintf("endpoints[%d].secrets", i), "are required: the signing secrets the sender shows")
		}
	}
	return out
}

func (a Args) withDefaults() Args {
	if a.Package == "" && a.Dir == "" {
		a.Package = DefaultReceiverPackage
	}
	a.Endpoints = slices.Clone(a.Endpoints)
	for i, e := range a.Endpoints {
		if e.Path == "" {
			e.Path = workloadenv.DefaultWebhookPath
		}
		if e.MaxBodyBytes == 0 {
			e.MaxBodyBytes = workloadenv.DefaultWebhookMaxBodyBytes
		}
		if e.Tolerance == 0 {
			e.Tolerance = e.Scheme.Tolerance()
		}
		a.Endpoints[i] = e
	}
	if a.ThrottleRate == 0 {
		a.ThrottleRate = DefaultThrottleRate
	}
	if a.ThrottleBurst == 0 {
		a.ThrottleBurst = DefaultThrottleBurst
	}
	return a
}

func schemeNames() string {
	var names []string
	for _, s := range webhooks.Schemes() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}
