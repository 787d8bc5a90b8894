package annotate

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies keeps the domain free of the UI and the database:
// annotate and its subpackages must not depend on Fyne or database/sql,
// however indirectly, so that both app/ and storage/ can import it.
func TestDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH, so the dependency graph cannot be listed")
	}
	// -e lists what it can even when a package is mid-edit and broken.
	out, err := exec.Command(goTool, "list", "-e", "-deps", "-f", "{{.ImportPath}}", "hashiya/annotate/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 5 {
		t.Fatalf("go list found only %q; the dependency graph was not read", deps)
	}
	for _, d := range deps {
		if forbiddenDep(d) {
			t.Errorf("hashiya/annotate/... depends on %s; the domain must not import the UI or the database", d)
		}
	}
}

func forbiddenDep(path string) bool {
	return path == "database/sql" || strings.HasPrefix(path, "database/sql/") ||
		strings.HasPrefix(path, "fyne.io/")
}

func TestForbiddenDep(t *testing.T) {
	for path, want := range map[string]bool{
		"database/sql":                   true,
		"database/sql/driver":            true,
		"fyne.io/fyne/v2/widget":         true,
		"fyne.io/systray":                true,
		"encoding/json":                  false,
		"github.com/rivo/uniseg":         false,
		"hashiya/annotate":               false,
		"golang.org/x/text/unicode/norm": false,
	} {
		if forbiddenDep(path) != want {
			t.Errorf("forbiddenDep(%q) = %v", path, !want)
		}
	}
}
