package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hashiya/app/textview"
)

func init() {
	// Messages clear only when a test runs the timers itself.
	statusTimer = func(time.Duration, func()) {}
}

// overlayHas reports whether any text drawn in the top dialog reads s.
func overlayHas(w fyne.Window, s string) bool {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, o := range test.LaidOutObjects(top) {
		switch t := o.(type) {
		case *canvas.Text:
			if t.Text == s {
				return true
			}
		case *textview.Label:
			if t.Text == s && t.Visible() {
				return true
			}
		}
	}
	return false
}

// TestNameDialogValidatesOnlyAfterInput: the name dialog shows no
// "Type a name." before anything is typed, even once the entry has lost
// the focus; it does once a typed name is erased.
func TestNameDialogValidatesOnlyAfterInput(t *testing.T) {
	sh, _ := newTestShell(t, Options{})
	sh.begin()
	entry := findEntry(sh.win.Canvas().Overlays().Top())
	if entry == nil {
		t.Fatal("no name dialog")
	}
	sh.win.Canvas().Unfocus()
	if overlayHas(sh.win, "Type a name.") || entry.Validate() != nil {
		t.Fatal("the dialog complains before anything was typed")
	}
	sh.win.Canvas().Focus(entry)
	test.Type(entry, "N")
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	sh.win.Canvas().Unfocus()
	if entry.Validate() == nil || !overlayHas(sh.win, "Type a name.") {
		t.Fatal("an erased name is not refused")
	}
}

// TestStatusMessagesClear: a notice goes at the next edit, or when its
// time is up unless a newer message has replaced it; an error too.
func TestStatusMessagesClear(t *testing.T) {
	f := newFixture(t, testTexts...)
	var timers []func()
	f.ws.status.after = func(_ time.Duration, fn func()) { timers = append(timers, fn) }

	f.text.SetSelection(0, 12)
	f.typeKeys("1")
	f.shortcut(&fyne.ShortcutUndo{})
	if got := f.ws.status.msg.Text; got != "Undone: the new span." {
		t.Fatalf("after undo the status reads %q", got)
	}
	f.text.SetSelection(17, 31)
	f.typeKeys("1")
	if got := f.ws.status.msg.Text; got != "" {
		t.Fatalf("after the next edit the status still reads %q", got)
	}

	f.shortcut(ctrl(fyne.KeyS)) // a notice, then time passes
	if f.ws.status.msg.Text == "" || len(timers) == 0 {
		t.Fatal("no notice, or no timer for it")
	}
	timers[len(timers)-1]()
	if got := f.ws.status.msg.Text; got != "" {
		t.Fatalf("after its time the status still reads %q", got)
	}

	// An old timer does not clear a newer message.
	f.ws.status.info("first")
	old := timers[len(timers)-1]
	f.ws.status.fail(errDiskFull)
	old()
	if f.ws.status.msg.Text != errDiskFull.Message {
		t.Fatalf("an old timer cleared the error: %q", f.ws.status.msg.Text)
	}
	timers[len(timers)-1]()
	if f.ws.status.msg.Text != "" || f.ws.status.lastErr != "" {
		t.Fatalf("the error outlived its time: %q", f.ws.status.msg.Text)
	}
}

// TestDocumentReopensWhereLeft: leaving a document and coming back puts
// the caret where it was; a new workspace (a restart) opens the document
// last open, at its position; another annotator starts afresh.
func TestDocumentReopensWhereLeft(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(20, 20)
	f.press(fyne.KeyPageDown)
	if f.ws.cur != 1 || f.text.Caret() != 0 {
		t.Fatalf("open %d, caret %d", f.ws.cur, f.text.Caret())
	}
	f.text.SetSelection(9, 9)
	f.press(fyne.KeyPageUp)
	if f.ws.cur != 0 || f.text.Caret() != 20 {
		t.Fatalf("back in the first document the caret is at %d, want 20", f.text.Caret())
	}
	f.press(fyne.KeyPageDown)
	if f.text.Caret() != 9 {
		t.Fatalf("back in the second document the caret is at %d, want 9", f.text.Caret())
	}

	prefs := fyne.CurrentApp().Preferences()
	again := newWorkspace(context.Background(), f.win, prefs, f.store, annotator, newTestText, syncRun)
	f.win.SetContent(again.content())
	again.start()
	if again.cur != 1 || again.text.Caret() != 9 {
		t.Fatalf("after a restart: document %d, caret %d; want 1 and 9", again.cur, again.text.Caret())
	}
	other := newWorkspace(context.Background(), f.win, prefs, f.store, "sara", newTestText, syncRun)
	f.win.SetContent(other.content())
	other.start()
	if other.cur != 0 || other.text.Caret() != 0 {
		t.Fatalf("another annotator starts at document %d, caret %d", other.cur, other.text.Caret())
	}
}

func TestPositionsAreBounded(t *testing.T) {
	prefs := test.NewTempApp(t).Preferences()
	key := positionsKey("/x/t.db", "amal")
	for i := 1; i <= maxPositions+10; i++ {
		rememberPosition(prefs, key, int64(i), i)
	}
	if ps := loadPositions(prefs, key); len(ps) != maxPositions || ps[0].Doc != maxPositions+10 {
		t.Fatalf("%d positions kept, first %+v", len(ps), ps[0])
	}
	if c, ok := savedPosition(prefs, key, 11); !ok || c != 11 {
		t.Fatalf("position of 11: %d %v", c, ok)
	}
	if _, ok := savedPosition(prefs, key, 1); ok {
		t.Fatal("the oldest position was kept")
	}
	prefs.SetString(key, "not json")
	if loadPositions(prefs, key) != nil {
		t.Fatal("a damaged value was read")
	}
}
