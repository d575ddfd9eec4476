package stackconfig

import (
	"reflect"

	"github.com/groundwork-iac/groundwork/components/secret"
)

// Each is the path step that stands for every element of a list.
const Each = "[]"

// SecretPaths lists, per config key, the paths of every field that holds a
// secret.Value, read from the section structs themselves, so a new secret
// setting is covered wherever it is listed (the plan's leak check, the
// tests' canaries). A path's steps are JSON field names, and Each for the
// elements of a list: groundwork:jobs -> webhooks [] secrets [].
func SecretPaths() map[string][][]string {
	out := map[string][][]string{}
	var s Settings
	for _, sec := range sections {
		var walk func(t reflect.Type, path []string)
		walk = func(t reflect.Type, path []string) {
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			switch {
			case t == secretType:
				out[Key(sec.key)] = append(out[Key(sec.key)], append([]string(nil), path...))
			case t.Kind() == reflect.Slice:
				walk(t.Elem(), append(path, Each))
			case t.Kind() == reflect.Struct:
				for i := range t.NumField() {
					if name := jsonName(t.Field(i)); name != "" {
						walk(t.Field(i).Type, append(path, name))
					}
				}
			}
		}
		walk(reflect.TypeOf(sec.target(&s)), nil)
	}
	return out
}

var secretType = reflect.TypeFor[secret.Value]()
