package app

import (
	"hashiya/annotate/dataset"
	"hashiya/app/cli"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hashiya/app/textview"
)

func newTestShell(t *testing.T, opts Options) (*shell, fyne.App) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 800))
	sh := &shell{app: a, win: w, opts: opts, store: openTestDB(t, testTexts...), newText: newTestText, run: syncRun}
	return sh, a
}

func TestAnnotatorFromOptionsNeverAsks(t *testing.T) {
	sh, a := newTestShell(t, Options{Annotator: "  sara "})
	a.Preferences().SetString(prefAnnotator, "someone else")
	sh.begin()
	if top := sh.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("a dialog is shown: %T", top)
	}
	if sh.ws == nil || sh.ws.annotator != "sara" || sh.ws.cur != 0 {
		t.Fatalf("workspace %+v", sh.ws)
	}
	if !focusedIs(sh.win, sh.ws.text) {
		t.Fatal("the text view does not have the focus")
	}
	if got := sh.ws.status.who.Text; got != "Annotator: sara" {
		t.Errorf("status bar reads %q", got)
	}
}

func TestAnnotatorFromPreferences(t *testing.T) {
	sh, a := newTestShell(t, Options{})
	a.Preferences().SetString(prefAnnotator, "amal")
	sh.begin()
	if sh.win.Canvas().Overlays().Top() != nil || sh.ws == nil || sh.ws.annotator != "amal" {
		t.Fatal("the remembered name was not used")
	}
}

// TestFirstStartAsksName: with no name anywhere the dialog asks, refuses
// an empty name, and remembers the one given.
func TestFirstStartAsksName(t *testing.T) {
	sh, a := newTestShell(t, Options{})
	sh.begin()
	if sh.ws != nil {
		t.Fatal("the workspace opened before the annotator was known")
	}
	entry := findEntry(sh.win.Canvas().Overlays().Top())
	if entry == nil {
		t.Fatal("no name dialog")
	}
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if sh.ws != nil {
		t.Fatal("an empty name was accepted")
	}
	test.Type(entry, "Noor")
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if sh.ws == nil || sh.ws.annotator != "Noor" {
		t.Fatal("the workspace did not open under the given name")
	}
	if got := a.Preferences().String(prefAnnotator); got != "Noor" {
		t.Fatalf("remembered %q", got)
	}
	if sh.win.Title() != windowTitle(sh.store.Path()) {
		t.Fatalf("title %q", sh.win.Title())
	}
}

func TestChangeAnnotatorRebuildsTheWorkspace(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	old := sh.ws
	sh.onChangeAnnotator()
	entry := findEntry(sh.win.Canvas().Overlays().Top())
	if entry == nil || entry.Text != "amal" {
		t.Fatal("no dialog with the current name")
	}
	entry.SetText("sara")
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if sh.ws == old || sh.ws.annotator != "sara" {
		t.Fatal("the workspace did not switch annotator")
	}
}

func findEntry(o fyne.CanvasObject) *textview.Entry {
	if o == nil {
		return nil
	}
	for _, obj := range test.LaidOutObjects(o) {
		if e, ok := obj.(*textview.Entry); ok {
			return e
		}
	}
	return nil
}

