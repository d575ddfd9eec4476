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
// errors fail the program, warnings are printed. The package is pure Go and
// generic: each component supplies the rungs, floors and limits it knows
// (a Lambda's timeout and the platform's maximum, a queue's visibility rule,
// a webhook receiver's ladder), and a blueprint, or a user's own program
// composing the same components, assembles them into a [Report] and checks
// it. Plans print the report.
package budgets
