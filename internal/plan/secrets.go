package plan

import (
	"encoding/json"
	"net/url"

	"github.com/groundwork-iac/groundwork/stackconfig"
)

// secretFields returns the plaintext of every secret field, read from the
// paths stackconfig derives from its structs (every element of a list
// included), and for URLs also their password alone, so a leak of either
// is caught.
func secretFields(values map[string]string) []string {
	var out []string
	for key, paths := range stackconfig.SecretPaths() {
		raw, ok := values[key]
		if !ok {
			continue
		}
		var obj any
		if json.Unmarshal([]byte(raw), &obj) != nil {
			continue
		}
		for _, path := range paths {
			for _, s := range at(obj, path) {
				if s == "" {
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
	}
	return out
}

// at returns the strings at path in v, stackconfig.Each standing for every
// element of a list.
func at(v any, path []string) []string {
	if len(path) == 0 {
		if s, ok := v.(string); ok {
			return []string{s}
		}
		return nil
	}
	if path[0] == stackconfig.Each {
		list, _ := v.([]any)
		var out []string
		for _, e := range list {
			out = append(out, at(e, path[1:])...)
		}
		return out
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	return at(m[path[0]], path[1:])
}
