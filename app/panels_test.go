package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestNarrowWindowKeepsHalfForText: at the window's smallest width the
// text has at least half of it, in either UI direction.
func TestNarrowWindowKeepsHalfForText(t *testing.T) {
	f := newFixture(t, testTexts...)
	min := f.win.Content().MinSize()
	f.win.Resize(min)
	text := f.ws.text.Object()
	if w := text.Size().Width; w < min.Width/2 {
		t.Errorf("at the smallest width %.0f the text is %.0f wide, under half", min.Width, w)
	}
	if min.Width > 720 {
		t.Errorf("the window cannot be narrower than %.0f", min.Width)
	}
}

// TestPanesHideAndShow: F9 hides the side panels and F8 the document
// list, the text takes their room, the choice is remembered, and the
// keys bring them back.
func TestPanesHideAndShow(t *testing.T) {
	f := newFixture(t, testTexts...)
	text := f.ws.text.Object()
	before := text.Size().Width
	f.press(fyne.KeyF9)
	f.press(fyne.KeyF8)
	if f.ws.sidePane.Visible() || f.ws.listPane.Visible() {
		t.Fatal("F8 and F9 left a pane shown")
	}
	if after := text.Size().Width; after < before+300 {
		t.Errorf("the text is %.0f wide with both panes hidden, %.0f before", after, before)
	}
	if !f.ws.prefs.Bool(prefHidePanels) || !f.ws.prefs.Bool(prefHideList) || f.ws.panelsItem.Checked || f.ws.listItem.Checked {
		t.Error("hiding the panes is not remembered or not shown in the View menu")
	}
	// A new workspace on the same preferences starts with them hidden.
	ws := newWorkspace(f.ws.ctx, f.win, f.ws.prefs, f.store, annotator, newTestText, syncRun)
	test.NewTempWindow(t, ws.content())
	if ws.sidePane.Visible() || ws.listPane.Visible() {
		t.Error("a new session shows the panes hidden last time")
	}
	f.press(fyne.KeyF9)
	f.press(fyne.KeyF8)
	if !f.ws.sidePane.Visible() || !f.ws.listPane.Visible() || text.Size().Width != before {
		t.Errorf("after F8 and F9 again: shown %v %v, text %.0f wide (was %.0f)", f.ws.sidePane.Visible(), f.ws.listPane.Visible(), text.Size().Width, before)
	}
}

// TestGuidelinesLeaveThePaneItems: opening the guidelines (which read
// the menus' shortcuts) leaves F8 ticking the View menu's own item.
func TestGuidelinesLeaveThePaneItems(t *testing.T) {
	f := newFixture(t, testTexts...)
	item := f.ws.listItem
	f.ws.defaultGuidelines()
	f.press(fyne.KeyF8)
	if f.ws.listItem != item || item.Checked {
		t.Errorf("after F1 and F8 the View menu's Document list item is %p (was %p), checked %v", f.ws.listItem, item, item.Checked)
	}
}
