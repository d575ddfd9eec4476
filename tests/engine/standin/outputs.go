package standin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The made-up account and project the outputs live in.
const (
	AccountID = "123456789012"
	region    = "us-east-1"
	project   = "standin-project"
)

// suffix is a stable stand-in for the random suffix Pulumi's autonaming
// appends: the same resource always gets the same one.
func suffix(urn string) string {
	sum := sha256.Sum256([]byte(urn))
	return hex.EncodeToString(sum[:])[:7]
}

// autoname sets name on an aws or gcp resource that has a name input and
// was given none, keeping the name a previous check gave (as the bridged
// providers do: https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming).
func (p *Provider) autoname(tok, urn string, olds, news resource.PropertyMap) {
	r := p.Schema.Resources[tok]
	if r == nil || (p.Schema.Name != "aws" && p.Schema.Name != "gcp") {
		return
	}
	if _, ok := r.InputProperties["name"]; !ok {
		return
	}
	if v, ok := news["name"]; ok && !v.IsNull() {
		return
	}
	if v, ok := olds["name"]; ok && v.IsString() {
		news["name"] = v
		return
	}
	news["name"] = resource.NewStringProperty(urnName(urn) + "-" + suffix(urn))
}

func (p *Provider) configString(key, fallback string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.config[resource.PropertyKey(key)]; ok && v.IsString() && v.StringValue() != "" {
		return v.StringValue()
	}
	return fallback
}

// outputs returns the resource's ID and its outputs: the inputs, then a
// plausible value for every computed string, number or boolean output the
// inputs do not set (unknown in a preview).
func (p *Provider) outputs(tok, urn string, inputs resource.PropertyMap, preview bool) (string, resource.PropertyMap) {
	outs := inputs.Copy()
	name := urnName(urn)
	if v, ok := inputs["name"]; ok && v.IsString() {
		name = v.StringValue()
	}
	id := name
	if p.Schema.Name == "gcp" || p.Schema.Name == "cloudflare" {
		id = name + "-" + suffix(urn)
	}
	r := p.Schema.Resources[tok]
	if r == nil {
		return id, outs
	}
	for key, spec := range r.Properties {
		k := resource.PropertyKey(key)
		if _, set := outs[k]; set {
			continue
		}
		var v resource.PropertyValue
		switch spec.Type {
		case "string":
			v = resource.NewStringProperty(p.made(tok, key, name, urn, inputs))
		case "integer", "number":
			v = resource.NewNumberProperty(0)
		case "boolean":
			v = resource.NewBoolProperty(false)
		default:
			continue
		}
		if preview {
			v = resource.MakeComputed(resource.NewStringProperty(""))
		}
		outs[k] = v
	}
	if preview {
		return "", outs
	}
	return id, outs
}

// made is a computed value shaped like the real one, by property name.
func (p *Provider) made(tok, key, name, urn string, inputs resource.PropertyMap) string {
	lower := strings.ToLower(key)
	mod := module(tok)
	switch p.Schema.Name {
	case "aws":
		reg := p.configString("region", region)
		switch {
		case lower == "arn" || strings.HasSuffix(lower, "arn"):
			return awsARN(mod, resourceKind(tok), reg, name)
		case lower == "url" || strings.HasSuffix(lower, "url") || strings.HasSuffix(lower, "endpoint"):
			if mod == "sqs" {
				return fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", reg, AccountID, name)
			}
			return fmt.Sprintf("https://%s.execute-api.%s.amazonaws.com", suffix(urn), reg)
		}
	case "gcp":
		proj := p.configString("project", project)
		switch {
		case lower == "email":
			// https://cloud.google.com/iam/docs/service-account-overview#identifiers
			account := name
			if v, ok := inputs["accountId"]; ok && v.IsString() {
				account = v.StringValue()
			}
			return account + "@" + proj + ".iam.gserviceaccount.com"
		case lower == "uri" || lower == "url":
			return "https://" + name + "-ew.a.run.app"
		case strings.HasSuffix(lower, "name") || lower == "id":
			return "projects/" + proj + "/" + resourceKind(tok) + "s/" + name
		}
	}
	switch {
	case lower == "id" || strings.HasSuffix(lower, "id"):
		return name + "-" + suffix(urn)
	case strings.HasSuffix(lower, "name"):
		return name
	case strings.HasSuffix(lower, "email"):
		return name + "@example.com"
	case strings.HasSuffix(lower, "url") || strings.HasSuffix(lower, "uri"):
		return "https://" + name + ".example.com"
	}
	return key + "-" + suffix(urn)
}

// module is the token's module: "aws:sqs/queue:Queue" -> "sqs".
func module(tok string) string {
	_, rest, _ := strings.Cut(tok, ":")
	mod, _, _ := strings.Cut(rest, "/")
	return mod
}

// resourceKind is the token's resource, lower-cased: "aws:sqs/queue:Queue" -> "queue".
func resourceKind(tok string) string {
	i := strings.LastIndex(tok, ":")
	return strings.ToLower(tok[i+1:])
}

// awsARN follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html.
func awsARN(mod, kind, reg, name string) string {
	switch mod {
	case "iam":
		return fmt.Sprintf("arn:aws:iam::%s:%s/%s", AccountID, kind, name)
	case "sqs":
		return fmt.Sprintf("arn:aws:sqs:%s:%s:%s", reg, AccountID, name)
	case "lambda":
		return fmt.Sprintf("arn:aws:lambda:%s:%s:%s:%s", reg, AccountID, kind, name)
	case "cloudwatch":
		switch kind {
		case "loggroup":
			return fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", reg, AccountID, name)
		case "eventbus", "eventrule":
			return fmt.Sprintf("arn:aws:events:%s:%s:%s/%s", reg, AccountID, strings.TrimPrefix(kind, "event"), name)
		}
	case "apigatewayv2":
		return fmt.Sprintf("arn:aws:apigateway:%s::/%ss/%s", reg, kind, name)
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", mod, reg, AccountID, kind, name)
}

// answer returns a function's result, or false for functions the kit does
// not call.
func (p *Provider) answer(tok string, _ resource.PropertyMap) (resource.PropertyMap, bool) {
	switch tok {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
		return resource.NewPropertyMapFromMap(map[string]any{
			"accountId": AccountID,
			"arn":       "arn:aws:iam::" + AccountID + ":user/standin",
			"id":        AccountID,
			"userId":    "AIDASTANDIN00000000000",
		}), true
	case "aws:index/getRegion:getRegion":
		reg := p.configString("region", region)
		return resource.NewPropertyMapFromMap(map[string]any{"id": reg, "name": reg, "region": reg,
			"endpoint": "ec2." + reg + ".amazonaws.com", "description": reg}), true
	case "cloudflare:index/getApiTokenPermissionGroups:getApiTokenPermissionGroups":
		// The R2 bucket permission groups by name, as the account lists
		// them (developers.cloudflare.com/r2/api/tokens/#permissions); the
		// ids are the ones public configurations use.
		return resource.NewPropertyMapFromMap(map[string]any{"id": "permission-groups",
			"r2": map[string]any{
				"Workers R2 Storage Bucket Item Write": "2efd5506f9c8494dacb1fa10a3e7d5b6",
				"Workers R2 Storage Bucket Item Read":  "6a018a9f2fc74eb6b293b0c548f38b39",
			},
			"account": map[string]any{}, "zone": map[string]any{}, "user": map[string]any{}}), true
	case "aws:index/getPartition:getPartition":
		return resource.NewPropertyMapFromMap(map[string]any{"id": "aws", "partition": "aws",
			"dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}), true
	}
	return nil, false
}
