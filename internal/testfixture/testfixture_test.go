package testfixture

import (
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

// TestCopiesOfOneBuild: concurrent copies of one key build the template once, and each test's
// copy is its own file.
func TestCopiesOfOneBuild(t *testing.T) {
	t.Parallel()
	var builds atomic.Int32
	build := func(path string) error {
		builds.Add(1)
		return os.WriteFile(path, []byte("seeded"), 0o600)
	}
	var wg sync.WaitGroup
	paths := make([]string, 8)
	for i := range paths {
		wg.Go(func() { paths[i] = Copy(t, "copies", "db", build) })
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Fatalf("built %d times, want once", n)
	}
	if err := os.WriteFile(paths[0], []byte("changed"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths[1:] {
		if b, err := os.ReadFile(p); err != nil || string(b) != "seeded" {
			t.Fatalf("%s: %q, %v; want its own copy of the template", p, b, err)
		}
	}
}

// TestFailedBuild: a failed build fails every use of its key, without building again.
func TestFailedBuild(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	var builds atomic.Int32
	build := func(string) error { builds.Add(1); return boom }
	for range 2 {
		if _, err := Template("failed", build); !errors.Is(err, boom) {
			t.Fatalf("error %v, want %v", err, boom)
		}
	}
	if n := builds.Load(); n != 1 {
		t.Fatalf("built %d times, want once", n)
	}
}
