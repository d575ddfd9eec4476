package iampolicy

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestDocumentIsDeterministicAndOrdersValues(t *testing.T) {
	var doc pulumi.StringOutput
	_, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		doc = Document(
			Statement{Sid: "A", Actions: []string{"sqs:SendMessage"}, Resources: Inputs(pulumi.String("arn:q"), pulumi.String("arn:dlq"))},
			Statement{Sid: "B", Principal: ServicePrincipal("events.amazonaws.com"), Actions: []string{"sqs:SendMessage"},
				Resources: Strings("arn:q"),
				Conditions: []Condition{
					{Test: "ArnEquals", Variable: "aws:SourceArn", Values: Strings("arn:z"), ValueList: pulumi.ToStringArray([]string{"arn:b", "arn:a"})},
					{Test: "StringEquals", Variable: "aws:SourceAccount", Values: Strings("1")},
				}},
			DenyInsecureTransport([]string{"sqs:*"}, pulumi.String("arn:q")),
		)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, secret, err := pulumitest.Await(doc)
	want := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"A","Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["arn:q","arn:dlq"]},` +
		`{"Sid":"B","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":["sqs:SendMessage"],"Resource":["arn:q"],` +
		`"Condition":{"ArnEquals":{"aws:SourceArn":["arn:a","arn:b","arn:z"]},"StringEquals":{"aws:SourceAccount":["1"]}}},` +
		`{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":["sqs:*"],"Resource":["arn:q"],"Condition":{"Bool":{"aws:SecureTransport":["false"]}}}]}`
	if err != nil || secret || got != want {
		t.Errorf("Document =\n%v (secret %v, err %v)\nwant\n%s", got, secret, err, want)
	}
}
