package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Most of make test's time goes to the acceptance legs, and a test that does not call
// t.Parallel() runs alone, before every parallel test of its leg: a test that waits (a
// settle window, a late commit) then stalls the whole leg. So every acceptance test
// starts with t.Parallel(), except those that set the process environment (t.Setenv,
// which Go refuses in a parallel test): acctest.Main clears INTERCOM_* at the start, so no
// other test needs to.
func TestAcceptanceTestsRunInParallel(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "TestAcc") || fn.Body == nil {
				continue
			}
			checked++
			if startsWithParallel(fn.Body) || setsEnv(fn.Body) {
				continue
			}
			t.Errorf("%s (%s): start it with t.Parallel(), or set the environment with t.Setenv if it must run alone", fn.Name.Name, fset.Position(fn.Pos()))
		}
	}
	if checked < 100 {
		t.Fatalf("found only %d acceptance tests: is the test looking in the right folder?", checked)
	}
}

func startsWithParallel(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	return isMethodCall(body.List[0], "t", "Parallel")
}

func setsEnv(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Setenv" {
				found = true
			}
		}
		return !found
	})
	return found
}

func isMethodCall(stmt ast.Stmt, recv, method string) bool {
	expr, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := expr.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == recv
}
