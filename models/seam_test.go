package models

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The domain reaches the database through store/ and spells no SQLite-specific SQL: these tests
// read models' own source (test files excepted) to keep it so.

// sqliteOnly is SQL that SQLite has and PostgreSQL has not (or spells otherwise), as it appears in
// a Go string: the catalogue, the pragmas, the FTS5 index and its query syntax, rowid, the planner
// hints, the conflict clauses and functions of SQLite's own. Each was in models before store/.
var sqliteOnly = regexp.MustCompile(`(?i)\bsqlite_\w+|\bpragma\b|\bfts5|\bmatch\s+\?|\browid\b|\bcross\s+join\b|` +
	`\binsert\s+or\s+(ignore|replace)\b|\breplace\s+into\b|\bjulianday\s*\(|\bstrftime\s*\(|\bdatetime\s*\(|` +
	`\bunixepoch\s*\(|\bdate\s*\([^()]*,|\braise\s*\(|\bvirtual\s+table\b|\bifnull\s*\(|\bgroup_concat\s*\(|\binstr\s*\(|` +
	`\bglob\b|\bindexed\s+by\b|\bwithout\s+rowid\b|\blast_insert_rowid\b|\bchanges\s*\(\s*\)|\btemp_store\b`)

// sqliteDrivers are the packages of SQLite's driver; only store/ imports them.
var sqliteDrivers = []string{"github.com/mattn/go-sqlite3", "gorm.io/driver/sqlite", "modernc.org/sqlite"}

// domainFiles parses models' non-test Go files.
func domainFiles(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset, files := token.NewFileSet(), map[string]*ast.File{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = f
	}
	return fset, files
}

// TestDomainSpellsNoSQLiteSQL: no string in models holds SQLite-specific SQL, and models does not
// import SQLite's driver.
func TestDomainSpellsNoSQLiteSQL(t *testing.T) {
	t.Parallel()
	fset, files := domainFiles(t)
	for name, f := range files {
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, d := range sqliteDrivers {
				if strings.HasPrefix(path, d) {
					t.Errorf("%s imports %s: open the database through store", name, path)
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if m := sqliteOnly.FindString(lit.Value); m != "" {
				t.Errorf("%s: SQLite-specific %q in %s: put it behind a store function", fset.Position(lit.Pos()), m, lit.Value)
			}
			return true
		})
	}
}

// TestSQLiteOnlyCatchesWhatItNames keeps the pattern honest: it finds what models held before
// store/, and lets the portable SQL that models holds now pass.
func TestSQLiteOnlyCatchesWhatItNames(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"SELECT count(*) FROM sqlite_master WHERE type = 'table'",
		"PRAGMA journal_mode=OFF",
		"CREATE VIRTUAL TABLE IF NOT EXISTS x USING fts5(grams)",
		"SELECT rowid FROM enterprise_search WHERE enterprise_search MATCH ?",
		"(SELECT id FROM m) AS m CROSS JOIN customers",
		"INSERT OR IGNORE INTO x VALUES (1)",
		"SELECT julianday('now')",
		"SELECT strftime('%Y', at)",
		"BEGIN SELECT RAISE(ABORT, 'no'); END",
		"SELECT date(trade_time, '+8 hours') FROM fee_records",
	} {
		if !sqliteOnly.MatchString(s) {
			t.Errorf("not caught: %s", s)
		}
	}
	for _, s := range []string{
		"INSERT INTO sign_in_keys (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at",
		"UPDATE accounts SET balance = balance + ? WHERE id = ? RETURNING balance",
		"LOWER(customers.account_name) LIKE ? ESCAPE '\\'",
		"ledger: transfers whose two entries do not match them",
	} {
		if m := sqliteOnly.FindString(s); m != "" {
			t.Errorf("portable SQL caught (%q): %s", m, s)
		}
	}
}

// moneyCallers are the functions whose function-literal argument runs in a money transaction
// (store.MoneyWork), the committer's shared one or its own: it must get its context from its transaction only.
var moneyCallers = map[string]bool{"store.InMoneyTx": true, "store.InOwnMoneyTx": true, "idempotent": true}

// TestMoneyWorkUsesNoRequestContext: the statements of a money use case cannot be cut short by
// their request, because the function literal handed to the committer names no context.Context of
// the function around it (a parameter or a variable declared outside the literal); it uses its
// transaction's, which store detaches. A named function instead of a literal would escape the
// check, so it is refused too.
func TestMoneyWorkUsesNoRequestContext(t *testing.T) {
	t.Parallel()
	fset, files := domainFiles(t)
	calls := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			fd, ok := n.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				return true
			}
			outer := contextNames(fd)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !moneyCallers[callee(call)] {
					return true
				}
				calls++
				work := call.Args[len(call.Args)-1]
				lit, ok := work.(*ast.FuncLit)
				if !ok {
					t.Errorf("%s: %s gets %T, want a function literal", fset.Position(work.Pos()), callee(call), work)
					return true
				}
				inner := declaredIn(lit)
				ast.Inspect(lit.Body, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && outer[id.Name] && !inner[id.Name] {
						t.Errorf("%s: the money work passed to %s uses the caller's context %s", fset.Position(id.Pos()), callee(call), id.Name)
					}
					return true
				})
				return true
			})
			return true
		})
	}
	if calls < 5 {
		t.Errorf("%d calls of the committer found: the check no longer sees them", calls)
	}
}

// callee is the name a call is made by: "f" or "pkg.f".
func callee(c *ast.CallExpr) string {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			return x.Name + "." + fn.Sel.Name
		}
	}
	return ""
}

// contextNames are the names fd gives a context: its context.Context parameters, and every
// variable assigned from a context.* call or named ctx in its body.
func contextNames(fd *ast.FuncDecl) map[string]bool {
	names := map[string]bool{"ctx": true}
	for _, p := range fd.Type.Params.List {
		if isContextType(p.Type) {
			for _, n := range p.Names {
				names[n.Name] = true
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return true
		}
		if c, ok := as.Rhs[0].(*ast.CallExpr); ok && strings.HasPrefix(callee(c), "context.") && len(as.Lhs) > 0 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				names[id.Name] = true
			}
		}
		return true
	})
	return names
}

func isContextType(e ast.Expr) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	return ok && x.Name == "context" && s.Sel.Name == "Context"
}

// declaredIn are the names a function literal declares itself: its parameters and its variables.
func declaredIn(lit *ast.FuncLit) map[string]bool {
	names := map[string]bool{}
	for _, p := range lit.Type.Params.List {
		for _, n := range p.Names {
			names[n.Name] = true
		}
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch d := n.(type) {
		case *ast.AssignStmt:
			if d.Tok == token.DEFINE {
				for _, l := range d.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						names[id.Name] = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range d.Names {
				names[id.Name] = true
			}
		}
		return true
	})
	return names
}
