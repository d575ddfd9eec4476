package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/groundwork-iac/groundwork/components/secret"
)

// Jobs is groundwork:jobs.
type Jobs struct {
	Worker    JobsWorker
	Webhook   JobsWebhook
	Schedules []Schedule
	Events    []Event
}

// JobsWorker is groundwork:jobs.worker. Zero values mean the blueprint's defaults.
type JobsWorker struct {
	Timeout           time.Duration
	MemoryMB          int
	MaxConcurrency    int
	BatchSize         int
	BatchWindow       time.Duration
	StatementTimeout  time.Duration
	MessageTimeout    time.Duration
	VisibilityTimeout time.Duration
}

// JobsWebhook is groundwork:jobs.webhook.
type JobsWebhook struct {
	Enabled       bool
	Path          string
	SigningSecret secret.Value
	MaxBodyBytes  int
}

// Schedule is one entry of groundwork:jobs.schedules.
type Schedule struct {
	Name, Expression, Timezone string
	Payload                    json.RawMessage
	Disabled                   bool
}

// Event is one entry of groundwork:jobs.events.
type Event struct {
	Name    string
	Pattern json.RawMessage
}

type rawJobs struct {
	Worker struct {
		Timeout           string `json:"timeout"`
		MemoryMB          int    `json:"memoryMB"`
		MaxConcurrency    int    `json:"maxConcurrency"`
		BatchSize         int    `json:"batchSize"`
		BatchWindow       string `json:"batchWindow"`
		StatementTimeout  string `json:"statementTimeout"`
		MessageTimeout    string `json:"messageTimeout"`
		VisibilityTimeout string `json:"visibilityTimeout"`
	} `json:"worker"`
	Webhook struct {
		Enabled       bool         `json:"enabled"`
		Path          string       `json:"path"`
		SigningSecret secret.Value `json:"signingSecret"`
		MaxBodyBytes  int          `json:"maxBodyBytes"`
	} `json:"webhook"`
	Schedules []struct {
		Name       string          `json:"name"`
		Expression string          `json:"expression"`
		Timezone   string          `json:"timezone"`
		Payload    json.RawMessage `json:"payload"`
		Disabled   bool            `json:"disabled"`
	} `json:"schedules"`
	Events []struct {
		Name    string          `json:"name"`
		Pattern json.RawMessage `json:"pattern"`
	} `json:"events"`
}

func decodeJobs(raw string) (*Jobs, error) {
	var r rawJobs
	var errs []error
	errs = append(errs, prefixed(Key(KeyJobs), strict(raw, &r))...)
	dur := func(field, v string) time.Duration {
		d, err := ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s.%s %v", Key(KeyJobs), field, err))
		}
		return d
	}
	w := r.Worker
	j := &Jobs{
		Worker: JobsWorker{
			Timeout:           dur("worker.timeout", w.Timeout),
			MemoryMB:          w.MemoryMB,
			MaxConcurrency:    w.MaxConcurrency,
			BatchSize:         w.BatchSize,
			BatchWindow:       dur("worker.batchWindow", w.BatchWindow),
			StatementTimeout:  dur("worker.statementTimeout", w.StatementTimeout),
			MessageTimeout:    dur("worker.messageTimeout", w.MessageTimeout),
			VisibilityTimeout: dur("worker.visibilityTimeout", w.VisibilityTimeout),
		},
		Webhook: JobsWebhook{Enabled: r.Webhook.Enabled, Path: r.Webhook.Path,
			SigningSecret: r.Webhook.SigningSecret, MaxBodyBytes: r.Webhook.MaxBodyBytes},
	}
	for _, s := range r.Schedules {
		j.Schedules = append(j.Schedules, Schedule{Name: s.Name, Expression: s.Expression, Timezone: s.Timezone, Payload: s.Payload, Disabled: s.Disabled})
	}
	for _, e := range r.Events {
		j.Events = append(j.Events, Event{Name: e.Name, Pattern: e.Pattern})
	}
	return j, errors.Join(errs...)
}

// ParseDuration reads a Go duration; empty means zero (the default). Its
// error completes a sentence that starts with the key.
func ParseDuration(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("must be a positive Go duration such as \"60s\" or \"2m\", got %q", v)
	}
	return d, nil
}
