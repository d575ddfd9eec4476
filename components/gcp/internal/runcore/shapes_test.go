package runcore

import (
	"strings"
	"testing"
)

func TestShapes(t *testing.T) {
	ok := Container{Image: "europe-west1-docker.pkg.dev/acme-prod/apps/api:v1.0.0", Project: "acme-prod", Region: "europe-west1"}
	digest := "@sha256:" + strings.Repeat("0a", 32)
	tests := []struct {
		name   string
		mutate func(*Container)
		want   string
	}{
		{"valid tag", func(*Container) {}, ""},
		{"valid digest", func(c *Container) { c.Image = "europe-west1-docker.pkg.dev/acme-prod/apps/api" + digest }, ""},
		{"registry with a port", func(c *Container) { c.Image = "registry.example.com:5000/team/api:1" }, ""},
		{"docker hub short name", func(c *Container) { c.Image = "nginx:1.27" }, ""},
		{"a URL scheme", func(c *Container) { c.Image = "https://gcr.io/p/api:1" },
			`image must be an image reference without a URL scheme, such as REGION-docker.pkg.dev/PROJECT/REPO/api:TAG, got "https://gcr.io/p/api:1"`},
		{"no tag or digest", func(c *Container) { c.Image = "gcr.io/p/api" },
			`image must name a tag or a digest (REGISTRY/PATH:TAG or @sha256:DIGEST), so every deploy runs the image it names, got "gcr.io/p/api"`},
		{"upper-case path", func(c *Container) { c.Image = "gcr.io/p/API:1" },
			`image must be an image reference REGISTRY/PATH:TAG or REGISTRY/PATH@sha256:DIGEST (lower-case path, 64 hex digits), got "gcr.io/p/API:1"`},
		{"short digest", func(c *Container) { c.Image = "gcr.io/p/api@sha256:0123" },
			`image must be an image reference REGISTRY/PATH:TAG or REGISTRY/PATH@sha256:DIGEST (lower-case path, 64 hex digits), got "gcr.io/p/api@sha256:0123"`},
		{"whitespace", func(c *Container) { c.Image = "gcr.io/p/api:1 --privileged" },
			`image must be an image reference REGISTRY/PATH:TAG or REGISTRY/PATH@sha256:DIGEST (lower-case path, 64 hex digits), got "gcr.io/p/api:1 --privileged"`},
		{"too long", func(c *Container) { c.Image = "gcr.io/" + strings.Repeat("a", 500) + ":1" }, "image is 509 characters, more than an image reference can be (456)"},
		{"project number", func(c *Container) { c.Project = "123456789012" },
			`gcp:project must be a project ID: 6-30 lower-case letters, digits and hyphens, starting with a letter, got "123456789012" (the project number or name will not do)`},
		{"project with capitals", func(c *Container) { c.Project = "Acme-Prod" },
			`gcp:project must be a project ID: 6-30 lower-case letters, digits and hyphens, starting with a letter, got "Acme-Prod" (the project number or name will not do)`},
		{"a zone for a region", func(c *Container) { c.Region = "europe-west1-b" },
			`gcp:region must be a region name such as europe-west1 or us-central1 (not a zone such as europe-west1-b), got "europe-west1-b"`},
		{"memory over the maximum", func(c *Container) { c.CPU, c.Memory = "8", "64Gi" }, "memory must be between 512Mi and 32Gi (Cloud Run's second generation), got 64Gi"},
		{"memory under the minimum", func(c *Container) { c.Memory = "256Mi" }, "memory must be between 512Mi and 32Gi (Cloud Run's second generation), got 256Mi"},
		{"memory needs more CPUs", func(c *Container) { c.CPU, c.Memory = "1", "8Gi" }, "memory 8Gi needs at least 2 CPUs on Cloud Run, got cpu 1; raise cpu or lower memory"},
		{"16Gi needs 4", func(c *Container) { c.CPU, c.Memory = "2", "16Gi" }, "memory 16Gi needs at least 4 CPUs on Cloud Run, got cpu 2; raise cpu or lower memory"},
		{"CPUs need more memory", func(c *Container) { c.CPU, c.Memory = "6", "2Gi" }, "memory 2Gi is below the 4Gi Cloud Run needs with 6 CPUs; raise memory or lower cpu"},
		{"4 CPUs, 2Gi", func(c *Container) { c.CPU, c.Memory = "4", "2Gi" }, ""},
		{"a fraction of a CPU", func(c *Container) { c.CPU = "0.5" }, `cpu must be one of 1, 2, 4, 6, 8 (whole vCPUs; below one, Cloud Run serves one request at a time), got "0.5"`},
		{"memory in GB", func(c *Container) { c.Memory = "2GB" }, `memory must look like "512Mi" or "2Gi", got "2GB"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.mutate(&c)
			if got := strings.Join(c.Check(nil).Strings(), "\n"); got != tt.want {
				t.Errorf("Check() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