// TestImportExportFromTheMenu runs the commands' use cases on the open
// database: a good import lists the new document; a bad line is refused
// with its file and line number and changes nothing; an export writes
// the file.
func TestImportExportFromTheMenu(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	dir := t.TempDir()
	good := filepath.Join(dir, "new.txt")
	bad := filepath.Join(dir, "bad.jsonl")
	out := filepath.Join(dir, "out.jsonl")
	if err := os.WriteFile(good, []byte("A new article about Aleppo.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("{\"text\": \"ok\"}\n{\"text\": \"ok\", \"spans\": [{\"start\": 5, \"end\": 2, \"label\": \"PER\"}]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	req := importRequest{format: dataset.Auto, offsets: string(dataset.Codepoint)}

	sh.runImport(good, req)
	if n := len(sh.ws.docs); n != len(testTexts)+1 {
		t.Fatalf("after import %d documents are listed", n)
	}
	if got := sh.ws.status.msg.Text; !strings.HasPrefix(got, "Imported 1") {
		t.Fatalf("status %q", got)
	}
	dismissOverlays(sh.win)

	sh.runImport(bad, req)
	msg := sh.ws.status.lastErr
	if !strings.Contains(msg, "Nothing was imported") {
		t.Fatalf("status %q", msg)
	}
	if n := len(sh.ws.docs); n != len(testTexts)+1 {
		t.Fatalf("a refused import changed the list: %d documents", n)
	}
	if got := overlayText(sh.win); !strings.Contains(got, "bad.jsonl:2") || !strings.Contains(got, "Import failed") {
		t.Fatalf("the dialog does not name the bad line: %q", got)
	}
	dismissOverlays(sh.win)

	// With the box ticked the valid line goes in and the bad one is listed.
	req.skipInvalid = true
	sh.runImport(bad, req)
	if got := overlayText(sh.win); !strings.Contains(got, "Imported 1 document(s). 1 invalid input(s) were skipped.") || !strings.Contains(got, "bad.jsonl:2") {
		t.Fatalf("skip-invalid result %q", got)
	}
	dismissOverlays(sh.win)

	sh.ws.text.SetSelection(0, 12)
	sh.ws.applyLabel("PER")
	sh.runExport(cli.ExportRequest{Path: out, Format: dataset.Prodigy, Offsets: dataset.Codepoint})
	if sh.ws.status.lastErr != "" {
		t.Fatalf("export failed: %s", sh.ws.status.lastErr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), "Barack Obama") {
		t.Fatalf("export wrote %q (%v)", b, err)
	}
	if got := overlayText(sh.win); !strings.Contains(got, "Exported to "+out) || !strings.Contains(got, "document-annotator pair(s)") {
		t.Fatalf("export result %q", got)
	}
}

func dismissOverlays(w fyne.Window) {
	for w.Canvas().Overlays().Top() != nil {
		w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	}
}

// overlayText is all label text in the top dialog.
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch l := o.(type) {
		case *widget.Label:
			b.WriteString(l.Text + "\n")
		case *textview.Label:
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// TestSwitchDatabase: File > New database on an empty file makes a new
// database, shows it under the same annotator and names it in the title;
// a bad file is refused in one sentence and the old one stays open.
func TestSwitchDatabase(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	first := sh.store

	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notDB, []byte("shopping list\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sh.switchTo(notDB, false)
	if sh.store != first || sh.ws.status.lastErr == "" {
		t.Fatalf("a text file was opened as a database (status %q)", sh.ws.status.lastErr)
	}

	fresh := filepath.Join(dir, "fresh.db")
	if err := os.WriteFile(fresh, nil, 0o644); err != nil { // what the save dialog leaves
		t.Fatal(err)
	}
	// File › Open on a missing or empty file refuses it and creates
	// nothing: a mistyped path is not a new database.
	for _, p := range []string{filepath.Join(dir, "typo.db"), fresh} {
		sh.switchTo(p, false)
		if sh.store != first || !strings.Contains(sh.ws.status.lastErr, p) {
			t.Fatalf("File › Open of %s: store changed or status %q does not name it", p, sh.ws.status.lastErr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.db")); !os.IsNotExist(err) {
		t.Fatalf("File › Open created typo.db (%v)", err)
	}
	sh.switchTo(fresh, true)
	if sh.store == first || sh.store.Path() != fresh {
		t.Fatal("the new database is not the open one")
	}
	if sh.ws.annotator != "amal" || len(sh.ws.docs) != 0 || sh.win.Title() != "Hashiya — fresh.db" {
		t.Fatalf("annotator %q, %d documents, title %q", sh.ws.annotator, len(sh.ws.docs), sh.win.Title())
	}
	sh.stop()
}
