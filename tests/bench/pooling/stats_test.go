package main

import (
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	ms := time.Millisecond
	// Unsorted on purpose: percentile sorts a copy.
	ten := []time.Duration{7 * ms, 1 * ms, 10 * ms, 3 * ms, 2 * ms, 9 * ms, 4 * ms, 8 * ms, 5 * ms, 6 * ms}
	cases := []struct {
		name string
		d    []time.Duration
		p    int
		want time.Duration
	}{
		{"none", nil, 50, 0},
		{"one sample p50", []time.Duration{4 * ms}, 50, 4 * ms},
		{"one sample p99", []time.Duration{4 * ms}, 99, 4 * ms},
		{"ten p50 is the 5th", ten, 50, 5 * ms},
		{"ten p51 is the 6th", ten, 51, 6 * ms},
		{"ten p90 is the 9th", ten, 90, 9 * ms},
		{"ten p99 is the 10th", ten, 99, 10 * ms},
		{"ten p100 is the max", ten, 100, 10 * ms},
		{"ten p1 is the min", ten, 1, 1 * ms},
		{"two p50 is the lower", []time.Duration{2 * ms, 1 * ms}, 50, 1 * ms},
	}
	for _, c := range cases {
		if got := percentile(c.d, c.p); got != c.want {
			t.Errorf("%s: percentile(p%d) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
	if ten[0] != 7*ms {
		t.Errorf("percentile sorted its input in place: ten[0] = %v, want 7ms", ten[0])
	}
}

func TestPercentileOf200(t *testing.T) {
	d := make([]time.Duration, 200)
	for i := range d {
		d[i] = time.Duration(200-i) * time.Microsecond // 200µs .. 1µs
	}
	if got, want := percentile(d, 99), 198*time.Microsecond; got != want {
		t.Errorf("p99 of 1..200µs = %v, want %v (the 198th)", got, want)
	}
	if got, want := percentile(d, 50), 100*time.Microsecond; got != want {
		t.Errorf("p50 of 1..200µs = %v, want %v (the 100th)", got, want)
	}
}

func TestSpreadOf(t *testing.T) {
	cases := []struct {
		name string
		v    []float64
		want spread
	}{
		{"none", nil, spread{}},
		{"one", []float64{5}, spread{5, 5, 5}},
		{"odd count", []float64{161, 110, 138}, spread{138, 110, 161}},
		{"even count averages the middle two", []float64{4, 1, 3, 2}, spread{2.5, 1, 4}},
		{"equal", []float64{7, 7, 7}, spread{7, 7, 7}},
	}
	for _, c := range cases {
		if got := spreadOf(c.v); got != c.want {
			t.Errorf("%s: spreadOf(%v) = %+v, want %+v", c.name, c.v, got, c.want)
		}
	}
}

func TestPhysicalLimitAndShare(t *testing.T) {
	// 18 connections, 12.5 ms a transaction: 18 / 0.0125 s = 1440/s.
	if got, want := physicalLimit(18, 12500*time.Microsecond), 1440.0; got != want {
		t.Errorf("physicalLimit(18, 12.5ms) = %v, want %v", got, want)
	}
	if got, want := physicalLimit(20, 10*time.Millisecond), 2000.0; got != want {
		t.Errorf("physicalLimit(20, 10ms) = %v, want %v", got, want)
	}
	if got := physicalLimit(0, 10*time.Millisecond); got != 0 {
		t.Errorf("physicalLimit(0, 10ms) = %v, want 0", got)
	}
	if got := physicalLimit(18, 0); got != 0 {
		t.Errorf("physicalLimit(18, 0) = %v, want 0", got)
	}
	if got, want := shareOfLimit(360, 1440), 0.25; got != want {
		t.Errorf("shareOfLimit(360, 1440) = %v, want %v", got, want)
	}
	if got := shareOfLimit(360, 0); got != 0 {
		t.Errorf("shareOfLimit(360, 0) = %v, want 0", got)
	}
}

func TestPerSecond(t *testing.T) {
	if got, want := perSecond(300, 2*time.Second), 150.0; got != want {
		t.Errorf("perSecond(300, 2s) = %v, want %v", got, want)
	}
	if got, want := perSecond(5, 250*time.Millisecond), 20.0; got != want {
		t.Errorf("perSecond(5, 250ms) = %v, want %v", got, want)
	}
	if got := perSecond(5, 0); got != 0 {
		t.Errorf("perSecond(5, 0) = %v, want 0", got)
	}
}
