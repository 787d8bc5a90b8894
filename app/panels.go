package app

import (
	"fyne.io/fyne/v2"
)

// The workspace's three panes: the document list, the text and the side
// panels (labels, spans, targets and stances). The dividers between them
// drag; F8 and F9 (View › Document list, View › Side panels) hide and show
// the list and the panels, remembered across sessions. The list and the
// panels scroll rather than hold the window wide, so at the window's
// smallest the text still has at least half of it.

// Preferences of the panes.
const (
	prefHideList   = "hide_document_list"
	prefHidePanels = "hide_side_panels"
)

// Narrowest widths of the panes: the text's is what the other two get
// together at most, so it has half the window or more.
const (
	minListWidth  = 150
	minSideWidth  = 170
	minTextWidth  = minListWidth + minSideWidth + 40 // and the dividers
	minPaneHeight = 120
)

// paneWithMin wraps o in a scroll that is at least w wide and h high, so
// the pane asks for no more room than that (see readingScroll).
func paneWithMin(o fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	_, pane := readingScroll(o, fyne.NewSize(w, h))
	return pane
}

// paneItem is the View menu item that shows or hides pane, remembered
// under pref (which stores "hidden", so both show by default).
func (w *workspace) paneItem(label, pref string, pane *fyne.CanvasObject) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, nil)
	it.Checked = !w.prefs.Bool(pref)
	it.Action = func() { w.togglePane(it, pref, *pane) }
	return it
}

// togglePane hides pane if shown and shows it if hidden.
func (w *workspace) togglePane(it *fyne.MenuItem, pref string, pane fyne.CanvasObject) {
	if pane == nil {
		return
	}
	show := !pane.Visible()
	if show {
		pane.Show()
	} else {
		pane.Hide()
	}
	w.prefs.SetBool(pref, !show)
	if it != nil {
		it.Checked = show
	}
	if w.win != nil && w.win.MainMenu() != nil {
		w.win.MainMenu().Refresh()
	}
	if w.split != nil {
		w.split.Refresh()
	}
	w.focusText()
}

// applyPanePrefs hides the panes the annotator hid last time.
func (w *workspace) applyPanePrefs() {
	if w.prefs.Bool(prefHideList) {
		w.listPane.Hide()
	}
	if w.prefs.Bool(prefHidePanels) {
		w.sidePane.Hide()
	}
}
