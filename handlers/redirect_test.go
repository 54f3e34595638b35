package handlers

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"/", "/"},
		{"/sales/customers?mode=advisory&q=%E4%BA%91", "/sales/customers?mode=advisory&q=%E4%BA%91"},
		{"/partner/audit#top", "/partner/audit#top"},
		{"", ""},
		{"sales", ""},
		{"//evil.example/x", ""},
		{"/\\evil.example", ""},
		{"/\t/evil.example/path", ""},
		{"/\n/evil.example", ""},
		{"/\r/evil.example", ""},
		{"/ /evil.example", ""},
		{"/\x00", ""},
		{"/\x7f", ""},
		{"/a\\b", ""},
		{"/云", ""}, // unescaped: links are escaped
		{"/%0", ""},
		{"/%E4%BA", "/%E4%BA"},
		{"https://evil.example", ""},
		{"javascript:alert(1)", ""},
		{"\t//evil.example", ""},
		{"/" + strings.Repeat("a", 512), ""},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzSafeNext: a destination accepted is the text as given, a path of this site however a browser
// reads it: browsers drop tabs and line breaks and take "\" for "/".
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/a?b=c", "//x", "/\\x", "/\t/x", "/\n/x", "http://x", "/%2F%2Fx", "/.//x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeNext(s)
		if got == "" {
			return
		}
		if got != s {
			t.Fatalf("safeNext(%q) = %q", s, got)
		}
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		u, err := url.Parse(browser)
		if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil || !strings.HasPrefix(browser, "/") ||
			strings.HasPrefix(browser, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("safeNext(%q) accepted a way off the site (%v)", s, err)
		}
	})
}
