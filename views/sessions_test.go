package views

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestBrowserName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ ua, want string }{
		{"", ""},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome 120 · Windows"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "Edge 120 · Windows"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15", "Safari 17 · macOS"},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox 128 · Linux"},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.101 Mobile Safari/537.36", "Chrome 121 · Android"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1", "Safari 17 · iOS"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/zh_CN", "WeChat 8 · iOS"},
		{"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome 120 · ChromeOS"},
		{"curl/8.5.0", "curl 8"},
		{"Go-http-client/1.1", "Go-http-client/1.1"},
		{"Chrome/99999999999 (Windows)", "Chrome 99999 · Windows"},
		{"Chrome/abc", "Chrome"},
		{strings.Repeat("x", 300), strings.Repeat("x", maxBrowserName) + "…"},
		{"evil\u202egnp.exe Linux", "evilgnp.exe · Linux"},
		{"\x00\x01 Windows", "Windows"},
	} {
		if got := BrowserName(tc.ua); got != tc.want {
			t.Errorf("BrowserName(%q) = %q, want %q", tc.ua, got, tc.want)
		}
	}
}

func FuzzBrowserName(f *testing.F) {
	for _, s := range []string{"", "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36", "Edg/", "Version/\xff", "\u202e Linux", strings.Repeat("é", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ua string) {
		name := BrowserName(ua)
		if !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxBrowserName+30 {
			t.Fatalf("%q: %q is invalid or too long", ua, name)
		}
		for _, r := range name {
			if !unicode.IsPrint(r) && r != ' ' {
				t.Fatalf("%q: %q shows %U", ua, name, r)
			}
		}
	})
}
