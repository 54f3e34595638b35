package views

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"partnerhub/models"
)

// composedActions are the actions the models write as a prefix and a value: the values for each
// prefix. A new prefix in the models fails the test until it is listed here.
var composedActions = map[string][]string{
	"transfer.": {string(models.KindDeposit), string(models.KindDepositReversal), string(models.KindAllocate), string(models.KindReclaim),
		string(models.KindUnbind), string(models.KindResellerFund), string(models.KindResellerReclaim)},
	"quota.":                {models.QuotaFreeze, models.QuotaUnfreeze, models.QuotaInvalidate},
	"access_key.":           {models.AccessKeyActive, models.AccessKeyDisabled},
	"program.distribution_": {models.DistributionAccepted, models.DistributionRevoked},
	"coupon.":               {"reclaim_on_unbind", "reclaim_on_switch"}, // models.opAction
}

// writtenActions reads the models' source for the actions they write: the literal or the
// literal prefix given to audit and to the functions that call it with an action they are given.
func writtenActions(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../models/*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok || fn.Name != "audit" && fn.Name != "auditSweep" && fn.Name != "setProgram" {
				return true
			}
			for _, arg := range call.Args {
				if lit, ok := literal(arg); ok && strings.Contains(lit, ".") {
					out = append(out, lit)
				} else if sum, ok := arg.(*ast.BinaryExpr); ok && sum.Op == token.ADD {
					prefix, _ := literal(sum.X)
					values, listed := composedActions[prefix]
					if !listed {
						t.Errorf("%s: the action prefix %q is not in composedActions", fset.Position(sum.Pos()), prefix)
					}
					for _, v := range values {
						out = append(out, prefix+v)
					}
				}
			}
			return true
		})
	}
	if len(out) < 40 {
		t.Fatalf("only %d actions found in the models: %v", len(out), out)
	}
	return out
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// TestAuditActionsNamed: every action the models write has a name in both languages and a place in
// the audit log's filter.
func TestAuditActionsNamed(t *testing.T) {
	inFilter := map[string]bool{}
	for _, g := range ActionGroups {
		if len(g.Actions) == 0 {
			t.Errorf("group %s has no actions", g.Prefix)
		}
		for _, a := range g.Actions {
			inFilter[a] = true
		}
	}
	for _, a := range writtenActions(t) {
		if !HasKey("act." + a) {
			t.Errorf("action %s has no name in the catalog", a)
		}
		if !inFilter[a] {
			t.Errorf("action %s is not in the audit log's filter", a)
		}
		if !KnownAction(a) || !KnownAction(a[:strings.Index(a, ".")+1]) {
			t.Errorf("the filter refuses %s or its group", a)
		}
	}
	for k := range auditCatalog {
		if code, ok := strings.CutPrefix(k, "act."); ok && !inFilter[code] {
			t.Errorf("%s is named but in no group of the filter", code)
		}
	}
	if KnownAction("member") || KnownAction("nothing.") || KnownAction("") {
		t.Error("the filter takes what is neither an action nor a group")
	}
}
