package pulumitest

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// GCPProject is the project of mocked GCP resources that name none.
const GCPProject = "pulumitest-project"

// GCPRegion is the region of mocked GCP resources that name none.
const GCPRegion = "us-central1"

func gcpProject(in resource.PropertyMap) string {
	if p := str(in, "project"); p != "" {
		return p
	}
	return GCPProject
}

func etag(string, resource.PropertyMap) map[string]any { return map[string]any{"etag": "BwY0000000="} }

func init() {
	for token, model := range map[string]OutputFunc{
		"gcp:serviceaccount/account:Account": only(func(n string, in resource.PropertyMap) map[string]any {
			id := str(in, "accountId")
			email := fmt.Sprintf("%s@%s.iam.gserviceaccount.com", id, gcpProject(in))
			name := fmt.Sprintf("projects/%s/serviceAccounts/%s", gcpProject(in), email)
			return map[string]any{"id": name, "name": name, "email": email, "member": "serviceAccount:" + email, "uniqueId": "1000000000000000000"}
		}),
		"gcp:projects/iAMMember:IAMMember":                  only(etag),
		"gcp:secretmanager/secretIamMember:SecretIamMember": only(etag),
		"gcp:cloudrunv2/serviceIamMember:ServiceIamMember":  only(etag),
		"gcp:secretmanager/secret:Secret": only(func(n string, in resource.PropertyMap) map[string]any {
			id := str(in, "secretId")
			if id == "" {
				id = n
			}
			name := fmt.Sprintf("projects/%s/secrets/%s", gcpProject(in), id)
			return map[string]any{"id": name, "name": name, "secretId": id}
		}),
		"gcp:secretmanager/secretVersion:SecretVersion": only(func(n string, in resource.PropertyMap) map[string]any {
			name := str(in, "secret") + "/versions/1"
			return map[string]any{"id": name, "name": name, "version": "1"}
		}),
		"gcp:cloudrunv2/service:Service": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"id": fmt.Sprintf("projects/%s/locations/%s/services/%s", gcpProject(in), str(in, "location"), n),
				"name": n, "uri": fmt.Sprintf("https://%s-a1b2c3d4e5-uc.a.run.app", n)}
		}),
		"gcp:cloudrunv2/job:Job": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"id": fmt.Sprintf("projects/%s/locations/%s/jobs/%s", gcpProject(in), str(in, "location"), n), "name": n}
		}),
	} {
		builtinOutputs[token] = model
	}
}

// The GCP types of the kit's operations: project services, notification
// channels, alert policies, log-based metrics, dashboards, registries.
func init() {
	for token, model := range map[string]OutputFunc{
		"gcp:projects/service:Service": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"id": gcpProject(in) + "/" + str(in, "service")}
		}),
		"gcp:monitoring/notificationChannel:NotificationChannel": only(func(n string, in resource.PropertyMap) map[string]any {
			name := fmt.Sprintf("projects/%s/notificationChannels/%s", gcpProject(in), fakeUUID(n)[:8])
			return map[string]any{"id": name, "name": name, "verificationStatus": "UNVERIFIED"}
		}),
		"gcp:monitoring/alertPolicy:AlertPolicy": only(func(n string, in resource.PropertyMap) map[string]any {
			name := fmt.Sprintf("projects/%s/alertPolicies/%s", gcpProject(in), fakeUUID(n)[:8])
			return map[string]any{"id": name, "name": name}
		}),
		"gcp:monitoring/dashboard:Dashboard": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"id": fmt.Sprintf("projects/%s/dashboards/%s", gcpProject(in), fakeUUID(n)[:8])}
		}),
		"gcp:logging/metric:Metric": only(func(n string, in resource.PropertyMap) map[string]any {
			return map[string]any{"id": str(in, "name")}
		}),
		"gcp:artifactregistry/repository:Repository": only(func(n string, in resource.PropertyMap) map[string]any {
			id, loc := str(in, "repositoryId"), str(in, "location")
			if loc == "" {
				loc = GCPRegion
			}
			return map[string]any{"id": fmt.Sprintf("projects/%s/locations/%s/repositories/%s", gcpProject(in), loc, id),
				"name": id, "project": gcpProject(in), "location": loc, "registryUri": fmt.Sprintf("%s-docker.pkg.dev/%s/%s", loc, gcpProject(in), id)}
		}),
	} {
		builtinOutputs[token] = model
	}
}
