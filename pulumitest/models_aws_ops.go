package pulumitest

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The AWS types of the kit's operations: alert topics and their keys,
// metric filters and dashboards.
func init() {
	for token, model := range map[string]OutputFunc{
		"aws:kms/key:Key": only(func(n string, _ resource.PropertyMap) map[string]any {
			id := fakeUUID(n)
			return map[string]any{"id": id, "keyId": id, "arn": arn("kms", "key/"+id)}
		}),
		"aws:kms/alias:Alias": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"arn": arn("kms", str(in, "name")), "targetKeyArn": arn("kms", "key/"+str(in, "targetKeyId"))}
		}),
		"aws:sns/topic:Topic": only(func(n string, _ resource.PropertyMap) map[string]any {
			return map[string]any{"id": arn("sns", n), "arn": arn("sns", n), "name": n}
		}),
		"aws:sns/topicPolicy:TopicPolicy": only(none),
		"aws:sns/topicSubscription:TopicSubscription": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"arn": str(in, "topic") + ":" + fakeUUID(n), "pendingConfirmation": true}
		}),
		"aws:cloudwatch/logMetricFilter:LogMetricFilter": only(none),
		"aws:cloudwatch/dashboard:Dashboard": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"dashboardArn": "arn:aws:cloudwatch::" + Account + ":dashboard/" + str(in, "dashboardName")}
		}),
	} {
		builtinOutputs[token] = model
	}
}
