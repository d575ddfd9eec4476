package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Duration is a Go duration in config ("60s", "2m"); empty or absent means
// zero, the default.
type Duration time.Duration

// D is the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalJSON reads a duration string. Its errors complete a sentence that
// starts with the field.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) != nil {
		return errors.New(`must be a Go duration string such as "60s" or "2m"`)
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// ParseDuration reads a Go duration; empty means zero (the default). Its
// error completes a sentence that starts with the key.
func ParseDuration(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("must be a positive Go duration such as \"60s\" or \"2m\", got %q", v)
	}
	return d, nil
}
