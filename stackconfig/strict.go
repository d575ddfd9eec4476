package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// strict decodes one JSON object into v and reports every unknown field
// (with the closest known name) plus the first type mismatch. Its errors
// never quote values: they may be secrets.
func strict(raw string, v any) error {
	var errs []error
	for _, u := range unknownFields(json.RawMessage(raw), reflect.TypeOf(v).Elem(), "") {
		errs = append(errs, errors.New(u))
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			errs = append(errs, fmt.Errorf("field %s must be %s, got a JSON %s", typeErr.Field, typeName(typeErr.Type.Kind().String()), typeErr.Value))
		default:
			errs = append(errs, errors.New("must be an object (a YAML mapping, or JSON on the command line)"))
		}
	}
	return errors.Join(errs...)
}

var unmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// unknownFields walks raw against the struct type t.
func unknownFields(raw json.RawMessage, t reflect.Type, path string) []string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshaler) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return nil
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
				fields[name] = f.Type
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				out = append(out, fmt.Sprintf("field %s is unknown%s", path+k, suggest(k, fields)))
				continue
			}
			out = append(out, unknownFields(obj[k], ft, path+k+".")...)
		}
		return out
	case reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		var out []string
		for i, it := range items {
			out = append(out, unknownFields(it, t.Elem(), fmt.Sprintf("%s[%d].", strings.TrimSuffix(path, "."), i))...)
		}
		return out
	}
	return nil
}

// suggest names the closest known field when it is a likely typo.
func suggest(k string, fields map[string]reflect.Type) string {
	best, dist := "", 3
	for name := range fields {
		if d := distance(strings.ToLower(k), strings.ToLower(name)); d < dist || (d == dist && name < best) {
			best, dist = name, d
		}
	}
	if best == "" {
		names := make([]string, 0, len(fields))
		for name := range fields {
			names = append(names, name)
		}
		sort.Strings(names)
		return "; known fields: " + strings.Join(names, ", ")
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// distance is the Levenshtein distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
