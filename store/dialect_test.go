package store

import (
	"net/url"
	"testing"
)

func TestRedacted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ dsn, want string }{
		{"data/partnerhub.db", "data/partnerhub.db"},
		{"postgres://app:s3cret@db.internal:5432/partnerhub?sslmode=require", "postgres://app:xxxxx@db.internal:5432/partnerhub?sslmode=require"},
		{"postgresql://app@db/partnerhub", "postgresql://app@db/partnerhub"},
		{"postgres://app@db/partnerhub?password=s3cret&sslmode=disable", "postgres://app@db/partnerhub?password=xxxxx&sslmode=disable"},
		{"postgres://app:s3cret@db:bad-port/x", "postgres://…"},
	} {
		if got := Redacted(tc.dsn); got != tc.want {
			t.Errorf("Redacted(%q) = %q, want %q", tc.dsn, got, tc.want)
		}
	}
}

// FuzzRedacted: whatever the password, in the user part or as a parameter, what is printed is the
// same as for any other password.
func FuzzRedacted(f *testing.F) {
	f.Add("s3cret", "db:5432")
	f.Add("p@ss:word/?#", "h")
	f.Fuzz(func(t *testing.T, password, host string) {
		user := func(pw string) string { return "postgres://app:" + url.PathEscape(pw) + "@" + host + "/partnerhub" }
		param := func(pw string) string {
			return "postgres://app@" + host + "/partnerhub?sslmode=disable&password=" + url.QueryEscape(pw)
		}
		for _, dsn := range []func(string) string{user, param} {
			if got, other := Redacted(dsn(password)), Redacted(dsn("other")); got != other {
				t.Fatalf("Redacted(%q) = %q, but %q for another password", dsn(password), got, other)
			}
		}
	})
}
