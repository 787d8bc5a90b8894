package textview

import "fyne.io/fyne/v2"

// linesPerNotch is how far one wheel notch scrolls.
const linesPerNotch = 3

var _ fyne.Scrollable = (*page)(nil)

// Scrolled implements fyne.Scrollable: the wheel scrolls the view by
// whole lines, linesPerNotch per notch, where Fyne's scroll moves a fixed
// notchDelta units whatever the text size (under one line at 18 px).
// Fyne gives the page, the innermost scrollable under the pointer, the
// event first; it goes on to the view's scroll, scaled.
func (p *page) Scrolled(ev *fyne.ScrollEvent) {
	t := p.view
	if t.lay != nil && t.ensureLayout() {
		k := t.wheelStep() / notchDelta
		ev.Scrolled.DX *= k
		ev.Scrolled.DY *= k
	}
	t.scroll.Scrolled(ev)
}

// wheelStep returns how many Fyne units one wheel notch scrolls.
func (t *TextView) wheelStep() float32 {
	if t.lay == nil {
		return notchDelta
	}
	return linesPerNotch * t.lay.lineH
}
