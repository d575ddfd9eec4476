package stackconfig

import (
	"encoding/json"
	"fmt"
)

// API is groundwork:api, the api blueprint's service. Zero values mean the
// blueprint's defaults.
type API struct {
	// Image is the container image to run (required).
	Image string `json:"image"`
	// Port the container listens on.
	Port int `json:"port"`
	// CPU and Memory limits of one instance, e.g. "1" and "512Mi".
	CPU    string `json:"cpu"`
	Memory string `json:"memory"`
	// MinInstances kept warm; nil follows groundwork:mode.
	MinInstances *int `json:"minInstances"`
	// MaxInstances caps scale-out; zero derives it from the connection budget.
	MaxInstances int `json:"maxInstances"`
	// Concurrency is requests per instance.
	Concurrency int `json:"concurrency"`
	// RequestTimeout is Cloud Run's request timeout.
	RequestTimeout Duration `json:"requestTimeout"`
	// StatementTimeout is the workload's SET LOCAL statement_timeout.
	StatementTimeout Duration `json:"statementTimeout"`
	// DBPoolSize is each instance's connection pool.
	DBPoolSize int `json:"dbPoolSize"`
	// Public lets anyone invoke the service (allUsers).
	Public bool `json:"public"`
	// Invokers are the IAM members allowed to invoke it otherwise.
	Invokers []string `json:"invokers"`
	// ImageManagedBy is pulumi (default) or external (CI deploys images).
	ImageManagedBy ImageManagedBy `json:"imageManagedBy"`
	// Repository, when set, is an Artifact Registry repository the stack
	// creates for its images.
	Repository *APIRepository `json:"repository"`
}

// APIRepository is groundwork:api.repository.
type APIRepository struct {
	// ID is the repository's id, the path segment of its images.
	ID string `json:"id"`
	// KeepRecent newest versions are kept; versions older than DeleteAfter
	// are deleted.
	KeepRecent  int      `json:"keepRecent"`
	DeleteAfter Duration `json:"deleteAfter"`
}

// Knobs of groundwork:api that budget findings and derived values name.
const (
	KnobAPIRequestTimeout   = "api.requestTimeout"
	KnobAPIStatementTimeout = "api.statementTimeout"
	KnobAPIMaxInstances     = "api.maxInstances"
	KnobAPIMinInstances     = "api.minInstances"
	KnobAPIDBPoolSize       = "api.dbPoolSize"
	KnobAPIImage            = "api.image"
	KnobAPIRepository       = "api.repository"
)

// ImageManagedBy says who deploys new images, groundwork:api.imageManagedBy.
type ImageManagedBy string

// Image management values; empty means ImageManagedByPulumi.
const (
	ImageManagedByPulumi   ImageManagedBy = "pulumi"
	ImageManagedByExternal ImageManagedBy = "external"
)

// UnmarshalJSON accepts the two values.
func (m *ImageManagedBy) UnmarshalJSON(b []byte) error {
	var s string
	_ = json.Unmarshal(b, &s)
	switch v := ImageManagedBy(s); v {
	case ImageManagedByPulumi, ImageManagedByExternal:
		*m = v
		return nil
	}
	return fmt.Errorf("must be %s or %s, got %s", ImageManagedByPulumi, ImageManagedByExternal, b)
}

// External reports whether CI, not Pulumi, deploys new images.
func (m ImageManagedBy) External() bool { return m == ImageManagedByExternal }
