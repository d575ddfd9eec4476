package main

import (
	"reflect"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/invariants"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestThumbnails(t *testing.T) {
	g, err := pulumitest.Run(Thumbnails)
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, r := range g.Resources {
		if r.Parent == "" {
			roots = append(roots, r.Type+" "+r.Name)
		}
	}
	want := []string{golambda.TypeToken + " thumbnailer", jobqueue.TypeToken + " thumbnails"}
	if !reflect.DeepEqual(roots, want) {
		t.Fatalf("top-level resources = %q, want %q", roots, want)
	}
	fn := g.Find("aws:lambda/function:Function", "thumbnailer-function")
	if n, _ := fn.Number("timeout"); n != 30 {
		t.Errorf("timeout = %v, want 30", n)
	}
	if n, _ := fn.Number("memorySize"); n != 1024 {
		t.Errorf("memory = %v, want 1024", n)
	}
	// min(90% of 112, 112 - 12) = 100 connections, one per instance.
	mapping := g.Find("aws:lambda/eventSourceMapping:EventSourceMapping", "thumbnails-mapping")
	if n, _ := mapping.Number("scalingConfig.maximumConcurrency"); n != 100 {
		t.Errorf("maximumConcurrency = %v, want 100", n)
	}
	if vs := invariants.Check(g, invariants.Options{}); len(vs) > 0 {
		t.Errorf("invariants: %v", vs)
	}
}

func TestBudgetsNestTheTeamsDeadline(t *testing.T) {
	if err := Budgets(resizeDeadline, workerTimeout).Err(); err != nil {
		t.Fatalf("the team's own budgets fail: %v", err)
	}
	err := Budgets(40*time.Second, workerTimeout).Err()
	want := "error: thumbnailer timeouts: resize deadline (resizeDeadline, 40s) must be shorter than thumbnailer Lambda timeout (workerTimeout, 30s); lower resizeDeadline or raise workerTimeout"
	if err == nil || err.Error() != want {
		t.Errorf("a deadline past the timeout: %v, want %s", err, want)
	}
}
