package runcore

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// Identifier shapes, each from the platform's rule.
var (
	// projectID: 6-30 lower-case letters, digits and hyphens, starting with
	// a letter, not ending with a hyphen
	// (cloud.google.com/resource-manager/docs/creating-managing-projects).
	projectID = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
	// region: Google Cloud's region names, e.g. europe-west1,
	// northamerica-northeast2 (cloud.google.com/run/docs/locations).
	region = regexp.MustCompile(`^[a-z]+-[a-z]+[0-9]{1,2}$`)
	// image is the distribution/reference grammar
	// (github.com/distribution/reference, reference.go): an optional
	// registry host and port, lower-case path components, then a tag
	// and/or a sha256 digest, which the kit requires so a deploy is pinned.
	image = regexp.MustCompile(`^` +
		`(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?` +
		`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*` +
		`(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`)
	memoryRE = regexp.MustCompile(`^([1-9][0-9]{0,5})(Mi|Gi)$`)
)

// MaxImageBytes: a reference's name is at most 255 characters
// (distribution/reference's NameTotalLengthMax), plus the tag and digest.
const MaxImageBytes = 255 + 1 + 128 + 1 + 71

// CPUs are the whole-vCPU values; below one vCPU Cloud Run allows only one
// request at a time, which defeats per-instance concurrency
// (cloud.google.com/run/docs/configuring/services/cpu).
var CPUs = []string{"1", "2", "4", "6", "8"}

// Memory bounds and the CPU each size needs
// (cloud.google.com/run/docs/configuring/services/memory-limits: more than
// 4 GiB needs 2 CPUs, more than 8 GiB 4, more than 16 GiB 6, more than
// 24 GiB 8; at most 32 GiB; at least 512 MiB in the second generation;
// cloud.google.com/run/docs/configuring/services/cpu: 4 CPUs need at least
// 2 GiB, 6 and 8 CPUs at least 4 GiB).
const (
	MinMemoryMiB = 512
	MaxMemoryMiB = 32 * 1024
)

var cpuForMemory = []struct{ aboveMiB, cpus int }{{24 * 1024, 8}, {16 * 1024, 6}, {8 * 1024, 4}, {4 * 1024, 2}}

var memoryForCPU = map[int]int{4: 2 * 1024, 6: 4 * 1024, 8: 4 * 1024}

func (c Container) checkShapes(out *problem.List) {
	switch img := c.Image; {
	case strings.TrimSpace(img) == "":
		out.Add("image", "is required: a registry path such as REGION-docker.pkg.dev/PROJECT/REPO/api:TAG (a digest pins it best)")
	case len(img) > MaxImageBytes:
		out.Add("image", "is %d characters, more than an image reference can be (%d)", len(img), MaxImageBytes)
	case strings.Contains(img, "://"):
		out.Add("image", "must be an image reference without a URL scheme, such as REGION-docker.pkg.dev/PROJECT/REPO/api:TAG, got %q", img)
	default:
		m := image.FindStringSubmatch(img)
		switch {
		case m == nil:
			out.Add("image", "must be an image reference REGISTRY/PATH:TAG or REGISTRY/PATH@sha256:DIGEST (lower-case path, 64 hex digits), got %q", img)
		case m[1] == "" && m[2] == "":
			out.Add("image", "must name a tag or a digest (REGISTRY/PATH:TAG or @sha256:DIGEST), so every deploy runs the image it names, got %q", img)
		}
	}
	if c.Project == "" {
		out.Add("", "the GCP project is not set: `pulumi config set gcp:project PROJECT_ID`")
	} else if !projectID.MatchString(c.Project) {
		out.Add("", "gcp:project must be a project ID: 6-30 lower-case letters, digits and hyphens, starting with a letter, got %q (the project number or name will not do)", problem.Shown(c.Project))
	}
	if c.Region == "" {
		out.Add("", "the GCP region is not set: `pulumi config set gcp:region us-central1`")
	} else if !region.MatchString(c.Region) {
		out.Add("", "gcp:region must be a region name such as europe-west1 or us-central1 (not a zone such as europe-west1-b), got %q", problem.Shown(c.Region))
	}
	c.checkResources(out)
}

// checkResources holds CPU and memory to Cloud Run's sizes and pairings.
func (c Container) checkResources(out *problem.List) {
	cpuOK := c.CPU == "" || slices.Contains(CPUs, c.CPU)
	if !cpuOK {
		out.Add("cpu", "must be one of %s (whole vCPUs; below one, Cloud Run serves one request at a time), got %q", strings.Join(CPUs, ", "), problem.Shown(c.CPU))
	}
	if c.Memory == "" {
		return
	}
	m := memoryRE.FindStringSubmatch(c.Memory)
	if m == nil {
		out.Add("memory", `must look like "512Mi" or "2Gi", got %q`, problem.Shown(c.Memory))
		return
	}
	mib, _ := strconv.Atoi(m[1])
	if m[2] == "Gi" {
		mib *= 1024
	}
	if mib < MinMemoryMiB || mib > MaxMemoryMiB {
		out.Add("memory", "must be between 512Mi and 32Gi (Cloud Run's second generation), got %s", c.Memory)
		return
	}
	if !cpuOK || c.CPU == "" {
		return
	}
	cpus, _ := strconv.Atoi(c.CPU)
	for _, r := range cpuForMemory {
		if mib > r.aboveMiB && cpus < r.cpus {
			out.Add("memory", "%s needs at least %d CPUs on Cloud Run, got cpu %s; raise cpu or lower memory", c.Memory, r.cpus, c.CPU)
			return
		}
	}
	if need := memoryForCPU[cpus]; mib < need {
		out.Add("memory", "%s is below the %dGi Cloud Run needs with %s CPUs; raise memory or lower cpu", c.Memory, need/1024, c.CPU)
	}
}
