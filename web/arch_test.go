package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps data flowing one way: web → handlers → models, handlers → views,
// web → delivery → models and views, models → store (the database seam, which knows no domain).
// models knows nothing of HTTP, templates or sessions; views never reaches the handlers. The seed
// worlds (seed → models, store) are reached from web and the tests' fixtures only: the domain, the
// handlers and the views never import them (their tests may: go list -deps leaves tests out).
func TestDependencyDirection(t *testing.T) {
	forbidden := map[string][]string{
		"partnerhub/models":       {"github.com/labstack/echo", "github.com/a-h/templ", "github.com/gorilla/sessions", "partnerhub/views", "partnerhub/handlers", "partnerhub/seed"},
		"partnerhub/store":        {"partnerhub/models", "partnerhub/views", "partnerhub/handlers", "partnerhub/seed", "github.com/labstack/echo", "github.com/a-h/templ", "github.com/gorilla/sessions"},
		"partnerhub/views":        {"github.com/labstack/echo", "github.com/gorilla/sessions", "partnerhub/handlers", "partnerhub/seed"},
		"partnerhub/handlers":     {"partnerhub/seed"},
		"partnerhub/handlers/api": {"partnerhub/seed"},
		// the seeds build worlds through the domain's use cases and the store's bulk loader only
		"partnerhub/seed": {"github.com/labstack/echo", "github.com/a-h/templ", "github.com/gorilla/sessions", "partnerhub/views", "partnerhub/handlers", "partnerhub/delivery"},
		// the invitation delivery worker runs beside the server, not in it
		"partnerhub/delivery": {"github.com/labstack/echo", "github.com/gorilla/sessions", "partnerhub/handlers", "partnerhub/seed"},
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
