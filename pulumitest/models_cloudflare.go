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
	} {
		builtinOutputs[token] = model
	}
}
