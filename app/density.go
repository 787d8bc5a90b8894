package app

import "fyne.io/fyne/v2"

// prefCompact remembers View › Compact lines.
const prefCompact = "compact_lines"

// compacter is a text view with a compact spacing setting (the real one;
// the tests' stand-in has none).
type compacter interface{ SetCompact(compact bool) }

// compactItem is View › Compact lines: tighter line and paragraph
// spacing, remembered across sessions. Building it applies the
// remembered setting to the text view.
func (w *workspace) compactItem() *fyne.MenuItem {
	it := fyne.NewMenuItem(tr("Compact lines"), nil)
	it.Checked = w.prefs.Bool(prefCompact)
	w.setCompact(it.Checked)
	it.Action = func() {
		it.Checked = !it.Checked
		w.prefs.SetBool(prefCompact, it.Checked)
		w.setCompact(it.Checked)
		if w.win != nil && w.win.MainMenu() != nil {
			w.win.MainMenu().Refresh()
		}
	}
	return it
}

func (w *workspace) setCompact(compact bool) {
	if c, ok := w.text.(compacter); ok {
		c.SetCompact(compact)
	}
}
