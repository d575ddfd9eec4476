// Package tags builds the tags every groundwork resource carries, so cost
// can be read per app, stack, blueprint and component.
package tags

// Keys every resource carries.
const (
	App       = "app"
	Stack     = "stack"
	Blueprint = "blueprint"
	Component = "component"
)

// For returns the tags of one component's children: the caller's tags, then
// app, stack and component, which the kit owns. The caller sets Blueprint.
func For(app, stack, component string, caller map[string]string) map[string]string {
	out := make(map[string]string, len(caller)+3)
	for k, v := range caller {
		out[k] = v
	}
	out[App] = app
	out[Stack] = stack
	out[Component] = component
	return out
}
