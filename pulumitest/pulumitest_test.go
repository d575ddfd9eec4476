package pulumitest

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type comp struct{ pulumi.ResourceState }

func TestRecordsParentsInputsSecretsAndConfig(t *testing.T) {
	var url pulumi.StringOutput
	g, err := Run(func(ctx *pulumi.Context) error {
		c := &comp{}
		if err := ctx.RegisterComponentResource("test:index:Comp", "c", c); err != nil {
			return err
		}
		q, err := sqs.NewQueue(ctx, "q", &sqs.QueueArgs{
			VisibilityTimeoutSeconds: pulumi.Int(60),
			Tags: pulumi.StringMap{"k": pulumi.String(config.Get(ctx, "app:tag")),
				"s": pulumi.ToSecret(pulumi.String("hush")).(pulumi.StringOutput)},
		}, pulumi.Parent(c))
		url = q.Url
		return err
	}, WithConfig(map[string]string{"app:tag": "blue"}), WithStack("proj", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	q := g.Find("aws:sqs/queue:Queue", "q")
	if q == nil || q.Parent != "c" || !q.Custom || q.URN != "urn:pulumi:dev::proj::test:index:Comp$aws:sqs/queue:Queue::q" {
		t.Fatalf("queue = %+v", q)
	}
	if n, err := q.Number("visibilityTimeoutSeconds"); err != nil || n != 60 {
		t.Errorf("visibility = %v, %v", n, err)
	}
	if s, err := q.String("tags.k"); err != nil || s != "blue" {
		t.Errorf("tag from config = %q, %v", s, err)
	}
	if v, ok := q.Input("tags.s"); !ok || !v.Secret || v.Plain() != "hush" || v.Redacted() != SecretMarker {
		t.Errorf("secret tag = %+v", v)
	}
	if _, err := q.String("tags.s"); err == nil || !strings.Contains(err.Error(), "is secret") {
		t.Errorf("String on a secret = %v, want an error", err)
	}
	if _, ok := q.Input("tags.missing"); ok {
		t.Error("a missing path resolved")
	}
	got, _, err := Await(url)
	if err != nil || got != "https://sqs.us-east-1.amazonaws.com/123456789012/q" {
		t.Errorf("Await(url) = %v, %v", got, err)
	}
	if cs := g.ChildSet(g.Find("test:index:Comp", "c")); len(cs) != 1 || cs[0] != "aws:sqs/queue:Queue q" {
		t.Errorf("children = %v", cs)
	}
}

func TestUnmockedCallFails(t *testing.T) {
	_, err := Run(func(ctx *pulumi.Context) error {
		_, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "unmocked call aws:index/getAvailabilityZones:getAvailabilityZones") {
		t.Fatalf("err = %v, want the unmocked call named", err)
	}
}

func TestUnmodelledTypeFails(t *testing.T) {
	_, err := Run(func(ctx *pulumi.Context) error {
		var r pulumi.CustomResourceState
		return ctx.RegisterResource("test:index:Thing", "t", nil, &r)
	})
	if err == nil || !strings.Contains(err.Error(), "no output model for resource type test:index:Thing") {
		t.Fatalf("err = %v, want the missing model named", err)
	}
}

func TestCustomModelsAndCalls(t *testing.T) {
	g, err := Run(func(ctx *pulumi.Context) error {
		var r pulumi.CustomResourceState
		if err := ctx.RegisterResource("test:index:Thing", "t", pulumi.Map{"size": pulumi.Int(3)}, &r); err != nil {
			return err
		}
		_, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{})
		return err
	}, WithOutputs("test:index:Thing", func(name string, in resource.PropertyMap) resource.PropertyMap {
		return resource.PropertyMap{"id": resource.NewProperty("thing-" + name)}
	}), WithCall("aws:index/getAvailabilityZones:getAvailabilityZones", func(resource.PropertyMap) (resource.PropertyMap, error) {
		return resource.NewPropertyMapFromMap(map[string]any{"names": []any{"us-east-1a"}, "zoneIds": []any{"use1-az1"}, "id": "us-east-1"}), nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if r := g.Find("test:index:Thing", "t"); r == nil || r.ID != "thing-t" {
		t.Errorf("thing = %+v", r)
	}
}

// An alias resolves to the URN the resource had before: a rename keeps the
// parent's type chain, a re-parent with NoParent lands under the stack.
func TestAliasURNsResolveTheOldURN(t *testing.T) {
	type comp struct{ pulumi.ResourceState }
	g, err := Run(func(ctx *pulumi.Context) error {
		c := &comp{}
		if err := ctx.RegisterComponentResource("groundwork:test:Comp", "c", c); err != nil {
			return err
		}
		_, err := sqs.NewQueue(ctx, "c-dead-letters", &sqs.QueueArgs{}, pulumi.Parent(c),
			pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("c-dlq")}, {Name: pulumi.String("old-root"), NoParent: pulumi.Bool(true)}}))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	q := g.Find("aws:sqs/queue:Queue", "c-dead-letters")
	want := []string{
		"urn:pulumi:test::groundwork::groundwork:test:Comp$aws:sqs/queue:Queue::c-dlq",
		"urn:pulumi:test::groundwork::aws:sqs/queue:Queue::old-root",
	}
	if got := g.AliasURNs(q); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("AliasURNs =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if q.URN != "urn:pulumi:test::groundwork::groundwork:test:Comp$aws:sqs/queue:Queue::c-dead-letters" {
		t.Errorf("URN = %s", q.URN)
	}
}
