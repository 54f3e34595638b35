// Package testfixture builds a seeded database once per test binary, as a template file, and
// hands each test a copy of it. Seeding the demo world costs a bcrypt hash and thousands of rows,
// about a second under -race; copying the file costs milliseconds.
//
// It knows nothing of the models (the models' own tests use it, and may not import a package that
// imports them): the caller passes the function that builds a template. The build must leave one
// self-contained file, its write-ahead log checkpointed into it (for SQLite: journal_mode=DELETE
// before closing). Package demo builds the demo world with it for the packages above models.
package testfixture

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Build writes a template database to path.
type Build func(path string) error

type template struct {
	once sync.Once
	path string
	err  error
}

var (
	mu        sync.Mutex
	dir       string
	templates = map[string]*template{}
)

// Run runs the tests, then removes the templates: call it from TestMain as
// os.Exit(testfixture.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	if Postgres() != "" {
		dropPGTemplates()
	}
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
	return code
}

// Template returns the path of the template named key, built by build on the first call with that
// key in this test binary. A failed build fails every later call with the same key too.
func Template(key string, build Build) (string, error) {
	tpl, err := lookup(key)
	if err != nil {
		return "", err
	}
	tpl.once.Do(func() {
		if tpl.err = build(tpl.path); tpl.err != nil {
			tpl.err = fmt.Errorf("testfixture: build template %s: %w", key, tpl.err)
		}
	})
	return tpl.path, tpl.err
}

// lookup gives the template of key, making the directory of templates on first use.
func lookup(key string) (*template, error) {
	mu.Lock()
	defer mu.Unlock()
	if dir == "" {
		d, err := os.MkdirTemp("", "partnerhub-fixture-")
		if err != nil {
			return nil, err
		}
		dir = d
	}
	tpl, ok := templates[key]
	if !ok {
		tpl = &template{path: filepath.Join(dir, fmt.Sprintf("template-%d.db", len(templates)))}
		templates[key] = tpl
	}
	return tpl, nil
}

// Copy copies the template named key (built by build when it is not yet) into the test's
// temporary directory and returns the copy's path, named name.
func Copy(t testing.TB, key, name string, build Build) string {
	t.Helper()
	src, err := Template(key, build)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), name)
	if err := copyFile(src, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
