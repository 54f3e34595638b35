package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps data flowing one way: web → handlers → models, handlers → views,
// web → delivery → models and views, models → store (the database seam, which knows no domain).
// models knows nothing of HTTP, templates or sessions; views never reaches the handlers.
func TestDependencyDirection(t *testing.T) {
	forbidden := map[string][]string{
		"partnerhub/models": {"github.com/labstack/echo", "github.com/a-h/templ", "github.com/gorilla/sessions", "partnerhub/views", "partnerhub/handlers"},
		"partnerhub/store":  {"partnerhub/models", "partnerhub/views", "partnerhub/handlers", "github.com/labstack/echo", "github.com/a-h/templ", "github.com/gorilla/sessions"},
		"partnerhub/views":  {"github.com/labstack/echo", "github.com/gorilla/sessions", "partnerhub/handlers"},
		// the invitation delivery worker runs beside the server, not in it
		"partnerhub/delivery": {"github.com/labstack/echo", "github.com/gorilla/sessions", "partnerhub/handlers"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-tags", "sqlite_fts5", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range bad {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
