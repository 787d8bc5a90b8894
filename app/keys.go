package app

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Keyboard: plain keys reach the workspace from the text view (which
// keeps the focus) or from the canvas when nothing has focus; Ctrl
// shortcuts live in the main menu, which Fyne consults before any widget.
//
// Plain keys: a schema's own hotkeys first (entity labels, 1–9 by
// default), then letterKeys, then the stance labels' hotkeys (F, A, N by
// default); keys without a character are namedKeys. The key list of the
// default guidelines (F1) is made from these same tables, the schema and
// the menu, so it says what the keys do.
//
// In curation (curation.go) curationKeys come first: 0–9 and F7, F6
// are curation's there, and labels are applied with the palette.

// workspaceKey is one key of the workspace with what the guidelines say
// it does.
type workspaceKey struct {
	runes []rune         // the characters it types, for letterKeys
	names []fyne.KeyName // the keys, for namedKeys
	// shortcuts are the Ctrl shortcuts, for shortcutKeys.
	shortcuts []fyne.Shortcut
	keys      string // as the key list shows it; "" is not listed
	what      string // translated
	do        func()
	// typed, when set, is do for a key of several characters that needs
	// to know which was typed.
	typed func(r rune)
}

// digits are the characters of the digits from to to, in the Latin,
// Arabic-Indic and Eastern Arabic-Indic (Persian keyboard) scripts.
func digits(from, to rune) []rune {
	var out []rune
	for _, zero := range []rune{'0', '٠', '۰'} {
		for d := from; d <= to; d++ {
			out = append(out, zero+d)
		}
	}
	return out
}

// digitValue is the value of a character of digits.
func digitValue(r rune) int {
	for _, zero := range []rune{'0', '٠', '۰'} {
		if r >= zero && r <= zero+9 {
			return int(r - zero)
		}
	}
	return -1
}

// curationKeys are curation's own keys, taken before all others while
// curating.
func (c *curation) keys() []workspaceKey {
	ctrlDigits := make([]fyne.Shortcut, 0, 9)
	for k := 1; k <= 9; k++ {
		ctrlDigits = append(ctrlDigits, ctrl(fyne.KeyName(strconv.Itoa(k))))
	}
	return []workspaceKey{
		{runes: digits(1, 9), keys: "1–9", what: tr("take annotator 1–9's version of the disagreement and go on to the next (Arabic digits too)"), typed: func(r rune) { c.take(digitValue(r)) }},
		{runes: digits(0, 0), keys: "0", what: tr("take no annotator's version: leave the text there unmarked"), typed: func(rune) { c.take(0) }},
		{shortcuts: ctrlDigits, keys: "Ctrl+1–9", what: tr("take annotator 1–9's version and stay on it, to relabel it with the palette")},
		{names: []fyne.KeyName{fyne.KeyF7}, keys: "F7", what: tr("next disagreement"), do: func() { c.step(1) }},
		{names: []fyne.KeyName{fyne.KeyF6}, keys: "F6", what: tr("previous disagreement"), do: func() { c.step(-1) }},
	}
}

// press runs k for the character r.
func (k workspaceKey) press(r rune) {
	if k.typed != nil {
		k.typed(r)
		return
	}
	k.do()
}

// letterKeys are the fixed keys that type a character. Their captions
// are built when a key is pressed, so they follow the UI language.
func (w *workspace) letterKeys() []workspaceKey {
	p := w.targets
	return []workspaceKey{
		{runes: []rune{'t', 'T'}, keys: "T", what: tr("make a target from the selection"), do: p.fromSelection},
		{runes: []rune{'m', 'M'}, keys: "M", what: tr("add the selected span to the target's mentions"), do: p.addMention},
		{runes: []rune{'e', 'E'}, keys: "E", what: tr("attach the selection to the stance as evidence"), do: p.attachEvidence},
		{runes: []rune{'h', 'H'}, keys: "H", what: tr("holder: the PER or ORG span under the caret, else the next target"), do: p.cycleHolder},
		{runes: []rune{'y'}, keys: "Y", what: tr("accept the greyed span under the caret"), do: w.acceptOther},
		{runes: []rune{'Y'}, keys: "Shift+Y", what: tr("accept all greyed spans"), do: w.acceptAllOthers},
	}
}

// namedKeys are the keys without a character.
func (w *workspace) namedKeys() []workspaceKey {
	return []workspaceKey{
		{names: []fyne.KeyName{fyne.KeyDelete, fyne.KeyBackspace}, keys: "Delete, Backspace", what: tr("delete the span under the caret"), do: w.deleteSpan},
		{names: []fyne.KeyName{fyne.KeyPageDown}, keys: "PgDn", what: tr("next document"), do: func() { w.step(1) }},
		{names: []fyne.KeyName{fyne.KeyPageUp}, keys: "PgUp", what: tr("previous document"), do: func() { w.step(-1) }},
		{names: []fyne.KeyName{fyne.KeyF1}, keys: "F1", what: tr("these guidelines"), do: w.showGuidelines},
		{names: []fyne.KeyName{fyne.KeyF8}, keys: "F8", what: tr("hide or show the document list"), do: func() { w.togglePane(w.listItem, prefHideList, w.listPane) }},
		{names: []fyne.KeyName{fyne.KeyF9}, keys: "F9", what: tr("hide or show the side panels"), do: func() { w.togglePane(w.panelsItem, prefHidePanels, w.sidePane) }},
	}
}

// selectionKeys are the text view's own keys (package textview), which
// select the text the label keys then apply to. Moves are in screen
// order, and a selection never starts or ends with white space.
func selectionKeys() []workspaceKey {
	return []workspaceKey{
		{keys: "Left, Right", what: tr("move the caret one character on the screen: in an Arabic line Left goes forward")},
		{keys: "Ctrl+Left, Ctrl+Right", what: tr("move the caret one word")},
		{keys: "Shift+Left, Shift+Right", what: tr("extend the selection by a character")},
		{keys: "Ctrl+Shift+Left, Ctrl+Shift+Right", what: tr("extend the selection by a word")},
		{keys: "Up, Down, Home, End", what: tr("move by lines; with Shift, extend the selection; Ctrl+Home and Ctrl+End go to the start and end")},
		{keys: "Esc", what: tr("clear the selection")},
		{keys: tr("drag"), what: tr("select whole words")},
		{keys: tr("Ctrl+drag"), what: tr("select by character, inside a word (not Alt: releasing Alt opens the menu)")},
		{keys: tr("double-click"), what: tr("select a word")},
	}
}

// onRune handles a typed character; it reports whether it was a hotkey.
func (w *workspace) onRune(r rune) bool {
	w.activity.touch()
	if w.curation.onRune(r) {
		return true
	}
	if name, ok := w.entityForKey(r); ok {
		w.applyLabel(name)
		return true
	}
	for _, k := range w.letterKeys() {
		if slices.Contains(k.runes, r) {
			k.press(r)
			return true
		}
	}
	return w.targets.onStanceRune(r)
}

// onKey handles a key without a character; it reports whether it used it.
func (w *workspace) onKey(ev *fyne.KeyEvent) bool {
	w.activity.touch()
	if w.curation.onKey(ev) {
		return true
	}
	for _, k := range w.namedKeys() {
		if slices.Contains(k.names, ev.Name) {
			k.do()
			return true
		}
	}
	return false
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
	menus := w.menus(fileItems)
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

// menus are the main menu's menus in reading order, with their labels as
// translated: menu hands them to Fyne, the guidelines' key list reads
// their shortcuts.
func (w *workspace) menus(fileItems []*fyne.MenuItem) []*fyne.Menu {
	undo := item(tr("Undo"), &fyne.ShortcutUndo{}, w.undo)
	redo := item(tr("Redo"), &fyne.ShortcutRedo{}, w.redo)
	edit := fyne.NewMenu(tr("Edit"), undo, redo)
	doc := fyne.NewMenu(tr("Document"),
		item(tr("Mark done and open next"), ctrl(fyne.KeyReturn), w.onDone),
		item(tr("Skip and open next"), ctrlShift(fyne.KeyReturn), w.onSkip),
		item(tr("Next document"), nil, func() { w.step(1) }),
		item(tr("Previous document"), nil, func() { w.step(-1) }),
		item(tr("Save"), ctrl(fyne.KeyS), w.onSave),
		fyne.NewMenuItemSeparator(),
		item(tr("Delete…"), nil, w.onDelete),
	)
	if w.listItem == nil {
		// Made once: F8 and F9 tick these, and the guidelines' key list
		// builds the menus again only to read them.
		w.listItem = w.paneItem(tr("Document list (F8)"), prefHideList, &w.listPane)
		w.panelsItem = w.paneItem(tr("Side panels (F9)"), prefHidePanels, &w.sidePane)
	}
	view := fyne.NewMenu(tr("View"),
		item(tr("Larger text"), ctrl(fyne.KeyEqual), func() { w.zoom(2) }),
		item(tr("Smaller text"), ctrl(fyne.KeyMinus), func() { w.zoom(-2) }),
		w.compactItem(),
		w.listItem,
		w.panelsItem,
		fyne.NewMenuItemSeparator(),
		item(tr("Show another annotator's spans…"), nil, w.onShowOther),
		item(tr("Accept the greyed span under the caret [Y]"), nil, w.acceptOther),
		item(tr("Accept all greyed spans [Shift+Y]"), nil, w.acceptAllOthers),
		fyne.NewMenuItemSeparator(),
		item(tr("Agreement…"), nil, w.onAgreement),
		fyne.NewMenuItemSeparator(),
	)
	view.Items = append(view.Items, w.curation.menuItems()...)
	help := fyne.NewMenu(tr("Help"),
		item(tr("Guidelines (F1)"), nil, w.showGuidelines),
		item(tr("Import guidelines…"), nil, w.onImportGuidelines),
	)
	return []*fyne.Menu{fyne.NewMenu(tr("File"), fileItems...), edit, doc, view, help}
}

// shortcutKeys are the Ctrl shortcuts without a menu item: other keys
// for menu actions, captioned with the item's label. The keypad's
// Enter is not listed: the key list writes it as the menu's Ctrl+Enter.
func (w *workspace) shortcutKeys() []workspaceKey {
	return []workspaceKey{
		{shortcuts: []fyne.Shortcut{ctrlShift(fyne.KeyZ)}, keys: "Ctrl+Shift+Z", what: tr("Redo"), do: w.redo},
		{shortcuts: []fyne.Shortcut{ctrl(fyne.KeyEnter)}, what: tr("Mark done and open next"), do: w.onDone},
		{shortcuts: []fyne.Shortcut{ctrlShift(fyne.KeyEqual)}, keys: "Ctrl+Shift+=", what: tr("Larger text"), do: func() { w.zoom(2) }},
		{shortcuts: []fyne.Shortcut{ctrl(fyne.KeyPlus)}, keys: "Ctrl++", what: tr("Larger text"), do: func() { w.zoom(2) }},
	}
}

// extraShortcuts are shortcutKeys and curation's take-and-edit (which
// does nothing outside curation), bound on the canvas and the text view.
func (w *workspace) extraShortcuts() map[fyne.Shortcut]func() {
	m := map[fyne.Shortcut]func(){}
	for _, k := range w.shortcutKeys() {
		for _, sc := range k.shortcuts {
			m[sc] = k.do
		}
	}
	for _, k := range w.curation.keys() {
		for i, sc := range k.shortcuts {
			m[sc] = func() { w.curation.takeToEdit(i + 1) }
		}
	}
	return m
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
