package pulumitest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// builtinCalls mock the provider functions the kit calls.
var builtinCalls = map[string]CallFunc{
	"aws:index/getCallerIdentity:getCallerIdentity": func(resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{"accountId": Account, "arn": "arn:aws:iam::" + Account + ":user/pulumitest",
			"userId": "AIDAPULUMITEST", "id": Account}), nil
	},
	"aws:index/getRegion:getRegion": func(resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{"region": Region, "name": Region, "id": Region,
			"endpoint": "ec2." + Region + ".amazonaws.com", "description": "US East (N. Virginia)"}), nil
	},
	"aws:index/getPartition:getPartition": func(resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com",
			"reverseDnsPrefix": "com.amazonaws", "id": "aws"}), nil
	},
}

func props(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }

func arn(service, rest string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, Region, Account, rest)
}

func str(in resource.PropertyMap, key string) string {
	if v, ok := in[resource.PropertyKey(key)]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

// only returns fixed outputs.
func only(f func(name string, in resource.PropertyMap) map[string]any) OutputFunc {
	return func(name string, in resource.PropertyMap) resource.PropertyMap { return props(f(name, in)) }
}

func none(string, resource.PropertyMap) map[string]any { return map[string]any{} }

// builtinOutputs model what AWS returns for the types the kit registers.
// Physical names are the logical names: no random suffixes, so graphs are
// stable.
var builtinOutputs = map[string]OutputFunc{
	"aws:sqs/queue:Queue": only(func(n string, _ resource.PropertyMap) map[string]any {
		url := fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", Region, Account, n)
		return map[string]any{"id": url, "arn": arn("sqs", n), "url": url, "name": n}
	}),
	"aws:sqs/queuePolicy:QueuePolicy":               only(none),
	"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": only(none),
	"aws:iam/role:Role": only(func(n string, _ resource.PropertyMap) map[string]any {
		return map[string]any{"arn": "arn:aws:iam::" + Account + ":role/" + n, "name": n, "uniqueId": "AROA" + strings.ToUpper(n)}
	}),
	"aws:iam/rolePolicy:RolePolicy": only(func(n string, in resource.PropertyMap) map[string]any {
		return map[string]any{"id": str(in, "role") + ":" + n, "name": n}
	}),
	"aws:lambda/function:Function": only(func(n string, in resource.PropertyMap) map[string]any {
		fn := arn("lambda", "function:"+n)
		version := "$LATEST"
		if p, ok := in["publish"]; ok && p.IsBool() && p.BoolValue() {
			version = "1"
		}
		return map[string]any{"arn": fn, "name": n, "version": version, "qualifiedArn": fn + ":" + version,
			"invokeArn": invokeArn(fn), "qualifiedInvokeArn": invokeArn(fn + ":" + version)}
	}),
	"aws:lambda/alias:Alias": only(func(n string, in resource.PropertyMap) map[string]any {
		fn := arn("lambda", "function:"+str(in, "functionName")+":"+n)
		return map[string]any{"arn": fn, "invokeArn": invokeArn(fn)}
	}),
	"aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": only(none),
	"aws:lambda/eventSourceMapping:EventSourceMapping": only(func(n string, _ resource.PropertyMap) map[string]any {
		uuid := fakeUUID(n)
		return map[string]any{"id": uuid, "uuid": uuid, "arn": arn("lambda", "event-source-mapping:"+uuid)}
	}),
	"aws:lambda/permission:Permission": only(none),
	"aws:cloudwatch/logGroup:LogGroup": only(func(n string, _ resource.PropertyMap) map[string]any {
		return map[string]any{"arn": arn("logs", "log-group:"+n), "name": n}
	}),
	"aws:cloudwatch/metricAlarm:MetricAlarm": only(func(n string, _ resource.PropertyMap) map[string]any {
		return map[string]any{"arn": arn("cloudwatch", "alarm:"+n), "name": n}
	}),
	"aws:cloudwatch/eventBus:EventBus": only(func(n string, _ resource.PropertyMap) map[string]any {
		return map[string]any{"arn": arn("events", "event-bus/"+n), "name": n}
	}),
	"aws:cloudwatch/eventRule:EventRule": only(func(n string, in resource.PropertyMap) map[string]any {
		bus := str(in, "eventBusName")
		rest := "rule/" + n
		if bus != "" && bus != "default" {
			rest = "rule/" + bus + "/" + n
		}
		return map[string]any{"arn": arn("events", rest), "name": n}
	}),
	"aws:cloudwatch/eventTarget:EventTarget": only(none),
	"aws:scheduler/scheduleGroup:ScheduleGroup": only(func(n string, _ resource.PropertyMap) map[string]any {
		return map[string]any{"arn": arn("scheduler", "schedule-group/"+n), "name": n}
	}),
	"aws:scheduler/schedule:Schedule": only(func(n string, in resource.PropertyMap) map[string]any {
		return map[string]any{"arn": arn("scheduler", "schedule/"+str(in, "groupName")+"/"+n), "name": n}
	}),
	"aws:secretsmanager/secret:Secret": only(func(n string, _ resource.PropertyMap) map[string]any {
		a := arn("secretsmanager", "secret:"+n+"-AbCdEf")
		return map[string]any{"id": a, "arn": a, "name": n}
	}),
	"aws:secretsmanager/secretVersion:SecretVersion": only(func(n string, in resource.PropertyMap) map[string]any {
		return map[string]any{"arn": str(in, "secretId"), "versionId": "v1-" + n}
	}),
	"aws:apigatewayv2/api:Api": only(func(n string, _ resource.PropertyMap) map[string]any {
		id := n
		return map[string]any{"id": id, "arn": "arn:aws:apigateway:" + Region + "::/apis/" + id,
			"apiEndpoint":  fmt.Sprintf("https://%s.execute-api.%s.amazonaws.com", id, Region),
			"executionArn": arn("execute-api", id)}
	}),
	"aws:apigatewayv2/integration:Integration": only(func(n string, _ resource.PropertyMap) map[string]any {
		return map[string]any{"id": "integ-" + n}
	}),
	"aws:apigatewayv2/route:Route": only(func(n string, _ resource.PropertyMap) map[string]any {
		return map[string]any{"id": "route-" + n}
	}),
	"aws:apigatewayv2/stage:Stage": only(func(n string, in resource.PropertyMap) map[string]any {
		api := str(in, "apiId")
		stage := str(in, "name")
		url := fmt.Sprintf("https://%s.execute-api.%s.amazonaws.com/", api, Region)
		if stage != "$default" {
			url += stage
		}
		return map[string]any{"arn": "arn:aws:apigateway:" + Region + "::/apis/" + api + "/stages/" + stage,
			"invokeUrl": url, "executionArn": arn("execute-api", api+"/"+stage)}
	}),
}

// fakeUUID is a stable UUID-shaped id derived from a name.
func fakeUUID(name string) string {
	h := sha256.Sum256([]byte(name))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func invokeArn(fnArn string) string {
	return fmt.Sprintf("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations", Region, fnArn)
}
