package pulumitest

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func init() {
	named := func(n string, in resource.PropertyMap) map[string]any {
		id := str(in, "name")
		if id == "" {
			id = n
		}
		return map[string]any{"id": id}
	}
	for token, model := range map[string]OutputFunc{
		"cloudflare:index/hyperdriveConfig:HyperdriveConfig": only(func(n string, _ resource.PropertyMap) map[string]any {
			return map[string]any{"id": strings.ReplaceAll(fakeUUID(n), "-", "")}
		}),
		"cloudflare:index/workersScript:WorkersScript":           only(named),
		"cloudflare:index/workersRoute:WorkersRoute":             only(func(n string, _ resource.PropertyMap) map[string]any { return map[string]any{"id": "route-" + n} }),
		"cloudflare:index/workersDomain:WorkersDomain":           only(func(n string, _ resource.PropertyMap) map[string]any { return map[string]any{"id": "domain-" + n} }),
		"cloudflare:index/workersCronTrigger:WorkersCronTrigger": only(func(n string, _ resource.PropertyMap) map[string]any { return map[string]any{"id": "cron-" + n} }),
		"cloudflare:index/r2Bucket:R2Bucket":                     only(named),
		// An API token's value is secret, as the provider marks it; the
		// model's is derived from the name, and is no real token.
		"cloudflare:index/apiToken:ApiToken": func(n string, _ resource.PropertyMap) resource.PropertyMap {
			id := strings.ReplaceAll(fakeUUID(n), "-", "")
			out := props(map[string]any{"id": id, "status": "active", "issuedOn": "2026-01-01T00:00:00Z"})
			out["value"] = resource.MakeSecret(resource.NewStringProperty("pulumitest-token-" + fakeUUID("value/"+n)))
			return out
		},
		"cloudflare:index/logpushJob:LogpushJob": only(func(n string, _ resource.PropertyMap) map[string]any {
			return map[string]any{"id": "4" + strings.ReplaceAll(fakeUUID(n), "-", "")[:6]}
		}),
		"cloudflare:index/notificationPolicy:NotificationPolicy": only(func(n string, _ resource.PropertyMap) map[string]any {
			return map[string]any{"id": fakeUUID(n), "created": "2026-01-01T00:00:00Z"}
		}),
	} {
		builtinOutputs[token] = model
	}
	// The permission groups the account lists, by scope and name; the R2
	// bucket write group's id is the one public configurations use.
	builtinCalls["cloudflare:index/getApiTokenPermissionGroups:getApiTokenPermissionGroups"] = func(resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{"id": "permission-groups",
			"r2": map[string]any{
				"Workers R2 Storage Bucket Item Write": CloudflareR2BucketItemWrite,
				"Workers R2 Storage Bucket Item Read":  "6a018a9f2fc74eb6b293b0c548f38b39",
			},
			"account": map[string]any{}, "zone": map[string]any{}, "user": map[string]any{}}), nil
	}
}

// CloudflareR2BucketItemWrite is the modelled id of the R2 bucket item
// write permission group.
const CloudflareR2BucketItemWrite = "2efd5506f9c8494dacb1fa10a3e7d5b6"
