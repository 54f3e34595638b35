// Package seed builds the seed worlds: the demo world (Demo: `serve --demo`, and the tests'
// template database) and the large, deterministic bench world (Large: `partnerhub seed`). Both go
// through the models' exported use cases where a console user would (deposits, quotas, coupons,
// invitations, tickets) and through the store's bulk loader where a million rows must load in
// seconds; the few models internals the bulk rows must agree with are exported for them in
// models/seed_exports.go. models never imports this package.
//
// The demo world is a list of steps run in order in one transaction (Demo's steps := …). A new
// step is a method of demoWorld in a file of its own here, seed_<area>.go, that returns an error;
// it is added to the end of the list (or before the first step that reads its rows).
package seed
