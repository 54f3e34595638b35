package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// No page asks the browser's confirm(): destructive and money actions have a confirmation page
// of their own (ConfirmPage), which works without JavaScript.
func TestNoBrowserConfirm(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*.templ")
	js, _ := filepath.Glob("../static/js/*.js")
	for _, f := range append(files, js...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			code := line
			if j := strings.Index(code, "//"); j >= 0 {
				code = code[:j]
			}
			if strings.Contains(code, "data-confirm") || strings.Contains(code, "confirm(") {
				t.Errorf("%s:%d asks the browser's confirm(): %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
