package cli

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoUI: the commands and the use cases the window shares with them
// import nothing of Fyne, so they run on a server without a display and
// the UI stays in app/.
func TestNoUI(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH, so the dependency graph cannot be listed")
	}
	out, err := exec.Command(goTool, "list", "-e", "-deps", "-f", "{{.ImportPath}}", "hashiya/app/cli").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 5 {
		t.Fatalf("go list found only %q", deps)
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "fyne.io/") {
			t.Errorf("hashiya/app/cli depends on %s", d)
		}
	}
}
