package app

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

func (c *importChooser) names() []string {
	var out []string
	for _, de := range c.entries {
		out = append(out, de.Name())
	}
	return out
}

// TestImportChooser: a click selects and opens nothing; a double-click
// opens a folder and chooses nothing, then a double-click on a file, or
// Choose, hands the path on; Choose with nothing selected takes the
// folder shown; a typed path works.
func TestImportChooser(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"news/a.txt", "news/b.jsonl", "news/server.log", "top.txt", ".hidden.txt"} {
		writeFile(t, filepath.Join(dir, f), "x\n")
	}
	var chosen []string
	c := newImportChooser(win, dir, func(p string) { chosen = append(chosen, p) })
	c.show()
	if got := c.names(); !slices.Equal(got, []string{"news", "top.txt"}) {
		t.Fatalf("listing %q", got)
	}
	c.selectRow(0) // a click on the folder
	if c.dir != dir || len(chosen) != 0 {
		t.Fatalf("a click opened %q or chose %q", c.dir, chosen)
	}
	c.activate(0) // a double-click on it
	if c.dir != filepath.Join(dir, "news") || len(chosen) != 0 {
		t.Fatalf("a double-click on a folder: in %q, chose %q", c.dir, chosen)
	}
	if got := c.names(); !slices.Equal(got, []string{"a.txt", "b.jsonl"}) {
		t.Fatalf("listing %q (the log file is not importable)", got)
	}
	c.selectRow(1)
	c.choose()
	if len(chosen) != 1 || chosen[0] != filepath.Join(dir, "news", "b.jsonl") {
		t.Fatalf("Choose gave %q", chosen)
	}
	c.open(filepath.Join(dir, "news"))
	c.choose() // nothing selected: the folder
	if chosen[1] != filepath.Join(dir, "news") {
		t.Fatalf("Choose with nothing selected gave %q", chosen[1])
	}
	c.activate(0) // a double-click on a file chooses it
	if chosen[2] != filepath.Join(dir, "news", "a.txt") {
		t.Fatalf("double-click on a file gave %q", chosen[2])
	}
	c.onPathSubmitted(filepath.Join(dir, "top.txt"))
	if chosen[3] != filepath.Join(dir, "top.txt") {
		t.Fatalf("typed path gave %q", chosen[3])
	}
	c.onPathSubmitted(filepath.Join(dir, "nope"))
	if len(chosen) != 4 || c.problem.Text == "" {
		t.Fatal("a missing typed path was not refused")
	}
}

// TestImportMenuFlow: File › Import… → Choose… → the chooser → the
// confirmation; only its Import button imports.
func TestImportMenuFlow(t *testing.T) {
	sh, a := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "new.txt"), "A new article about Aleppo.\n")
	a.Preferences().SetString(prefImportDir, dir)
	sh.onImport()
	test.Tap(overlayButton(t, sh.win, "Choose…"))
	if !overlayHas(sh.win, "new.txt") {
		t.Fatalf("the chooser does not list the folder: %q", overlayText(sh.win))
	}
	test.Tap(overlayButton(t, sh.win, "Choose"))
	if n := len(sh.ws.docs); n != len(testTexts) {
		t.Fatalf("imported before the confirmation: %d", n)
	}
	test.Tap(overlayButton(t, sh.win, "Import"))
	if n := len(sh.ws.docs); n != len(testTexts)+1 {
		t.Fatalf("after Import %d documents", n)
	}
}
