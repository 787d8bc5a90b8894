package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// overlayHas reports whether any text drawn in the top dialog reads s.
func overlayHas(w fyne.Window, s string) bool {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, o := range test.LaidOutObjects(top) {
		if t, ok := o.(*canvas.Text); ok && t.Text == s {
			return true
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
