package main

import (
	"slices"
	"time"
)

// percentile returns the nearest-rank p-th percentile of d: the smallest
// sample with at least p% of the samples at or below it, or 0 when there
// are no samples.
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := (len(s)*p + 99) / 100 // ceil(p/100 * n), 1-based
	return s[max(0, min(len(s)-1, rank-1))]
}

// spread is one cell's value across rounds: the median and the range.
type spread struct {
	median, min, max float64
}

// spreadOf returns the median (the mean of the two middle values for an
// even count) and the minimum and maximum of v; the zero spread for no
// values.
func spreadOf(v []float64) spread {
	if len(v) == 0 {
		return spread{}
	}
	s := slices.Clone(v)
	slices.Sort(s)
	mid := len(s) / 2
	m := s[mid]
	if len(s)%2 == 0 {
		m = (s[mid-1] + s[mid]) / 2
	}
	return spread{median: m, min: s[0], max: s[len(s)-1]}
}

// physicalLimit is the most transactions per second a path can complete:
// each of its server connections runs one transaction at a time, and a
// transaction holds its connection for txTime. It is 0 when either is not
// positive.
func physicalLimit(serverConns int, txTime time.Duration) float64 {
	if serverConns < 1 || txTime <= 0 {
		return 0
	}
	return float64(serverConns) / txTime.Seconds()
}

// shareOfLimit is throughput as a fraction of limit, 0 for no limit.
func shareOfLimit(throughput, limit float64) float64 {
	if limit <= 0 {
		return 0
	}
	return throughput / limit
}

// perSecond is n events over d, 0 for no time.
func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// msOf is d in milliseconds.
func msOf(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
