package views

import (
	"strings"
	"unicode"

	"partnerhub/models"
)

// AccountVM is what a signed-in user sees of its own sign-in: its live sessions, and the form to
// change its password.
type AccountVM struct {
	Sessions []models.Session
	Current  uint64 // the session the page is seen from
	Base     string // the page's path, under which its forms post
	Password PasswordForm
}

// PasswordForm is the password change as posted: only its refusals come back, never a password.
type PasswordForm struct {
	Errs map[string]string
	Err  string
}

// browsers are the browsers BrowserName knows, each by the product token its User-Agent carries;
// earlier ones first, as later ones' tokens appear in theirs (Edge says Chrome and Safari too).
var browsers = []struct{ token, name string }{
	{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"}, {"OPR/", "Opera"},
	{"SamsungBrowser/", "Samsung Internet"}, {"MicroMessenger/", "WeChat"}, {"UCBrowser/", "UC Browser"},
	{"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"}, {"CriOS/", "Chrome"}, {"Chrome/", "Chrome"},
	{"Version/", "Safari"}, {"curl/", "curl"},
}

// systems are the operating systems BrowserName knows, in the same order of precedence.
var systems = []struct{ token, name string }{
	{"Windows", "Windows"}, {"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"},
	{"CrOS", "ChromeOS"}, {"Mac OS X", "macOS"}, {"Macintosh", "macOS"}, {"Linux", "Linux"},
}

// maxBrowserName bounds what BrowserName shows of a User-Agent it does not know.
const maxBrowserName = 40

// BrowserName is a readable name for a session's browser, from its User-Agent: "Chrome 120 ·
// Windows", or the start of an unknown one cut short; "" for none. Anyone writes the header, so
// nothing of it is trusted beyond display, and only digits are taken for a version.
func BrowserName(ua string) string {
	name, version := "", ""
	for _, b := range browsers {
		if i := strings.Index(ua, b.token); i >= 0 {
			name, version = b.name, leadingDigits(ua[i+len(b.token):])
			break
		}
	}
	system := ""
	for _, s := range systems {
		if strings.Contains(ua, s.token) {
			system = s.name
			break
		}
	}
	if name == "" {
		return unknownBrowser(ua, system)
	}
	if version != "" {
		name += " " + version
	}
	if system != "" {
		name += " · " + system
	}
	return name
}

// unknownBrowser names a browser BrowserName does not know by its first word, cut short.
func unknownBrowser(ua, system string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(ua), " ")
	var b strings.Builder
	n := 0
	for _, r := range first {
		if n == maxBrowserName {
			b.WriteString("…")
			break
		}
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			continue
		}
		b.WriteRune(r)
		n++
	}
	if b.Len() == 0 {
		return system
	}
	if system != "" {
		b.WriteString(" · " + system)
	}
	return b.String()
}

// leadingDigits is the major version at the start of s: at most 5 digits.
func leadingDigits(s string) string {
	n := 0
	for n < len(s) && n < 5 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return s[:n]
}
