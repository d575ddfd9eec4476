// Package blueprints is the registry of groundwork's blueprints and the
// program that runs the one a stack selects with groundwork:blueprint.
//
// A blueprint is one small contract: a prepare step, Prepare(settings),
// that validates the settings and checks the budgets without creating
// anything (it returns a plan with its budget report and warnings, or every
// problem at once), and a create step, Plan.Create(ctx), that registers the
// resources and returns the stack outputs. The registry runs, checks and
// exports every blueprint the same way.
//
// Adding a blueprint takes these steps; the compiler checks none of them:
//
//  1. Name it in package catalog (a constant, an Entry with its summary,
//     shape and platform); TestEveryBlueprintListIsTheCatalogs fails until
//     the registry, the cost model and the recommender agree.
//  2. Add its config section to stackconfig: one struct with JSON tags,
//     a field of Settings, an entry of sections and Keys, and Knob
//     constants for what its budgets name (TestKnobsNameRealFields checks
//     them against the tags).
//  3. Write the package under blueprints/NAME: defaults.go (Name from the
//     catalog, the blueprint component's TypeToken), prepare.go (Prepare:
//     the components' Check problems under their config keys, via
//     blueprints/internal/shared for telemetry and tags), budgets.go (the
//     report assembled from the components' rungs) and the Create step.
//  4. Register it in registry with define(NAME, Prepare).
//  5. Add stacks/Pulumi.NAME-dev.yaml, its golden graph (tests/, go test
//     ./tests -run Golden -update) and a cost model option in package cost.
//  6. Document the blueprint in the README: the plan excerpt, deploy steps
//     and its groundwork:NAME reference table.
package blueprints
