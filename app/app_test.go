package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
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

func findEntry(o fyne.CanvasObject) *widget.Entry {
	if o == nil {
		return nil
	}
	for _, obj := range test.LaidOutObjects(o) {
		if e, ok := obj.(*widget.Entry); ok {
			return e
		}
	}
	return nil
}
