package stackconfig

import (
	"fmt"
	"time"
)

// Image management, groundwork:api.imageManagedBy.
const (
	ImageManagedByPulumi   = "pulumi"
	ImageManagedByExternal = "external"
)

// API is groundwork:api. Zero values mean the blueprint's defaults.
type API struct {
	Image        string
	Port         int
	CPU, Memory  string
	MinInstances *int // nil: from the mode
	MaxInstances int  // 0: derived from the connection budget
	Concurrency  int
	// RequestTimeout and StatementTimeout are Go durations in config.
	RequestTimeout   time.Duration
	StatementTimeout time.Duration
	DBPoolSize       int
	Public           bool
	Invokers         []string
	ImageManagedBy   string
}

type rawAPI struct {
	Image            string   `json:"image"`
	Port             int      `json:"port"`
	CPU              string   `json:"cpu"`
	Memory           string   `json:"memory"`
	MinInstances     *int     `json:"minInstances"`
	MaxInstances     int      `json:"maxInstances"`
	Concurrency      int      `json:"concurrency"`
	RequestTimeout   string   `json:"requestTimeout"`
	StatementTimeout string   `json:"statementTimeout"`
	DBPoolSize       int      `json:"dbPoolSize"`
	Public           bool     `json:"public"`
	Invokers         []string `json:"invokers"`
	ImageManagedBy   string   `json:"imageManagedBy"`
}

func decodeAPI(raw string) (*API, error) {
	var r rawAPI
	errs := prefixed(Key(KeyAPI), strict(raw, &r))
	dur := func(field, v string) time.Duration {
		d, err := ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s.%s %v", Key(KeyAPI), field, err))
		}
		return d
	}
	a := &API{Image: r.Image, Port: r.Port, CPU: r.CPU, Memory: r.Memory, MinInstances: r.MinInstances,
		MaxInstances: r.MaxInstances, Concurrency: r.Concurrency,
		RequestTimeout:   dur("requestTimeout", r.RequestTimeout),
		StatementTimeout: dur("statementTimeout", r.StatementTimeout),
		DBPoolSize:       r.DBPoolSize, Public: r.Public, Invokers: r.Invokers, ImageManagedBy: r.ImageManagedBy}
	switch a.ImageManagedBy {
	case "":
		a.ImageManagedBy = ImageManagedByPulumi
	case ImageManagedByPulumi, ImageManagedByExternal:
	default:
		errs = append(errs, fmt.Errorf("%s.imageManagedBy must be %s or %s, got %q", Key(KeyAPI), ImageManagedByPulumi, ImageManagedByExternal, a.ImageManagedBy))
	}
	return a, joinErrs(errs)
}
