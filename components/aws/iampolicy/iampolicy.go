// Package iampolicy renders IAM policy documents whose ARNs are Pulumi
// outputs, deterministically (same statements, same JSON), so tests can
// assert the exact document and previews show no spurious diffs.
//
// Statements are typed: there is no way to pass a raw JSON fragment, and the
// kit never grants a wildcard action. Resource "*" appears only where the
// service has no resource-level permissions (X-Ray).
package iampolicy

import (
	"encoding/json"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Version is the IAM policy language version.
const Version = "2012-10-17"

// Statement is one IAM statement.
type Statement struct {
	Sid string
	// Deny makes the statement a Deny; the default is Allow.
	Deny bool
	// Principal is for resource policies and trust policies; nil for
	// identity policies.
	Principal *Principal
	Actions   []string
	Resources []pulumi.StringInput
	// Conditions are ANDed, as IAM does.
	Conditions []Condition
}

// Principal is who a resource or trust policy admits.
type Principal struct {
	// Service is a service principal such as "lambda.amazonaws.com".
	Service string
	// Anyone renders "*"; only used with a Deny or with conditions.
	Anyone bool
}

// Condition is one condition key test, e.g. {"StringEquals", "aws:SourceAccount", [account]}.
// Its values are Values followed by the elements of ValueList.
type Condition struct {
	Test     string
	Variable string
	Values   []pulumi.StringInput
	// ValueList adds values known only as a list output, e.g. the ARNs of
	// resources created later (see pulumi.DeferredOutput).
	ValueList pulumi.StringArrayInput
}

// ServicePrincipal is a shorthand.
func ServicePrincipal(service string) *Principal { return &Principal{Service: service} }

// Document renders the statements as a policy document.
func Document(stmts ...Statement) pulumi.StringOutput {
	var inputs []any
	for _, s := range stmts {
		for _, r := range s.Resources {
			inputs = append(inputs, r)
		}
		for _, c := range s.Conditions {
			for _, v := range c.Values {
				inputs = append(inputs, v)
			}
			if c.ValueList != nil {
				inputs = append(inputs, c.ValueList)
			}
		}
	}
	return pulumi.All(inputs...).ApplyT(func(vals []any) (string, error) {
		next := func() string { v := vals[0].(string); vals = vals[1:]; return v }
		nextList := func() []string { v := vals[0].([]string); vals = vals[1:]; return v }
		doc := document{Version: Version}
		for _, s := range stmts {
			st := statement{Sid: s.Sid, Effect: "Allow", Action: s.Actions}
			if s.Deny {
				st.Effect = "Deny"
			}
			if p := s.Principal; p != nil {
				if p.Anyone {
					st.Principal = "*"
				} else {
					st.Principal = map[string]string{"Service": p.Service}
				}
			}
			for range s.Resources {
				st.Resource = append(st.Resource, next())
			}
			if len(s.Conditions) > 0 {
				st.Condition = map[string]map[string][]string{}
				for _, c := range s.Conditions {
					if st.Condition[c.Test] == nil {
						st.Condition[c.Test] = map[string][]string{}
					}
					for range c.Values {
						st.Condition[c.Test][c.Variable] = append(st.Condition[c.Test][c.Variable], next())
					}
					if c.ValueList != nil {
						st.Condition[c.Test][c.Variable] = append(st.Condition[c.Test][c.Variable], nextList()...)
					}
					sort.Strings(st.Condition[c.Test][c.Variable])
				}
			}
			doc.Statement = append(doc.Statement, st)
		}
		b, err := json.Marshal(doc)
		return string(b), err
	}).(pulumi.StringOutput)
}

type document struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string                         `json:"Sid,omitempty"`
	Effect    string                         `json:"Effect"`
	Principal any                            `json:"Principal,omitempty"`
	Action    []string                       `json:"Action"`
	Resource  []string                       `json:"Resource,omitempty"`
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Strings lifts plain strings to inputs.
func Strings(ss ...string) []pulumi.StringInput {
	out := make([]pulumi.StringInput, len(ss))
	for i, s := range ss {
		out[i] = pulumi.String(s)
	}
	return out
}

// Inputs lists inputs, for readability at call sites.
func Inputs(in ...pulumi.StringInput) []pulumi.StringInput { return in }
