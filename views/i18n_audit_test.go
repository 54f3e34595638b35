package views

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"partnerhub/models"
)

// composedActions are the actions the models write as a prefix and a value: the values for each
// prefix. A new prefix in the models fails the test until it is listed here.
var composedActions = map[string][]string{
	"transfer.": {string(models.KindDeposit), string(models.KindDepositReversal), string(models.KindAllocate), string(models.KindReclaim),
		string(models.KindUnbind), string(models.KindResellerFund), string(models.KindResellerReclaim), string(models.KindOrderPayment), string(models.KindTopup),
		string(models.KindRefund), string(models.KindCompensation), string(models.KindDeduction)},
	"order_authorization.":  {"grant", "decline", "revoke"},
	"quota.":                {models.QuotaFreeze, models.QuotaUnfreeze, models.QuotaInvalidate},
	"access_key.":           {models.AccessKeyActive, models.AccessKeyDisabled},
	"program.distribution_": {models.DistributionAccepted, models.DistributionRevoked},
	"coupon.":               slices.Collect(maps.Values(models.OpActions)),
	"ticket.":               models.TicketActions,
}

// auditCalls calls fn for each call in the models' source of one of the functions named.
func auditCalls(t *testing.T, fn func(fset *token.FileSet, call *ast.CallExpr), names ...string) {
	t.Helper()
	files, err := filepath.Glob("../models/*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && slices.Contains(names, id.Name) {
					fn(fset, call)
				}
			}
			return true
		})
	}
}

// writtenActions reads the models' source for the actions they write: the literal or the
// literal prefix given to audit and to the functions that call it with an action they are given.
func writtenActions(t *testing.T) []string {
	t.Helper()
	var out []string
	auditCalls(t, func(fset *token.FileSet, call *ast.CallExpr) {
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
	}, "audit", "auditSweep", "setProgram")
	if len(out) < 40 {
		t.Fatalf("only %d actions found in the models: %v", len(out), out)
	}
	return out
}

// writtenObjectTypes reads the models' source for the object types they write: audit's fifth
// argument, which must be a literal (auditSweep and setProgram pass one of their own to audit).
func writtenObjectTypes(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	auditCalls(t, func(fset *token.FileSet, call *ast.CallExpr) {
		typ, ok := literal(call.Args[4])
		if !ok {
			t.Errorf("%s: audit's object type is not a literal", fset.Position(call.Args[4].Pos()))
			return
		}
		out[typ] = true
	}, "audit")
	if len(out) < 10 {
		t.Fatalf("only %d object types found in the models: %v", len(out), out)
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

// TestAuditObjectTypesNamed: every object type the models write has a name in both languages and
// a place in the filter, and every name is of a type the models write.
func TestAuditObjectTypesNamed(t *testing.T) {
	written := writtenObjectTypes(t)
	for typ := range written {
		if !KnownObjectType(typ) || !slices.Contains(ObjectTypes, typ) {
			t.Errorf("object type %s has no name in the catalog", typ)
		}
		if zh, en := T(ZH, "objtype."+typ), T(EN, "objtype."+typ); zh == "" || en == "" || zh == en {
			t.Errorf("object type %s: %q, %q", typ, zh, en)
		}
	}
	for _, typ := range ObjectTypes {
		if !written[typ] {
			t.Errorf("object type %s is named but no model writes it", typ)
		}
	}
	if KnownObjectType("") || KnownObjectType("nothing") {
		t.Error("the filter takes what is not an object type")
	}
}
