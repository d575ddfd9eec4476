// Package budgets checks, before anything is created, that a blueprint's
// timeouts nest and that its worst-case database connections fit.
//
// A timeout [Ladder] lists rungs from the innermost (a statement timeout) to
// the outermost (the caller's or the platform's limit); each rung must be
// shorter than the one around it, or no longer where the rung says so. A
// [Connections] budget sets worst-case concurrent clients against what the
// pooler accepts and what the server can run at once.
//
// Each problem is a [Finding] that names the knob, the numbers and the fix;
// errors fail the program, warnings are printed. The package is pure Go:
// blueprints compute the inputs, plans print the [Report].
package budgets
