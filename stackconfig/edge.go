package stackconfig

import (
	"fmt"
	"time"
)

// Edge is groundwork:edge. Zero values mean the blueprint's defaults.
type Edge struct {
	AccountID, ZoneID string
	// Route (a zone route pattern) or Domain (a custom domain), one of them.
	Route, Domain string
	// Entry is the Worker's entry file.
	Entry string
	// Plan is free or paid.
	Plan              string
	CompatibilityDate string
	Cache             EdgeCache
	Crons             []string
	MaxBundleKB       int
	ConnectTimeout    time.Duration
	StatementTimeout  time.Duration
}

// EdgeCache is groundwork:edge.cache, Hyperdrive's query cache.
type EdgeCache struct {
	Disabled             bool
	MaxAge               time.Duration
	StaleWhileRevalidate time.Duration
}

type rawEdge struct {
	AccountID         string   `json:"accountId"`
	ZoneID            string   `json:"zoneId"`
	Route             string   `json:"route"`
	Domain            string   `json:"domain"`
	Entry             string   `json:"entry"`
	Plan              string   `json:"plan"`
	CompatibilityDate string   `json:"compatibilityDate"`
	Crons             []string `json:"crons"`
	MaxBundleKB       int      `json:"maxBundleKB"`
	ConnectTimeout    string   `json:"connectTimeout"`
	StatementTimeout  string   `json:"statementTimeout"`
	Cache             struct {
		Disabled             bool   `json:"disabled"`
		MaxAge               string `json:"maxAge"`
		StaleWhileRevalidate string `json:"staleWhileRevalidate"`
	} `json:"cache"`
}

func decodeEdge(raw string) (*Edge, error) {
	var r rawEdge
	errs := prefixed(Key(KeyEdge), strict(raw, &r))
	dur := func(field, v string) time.Duration {
		d, err := ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s.%s %v", Key(KeyEdge), field, err))
		}
		return d
	}
	e := &Edge{AccountID: r.AccountID, ZoneID: r.ZoneID, Route: r.Route, Domain: r.Domain, Entry: r.Entry,
		Plan: r.Plan, CompatibilityDate: r.CompatibilityDate, Crons: r.Crons, MaxBundleKB: r.MaxBundleKB,
		ConnectTimeout:   dur("connectTimeout", r.ConnectTimeout),
		StatementTimeout: dur("statementTimeout", r.StatementTimeout),
		Cache: EdgeCache{Disabled: r.Cache.Disabled, MaxAge: dur("cache.maxAge", r.Cache.MaxAge),
			StaleWhileRevalidate: dur("cache.staleWhileRevalidate", r.Cache.StaleWhileRevalidate)},
	}
	return e, joinErrs(errs)
}
