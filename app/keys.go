package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"slices"
)

// Keyboard: plain keys reach the workspace from the text view (which
// keeps the focus) or from the canvas when nothing has focus; Ctrl
// shortcuts live in the main menu, which Fyne consults before any widget.
//
// Plain keys (a schema's own hotkeys come first):
//
//	1–9        label the selection / relabel the span under the caret
//	T, M, E    target from the selection, add as mention, attach evidence
//	F, A, N    the stance labels' hotkeys (from the schema)
//	H          holder: the PER/ORG span under the caret, else the next target
//	Y, Shift+Y accept the greyed span under the caret / all greyed spans
//	Delete     delete the span under the caret
//	PgDn, PgUp next, previous document
//	F1         the guidelines

// Selecting in the text view (its own keys; label keys then apply):
//
//	Left, Right            move the caret one character, on the screen
//	Ctrl+Left, Ctrl+Right  move the caret one word
//	Shift+Left, Shift+Right            extend the selection by a character
//	Ctrl+Shift+Left, Ctrl+Shift+Right  extend it by a word
//	Up, Down, Home, End    line moves (with Shift: extend; Ctrl+Home/End: document)
//	Esc                    clear the selection
//	drag                   select whole words
//	Ctrl+drag              select by character, inside a word (not Alt:
//	                       releasing Alt opens the menu)
//	double-click           select a word
//
// Moves are in screen order: in an Arabic line Left goes forward. A
// selection never starts or ends with white space.

// onRune handles a typed character; it reports whether it was a hotkey.
func (w *workspace) onRune(r rune) bool {
	w.activity.touch()
	if name, ok := w.entityForKey(r); ok {
		w.applyLabel(name)
		return true
	}
	if w.onOtherRune(r) {
		return true
	}
	return w.targets.onRune(r)
}

// onKey handles a key without a character; it reports whether it used it.
func (w *workspace) onKey(ev *fyne.KeyEvent) bool {
	w.activity.touch()
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		w.deleteSpan()
	case fyne.KeyPageDown:
		w.step(1)
	case fyne.KeyPageUp:
		w.step(-1)
	case fyne.KeyF1:
		w.showGuidelines()
	default:
		return false
	}
	return true
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func ctrlShift(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

func item(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, action)
	it.Shortcut = sc
	return it
}

// menu is the main menu. Shortcuts without a menu item of their own
// (Ctrl+Shift+Z, the keypad Enter, Ctrl++) are hidden duplicates on the
// canvas.
func (w *workspace) menu(fileItems []*fyne.MenuItem) *fyne.MainMenu {
	undo := item(tr("Undo"), &fyne.ShortcutUndo{}, w.undo)
	redo := item(tr("Redo"), &fyne.ShortcutRedo{}, w.redo)
	edit := fyne.NewMenu(tr("Edit"), undo, redo)
	doc := fyne.NewMenu(tr("Document"),
		item(tr("Mark done and open next"), ctrl(fyne.KeyReturn), w.onDone),
		item(tr("Skip and open next"), ctrlShift(fyne.KeyReturn), w.onSkip),
		item(tr("Next document"), nil, func() { w.step(1) }),
		item(tr("Previous document"), nil, func() { w.step(-1) }),
		item(tr("Save"), ctrl(fyne.KeyS), w.onSave),
	)
	view := fyne.NewMenu(tr("View"),
		item(tr("Larger text"), ctrl(fyne.KeyEqual), func() { w.zoom(2) }),
		item(tr("Smaller text"), ctrl(fyne.KeyMinus), func() { w.zoom(-2) }),
		w.compactItem(),
		fyne.NewMenuItemSeparator(),
		item(tr("Show another annotator's spans…"), nil, w.onShowOther),
		item(tr("Accept the greyed span under the caret [Y]"), nil, w.acceptOther),
		item(tr("Accept all greyed spans [Shift+Y]"), nil, w.acceptAllOthers),
		fyne.NewMenuItemSeparator(),
		item(tr("Agreement…"), nil, w.onAgreement),
	)
	help := fyne.NewMenu(tr("Help"), item(tr("Guidelines (F1)"), nil, w.showGuidelines))
	menus := []*fyne.Menu{fyne.NewMenu(tr("File"), fileItems...), edit, doc, view, help}
	if uiRTL() {
		// Fyne's menu bar cannot sit on the right; the menus at least
		// read from right to left, ملف nearest the text's start.
		slices.Reverse(menus)
	}
	for _, m := range menus {
		fyneMenu(m)
	}
	return fyne.NewMainMenu(menus...)
}

// extraShortcuts are the alternative keys for menu actions.
func (w *workspace) extraShortcuts() map[fyne.Shortcut]func() {
	return map[fyne.Shortcut]func(){
		ctrlShift(fyne.KeyZ):     w.redo,
		ctrl(fyne.KeyEnter):      w.onDone,
		ctrlShift(fyne.KeyEqual): func() { w.zoom(2) },
		ctrl(fyne.KeyPlus):       func() { w.zoom(2) },
	}
}

// hooks connect the text view to the workspace.
func (w *workspace) hooks() viewHooks {
	extra := w.extraShortcuts()
	return viewHooks{
		rune: w.onRune,
		key:  w.onKey,
		shortcut: func(s fyne.Shortcut) bool {
			for sc, f := range extra {
				if sc.ShortcutName() == s.ShortcutName() {
					f()
					return true
				}
			}
			return false
		},
		selection: func(start, end int) {
			w.activity.touch()
			if i := w.spanIndex(w.selSpan); i >= 0 && (w.spans[i].Start != start || w.spans[i].End != end) {
				w.selSpan = 0
			}
		},
		markTapped: w.onMarkTapped,
	}
}

// bindKeys connects the canvas: the extra shortcuts, and plain keys for
// when no widget has the focus.
func (w *workspace) bindKeys(c fyne.Canvas) {
	for sc, f := range w.extraShortcuts() {
		f := f
		c.AddShortcut(sc, func(fyne.Shortcut) { f() })
	}
	c.SetOnTypedRune(func(r rune) { w.onRune(r) })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { w.onKey(ev) })
}
