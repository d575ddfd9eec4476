package plan

import (
	"encoding/json"
	"net/url"
)

// secretPaths are the config fields the kit treats as secrets whatever
// their form, by key and path.
var secretPaths = map[string][][]string{
	"groundwork:database":  {{"pooledUrl"}, {"directUrl"}},
	"groundwork:telemetry": {{"otlpHeaders"}},
	"groundwork:jobs":      {{"webhook", "signingSecret"}},
	"groundwork:edge":      {{"logs", "destination"}},
}

// secretFields returns the plaintext of every secret field, and for URLs
// also their password alone, so a leak of either is caught.
func secretFields(values map[string]string) []string {
	var out []string
	for key, paths := range secretPaths {
		raw, ok := values[key]
		if !ok {
			continue
		}
		var obj map[string]any
		if json.Unmarshal([]byte(raw), &obj) != nil {
			continue
		}
		for _, path := range paths {
			var v any = obj
			for _, step := range path {
				m, ok := v.(map[string]any)
				if !ok {
					v = nil
					break
				}
				v = m[step]
			}
			s, ok := v.(string)
			if !ok || s == "" {
				continue
			}
			out = append(out, s)
			if u, err := url.Parse(s); err == nil && u.User != nil {
				if pw, ok := u.User.Password(); ok && len(pw) >= 4 {
					out = append(out, pw)
				}
			}
		}
	}
	return out
}
