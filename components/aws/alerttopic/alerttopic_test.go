package alerttopic

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestNew(t *testing.T) {
	var topic *AlertTopic
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		topic, err = New(ctx, "alerts", Args{Emails: []string{"oncall@example.com", "lead@example.com"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws:kms/alias:Alias alerts-key-alias",
		"aws:kms/key:Key alerts-key",
		"aws:sns/topic:Topic alerts-topic",
		"aws:sns/topicPolicy:TopicPolicy alerts-topic-policy",
		"aws:sns/topicSubscription:TopicSubscription alerts-email-" + emailSuffix("lead@example.com"),
		"aws:sns/topicSubscription:TopicSubscription alerts-email-" + emailSuffix("oncall@example.com"),
	}
	if got := g.ChildSet(g.Find(TypeToken, "alerts")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children =\n%q\nwant\n%q", got, want)
	}
	key := g.Find("aws:kms/key:Key", "alerts-key")
	keyArn := "arn:aws:kms:us-east-1:123456789012:key/" + key.ID
	if rot, _ := key.Input("enableKeyRotation"); rot.V != true {
		t.Error("key rotation is off")
	}
	alarms := "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"
	wantKey := `{"Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Resource":"*","Sid":"EnableIAMPolicies"},` +
		`{"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Condition":{"ArnLike":{"aws:SourceArn":"` + alarms + `"},"StringEquals":{"aws:SourceAccount":"123456789012"}},` +
		`"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Resource":"*","Sid":"AllowCloudWatchAlarms"}],"Version":"2012-10-17"}`
	if got := pulumitest.MustValue(t, g, "aws:kms/key:Key", "alerts-key", "policy"); canonical(t, got.(string)) != wantKey {
		t.Errorf("key policy =\n%s\nwant\n%s", canonical(t, got.(string)), wantKey)
	}
	topicArn := "arn:aws:sns:us-east-1:123456789012:alerts-topic"
	if got := pulumitest.MustValue(t, g, "aws:sns/topic:Topic", "alerts-topic", "kmsMasterKeyId"); got != keyArn {
		t.Errorf("topic key = %v, want the customer-managed key %s", got, keyArn)
	}
	wantTopic := `{"Statement":[{"Action":"sns:Publish","Condition":{"ArnLike":{"aws:SourceArn":"` + alarms + `"},"StringEquals":{"aws:SourceAccount":"123456789012"}},` +
		`"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Resource":"` + topicArn + `","Sid":"AllowCloudWatchAlarmsOfThisAccount"}],"Version":"2012-10-17"}`
	if got := pulumitest.MustValue(t, g, "aws:sns/topicPolicy:TopicPolicy", "alerts-topic-policy", "policy"); canonical(t, got.(string)) != wantTopic {
		t.Errorf("topic policy =\n%s\nwant\n%s", canonical(t, got.(string)), wantTopic)
	}
	for _, e := range []string{"oncall@example.com", "lead@example.com"} {
		sub := g.Find("aws:sns/topicSubscription:TopicSubscription", "alerts-email-"+emailSuffix(e)).Redacted()
		if sub["protocol"] != "email" || sub["endpoint"] != e || sub["topic"] != topicArn {
			t.Errorf("subscription of %s = %v", e, sub)
		}
	}
	if arn, _, _ := pulumitest.Await(topic.TopicArn); arn != topicArn {
		t.Errorf("TopicArn = %v", arn)
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{Emails: []string{"oncall", "Ops <ops@example.com>"}}.Check().Strings(), "\n")
	want := `emails[0] must be an email address such as oncall@example.com, got "oncall"` + "\n" +
		`emails[1] must be an email address such as oncall@example.com, got "Ops <ops@example.com>"`
	if got != want {
		t.Errorf("Check() =\n%s\nwant\n%s", got, want)
	}
	if got := (Args{}).Check().Strings(); len(got) != 1 || got[0] != "emails are required: at least one address to notify" {
		t.Errorf("no emails: %q", got)
	}
}

func canonical(t *testing.T, s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
