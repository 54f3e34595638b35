package models

import (
	"context"

	"gorm.io/gorm"
)

// The demo sign-ins as the server and the sign-in page know them. The demo world itself is built
// by package seed; these stay here because the views and the server show them, and neither may
// import the seeds.

// DemoPassword is the password of every demo sign-in. Demo accounts exist only in a database seeded
// with `serve --demo` or `seed`; the server warns at start when they do.
const DemoPassword = "partnerhub-demo"

// DemoUsers are the demo sign-ins printed at start.
var DemoUsers = []struct{ Username, Role string }{
	{"operator", "operator"},
	{"distributor", "master distributor admin"},
	{"reseller", "cloud reseller admin"},
	{"provider", "solution provider admin"},
	{"provider-sales", "solution provider sales"},
	{"provider-finance", "solution provider finance"},
	{"provider-viewer", "solution provider viewer"},
	{"customer", "customer of provider (consignment)"},
	{"customer-arrears", "customer of provider whose on-demand usage runs into arrears"},
	{"prospect", "customer not yet associated"},
	{"applicant", "verified enterprise customer, may apply to join the partner network"},
	{"hopeful", "customer whose application to join awaits the operator"},
	{"individual", "customer verified as an individual (may not apply)"},
	{"former-member", "a former member, in no partner (invite it back by sign-in name)"},
}

// HasUsers tells whether the database holds any user (a seeded or used install).
func HasUsers(ctx context.Context, db *gorm.DB) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&User{}).Limit(1).Count(&n).Error
	return n > 0, err
}

// HasDemoUsers tells whether the demo sign-ins exist, for the start-up warning.
func HasDemoUsers(ctx context.Context, db *gorm.DB) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&User{}).Where("username IN ?", []string{"distributor", "provider", "customer"}).Count(&n).Error
	return n > 0, err
}
