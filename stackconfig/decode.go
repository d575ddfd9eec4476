package stackconfig

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/internal/closest"
)

// decode reads raw, one section's JSON, into v, a pointer to the section's
// struct, strictly: every unknown field (with the closest known name), every
// value of the wrong type and every value its type refuses (a Duration that
// does not parse) is a problem addressed to its field, relative to the
// section. Unknown fields come first, by path, then the values, in the
// order the struct declares them. Problems never quote a value: it may be a secret.
func decode(raw string, v any) problem.List {
	d := &decoder{}
	d.value(json.RawMessage(raw), reflect.ValueOf(v).Elem(), "")
	sort.SliceStable(d.unknown, func(i, j int) bool { return d.unknown[i].Field < d.unknown[j].Field })
	return append(d.unknown, d.invalid...)
}

type decoder struct {
	unknown, invalid problem.List
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func (d *decoder) value(raw json.RawMessage, v reflect.Value, path string) {
	if string(raw) == "null" {
		return
	}
	if reflect.PointerTo(v.Type()).Implements(unmarshalerType) {
		if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			d.invalid.Add(path, "%s", err.Error())
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		d.value(raw, elem.Elem(), path)
		v.Set(elem)
	case reflect.Struct:
		d.object(raw, v, path)
	case reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			d.invalid.Add(path, "must be a list, got a JSON %s", jsonKind(raw))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), len(items), len(items)))
		for i, it := range items {
			d.value(it, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
			d.invalid.Add(path, "%s", typeProblem(v.Kind(), raw))
		}
	}
}

// object decodes a JSON object into the struct v, field by field.
func (d *decoder) object(raw json.RawMessage, v reflect.Value, path string) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		d.invalid.Add(path, "must be an object (a YAML mapping, or JSON on the command line)")
		return
	}
	t := v.Type()
	fields := map[string]int{}
	for i := range t.NumField() {
		if name := jsonName(t.Field(i)); name != "" {
			fields[name] = i
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := fields[k]; !ok {
			d.unknown.Add(problem.Join(path, k), "is unknown%s", suggest(k, fields))
		}
	}
	for i := range t.NumField() {
		name := jsonName(t.Field(i))
		if sub, ok := obj[name]; ok && name != "" {
			d.value(sub, v.Field(i), problem.Join(path, name))
		}
	}
}

// yaml11Bools are the words YAML 1.1 read as booleans and YAML 1.2, which
// Pulumi's YAML reader follows, reads as strings.
var yaml11Bools = map[string]bool{"yes": true, "no": true, "on": true, "off": true, "y": true, "n": true}

// typeProblem says what a value should have been. It names the JSON type
// received and never the value, except a YAML 1.1 boolean word.
func typeProblem(want reflect.Kind, raw json.RawMessage) string {
	var s string
	if want == reflect.Bool && json.Unmarshal(raw, &s) == nil && yaml11Bools[strings.ToLower(s)] {
		return fmt.Sprintf("must be true or false: %q is a string to Pulumi's YAML reader (YAML 1.2), not a boolean; write true or false", s)
	}
	if (want == reflect.Int || want == reflect.Float64) && json.Unmarshal(raw, &s) == nil {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return "must be a number, got a quoted one (a string to Pulumi); write it without quotes"
		}
	}
	return fmt.Sprintf("must be %s, got a JSON %s", typeName(want), jsonKind(raw))
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func typeName(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	}
	return "a " + k.String()
}

// jsonKind names the JSON type of raw, never its value.
func jsonKind(raw json.RawMessage) string {
	switch s := strings.TrimSpace(string(raw)); {
	case s == "":
		return "value"
	case s[0] == '"':
		return "string"
	case s[0] == '{':
		return "object"
	case s[0] == '[':
		return "array"
	case s == "true" || s == "false":
		return "bool"
	}
	return "number"
}

// typoDistance bounds a suggestion: a key within two edits of a known field
// (a missing, extra, swapped or wrong letter or two) is a likely typo;
// farther off, listing the known fields helps more than a guess.
const typoDistance = 3

// suggest names the closest known field when it is a likely typo, else
// lists the known fields.
func suggest(k string, fields map[string]int) string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	if best := closest.Name(k, names, typoDistance); best != "" {
		return fmt.Sprintf(" (did you mean %s?)", best)
	}
	sort.Strings(names)
	return "; known fields: " + strings.Join(names, ", ")
}
