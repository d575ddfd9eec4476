package iampolicy

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// AssumeRole is a trust policy that lets one AWS service assume a role, only
// on behalf of the given account (aws:SourceAccount), which closes the
// confused-deputy hole of a bare service principal.
func AssumeRole(service string, account pulumi.StringInput) pulumi.StringOutput {
	return Document(Statement{
		Sid:        "AssumeFromOwnAccount",
		Principal:  ServicePrincipal(service),
		Actions:    []string{"sts:AssumeRole"},
		Conditions: []Condition{{Test: "StringEquals", Variable: "aws:SourceAccount", Values: Inputs(account)}},
	})
}

// DenyInsecureTransport is the resource-policy statement that refuses any
// request not made over TLS.
func DenyInsecureTransport(actions []string, resource pulumi.StringInput) Statement {
	return Statement{
		Sid:        "DenyInsecureTransport",
		Deny:       true,
		Principal:  &Principal{Anyone: true},
		Actions:    actions,
		Resources:  Inputs(resource),
		Conditions: []Condition{{Test: "Bool", Variable: "aws:SecureTransport", Values: Strings("false")}},
	}
}
