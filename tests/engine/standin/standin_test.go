package standin

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

const queueURN = "urn:pulumi:dev::groundwork::groundwork:aws:JobQueue$aws:sqs/queue:Queue::jobs-queue"

func provider(t *testing.T) *Provider {
	t.Helper()
	rec, err := NewRecorder(filepath.Join(t.TempDir(), "aws.jsonl"), "aws")
	if err != nil {
		t.Fatal(err)
	}
	return &Provider{Rec: rec, Schema: &schema.Package{Name: "aws", Version: "7.12.0",
		Resources: map[string]*schema.Resource{"aws:sqs/queue:Queue": {
			InputProperties: map[string]*schema.Spec{"name": {Type: "string"}, "delaySeconds": {Type: "integer"}},
			Properties:      map[string]*schema.Spec{"name": {Type: "string"}, "arn": {Type: "string"}, "url": {Type: "string"}, "delaySeconds": {Type: "integer"}},
		}}}}
}

func props(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := marshal(resource.NewPropertyMapFromMap(m))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Diff compares the old inputs with the new; the old outputs carry the
// made-up computed values and must not count.
func TestDiffComparesOldInputs(t *testing.T) {
	p := provider(t)
	inputs := map[string]any{"name": "jobs-queue-1", "delaySeconds": 0}
	outputs := map[string]any{"name": "jobs-queue-1", "delaySeconds": 0, "arn": "arn:aws:sqs:us-east-1:123456789012:jobs-queue-1"}
	same, err := p.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: queueURN,
		Olds: props(t, outputs), OldInputs: props(t, inputs), News: props(t, inputs)})
	if err != nil {
		t.Fatal(err)
	}
	if same.Changes != pulumirpc.DiffResponse_DIFF_NONE {
		t.Errorf("unchanged inputs: %v, want DIFF_NONE", same.Changes)
	}
	changed, err := p.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: queueURN,
		Olds: props(t, outputs), OldInputs: props(t, inputs), News: props(t, map[string]any{"name": "jobs-queue-1", "delaySeconds": 5})})
	if err != nil {
		t.Fatal(err)
	}
	if changed.Changes != pulumirpc.DiffResponse_DIFF_SOME || !slices.Equal(changed.Diffs, []string{"delaySeconds"}) {
		t.Errorf("changed delaySeconds: %v %v, want DIFF_SOME [delaySeconds]", changed.Changes, changed.Diffs)
	}
}

// Check names an unnamed resource once and keeps that name on later checks.
func TestCheckAutonamesOnce(t *testing.T) {
	p := provider(t)
	first, err := p.Check(context.Background(), &pulumirpc.CheckRequest{Urn: queueURN, Type: "aws:sqs/queue:Queue", News: props(t, map[string]any{})})
	if err != nil {
		t.Fatal(err)
	}
	name := first.Inputs.Fields["name"].GetStringValue()
	if name != "jobs-queue-"+suffix(queueURN) {
		t.Fatalf("autoname %q", name)
	}
	again, err := p.Check(context.Background(), &pulumirpc.CheckRequest{Urn: queueURN, Type: "aws:sqs/queue:Queue",
		Olds: props(t, map[string]any{"name": "jobs-queue-kept"}), News: props(t, map[string]any{})})
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Inputs.Fields["name"].GetStringValue(); got != "jobs-queue-kept" {
		t.Errorf("second check named it %q, want the old name kept", got)
	}
}

// Create makes up the computed outputs in the shape AWS gives them.
func TestCreateOutputs(t *testing.T) {
	p := provider(t)
	res, err := p.Create(context.Background(), &pulumirpc.CreateRequest{Urn: queueURN, Properties: props(t, map[string]any{"name": "jobs-queue-1"})})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Properties.Fields
	if res.Id != "jobs-queue-1" || f["arn"].GetStringValue() != "arn:aws:sqs:us-east-1:123456789012:jobs-queue-1" ||
		f["url"].GetStringValue() != "https://sqs.us-east-1.amazonaws.com/123456789012/jobs-queue-1" || f["delaySeconds"].GetNumberValue() != 0 {
		t.Errorf("create: id %q, outputs %v", res.Id, f)
	}
	preview, err := p.Create(context.Background(), &pulumirpc.CreateRequest{Urn: queueURN, Preview: true, Properties: props(t, map[string]any{"name": "jobs-queue-1"})})
	if err != nil {
		t.Fatal(err)
	}
	if got := preview.Properties.Fields["arn"].GetStringValue(); got != "04da6b54-80e4-46f7-96ec-b56ff0331ba9" {
		t.Errorf("preview arn %q, want the unknown sentinel", got)
	}
}
