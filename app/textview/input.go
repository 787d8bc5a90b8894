package textview

import (
	"sort"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"hashiya/annotate"
)

var (
	_ fyne.Tappable       = (*page)(nil)
	_ fyne.DoubleTappable = (*page)(nil)
	_ fyne.Draggable      = (*page)(nil)
	_ desktop.Mouseable   = (*page)(nil)
	_ desktop.Hoverable   = (*page)(nil)
	_ desktop.Keyable     = (*TextView)(nil)
)

// whitespaceTokens is the fallback when no tokens are given: maximal runs
// of non-space code points.
func whitespaceTokens(text []rune) []annotate.Token {
	var toks []annotate.Token
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				toks = append(toks, annotate.Token{Start: start, End: i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		toks = append(toks, annotate.Token{Start: start, End: len(text)})
	}
	return toks
}

// splitAtBreaks cuts tokens at their Breaks (after a proclitic), giving
// the units a mouse selection snaps to.
func splitAtBreaks(tokens []annotate.Token) []annotate.Token {
	units := make([]annotate.Token, 0, len(tokens))
	for _, tk := range tokens {
		s := tk.Start
		for _, b := range tk.Breaks {
			if b > s && b < tk.End {
				units = append(units, annotate.Token{Start: s, End: b})
				s = b
			}
		}
		units = append(units, annotate.Token{Start: s, End: tk.End})
	}
	return units
}

// unitAt returns the index of the unit holding the code point at off, or
// of the first unit after it, in units sorted by Start.
func unitAt(units []annotate.Token, off int) int {
	return sort.Search(len(units), func(i int) bool { return units[i].End > off })
}

// snapRange widens [s, e) to whole units; ends that lie between units
// move inwards, to the nearest unit inside the range. If no unit is inside,
// the range is returned unchanged.
func snapRange(units []annotate.Token, s, e int) (int, int) {
	if s >= e {
		return s, e
	}
	i := unitAt(units, s)
	j := unitAt(units, e-1)
	if i >= len(units) {
		return s, e
	}
	// Inside a unit: its start; in a gap: the next unit's start.
	ns := units[i].Start
	var ne int
	switch {
	case j < len(units) && units[j].Start < e:
		ne = units[j].End
	case j > 0:
		ne = units[j-1].End
	default:
		return s, e
	}
	if ns >= ne {
		return s, e
	}
	return ns, ne
}

// setSelection moves the selection and reports a change.
func (t *TextView) setSelection(anchor, caret int) {
	t.setSelectionAt(anchor, caret, false)
}

// setSelectionAt is setSelection with the caret's affinity (see
// TextView.caretAfter).
func (t *TextView) setSelectionAt(anchor, caret int, after bool) {
	anchor, caret = t.clamp(anchor), t.clamp(caret)
	os, oe := t.Selection()
	oc, oa := t.caret, t.caretAfter
	t.anchor, t.caret, t.caretAfter = anchor, caret, after
	s, e := t.Selection()
	if s == os && e == oe && caret == oc {
		if after != oa {
			t.page.Refresh()
		}
		return
	}
	t.page.Refresh()
	if t.OnSelectionChanged != nil {
		t.OnSelectionChanged(s, e)
	}
}

// offsetAt converts a point on the page to a code point offset.
func (t *TextView) offsetAt(pos fyne.Position) int {
	if !t.ensureLayout() {
		return 0
	}
	pad := t.pad()
	return t.lay.offsetAt(pos.X-pad, pos.Y-pad)
}

func (t *TextView) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil && c.Focused() != t {
		c.Focus(t)
	}
}

// MouseDown implements desktop.Mouseable: it focuses the view and places
// the caret (Shift extends the selection).
func (p *page) MouseDown(ev *desktop.MouseEvent) {
	t := p.view
	t.requestFocus()
	t.alt = ev.Modifier&fyne.KeyModifierAlt != 0
	t.shift = ev.Modifier&fyne.KeyModifierShift != 0
	t.ctrl = ev.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
}

// MouseUp implements desktop.Mouseable.
func (p *page) MouseUp(*desktop.MouseEvent) {}

// Tapped implements fyne.Tappable: it places the caret, or with Shift
// extends the selection, and reports a tapped mark.
func (p *page) Tapped(ev *fyne.PointEvent) {
	t := p.view
	t.requestFocus()
	off := t.offsetAt(ev.Position)
	if t.shift {
		t.setSelection(t.anchor, off)
		return
	}
	t.setSelection(off, off)
	if m := t.markAt(off); m >= 0 && t.OnMarkTapped != nil {
		t.OnMarkTapped(t.marks[m].ID)
	}
}

// DoubleTapped implements fyne.DoubleTappable: it selects the whole token
// under the pointer.
func (p *page) DoubleTapped(ev *fyne.PointEvent) {
	t := p.view
	off := t.offsetAt(ev.Position)
	i := unitAt(t.tokens, off)
	if i >= len(t.tokens) || t.tokens[i].Start > off {
		return
	}
	t.setSelection(t.tokens[i].Start, t.tokens[i].End)
}

// Dragged implements fyne.Draggable: the selection runs between where the
// drag started and the pointer, in logical order whatever the direction
// of the drag, snapped to tokens, or to characters while Ctrl is held
// (to select inside a word). Not Alt: releasing Alt makes Fyne open the
// main menu, which then takes the next label key.
func (p *page) Dragged(ev *fyne.DragEvent) {
	t := p.view
	if !t.dragging {
		t.dragging = true
		t.dragChars = t.ctrl
		t.dragFrom = t.offsetAt(ev.Position.Subtract(ev.Dragged))
	}
	t.autoScroll(ev.Position.Y)
	cur := t.offsetAt(ev.Position)
	s, e := min(t.dragFrom, cur), max(t.dragFrom, cur)
	if !t.dragChars && !t.ctrl {
		s, e = snapRange(t.units, s, e)
	}
	if cur < t.dragFrom {
		t.setSelection(e, s)
	} else {
		t.setSelection(s, e)
	}
}

// autoScroll scrolls by a line when a drag goes past the top or bottom of
// the view, so a selection can run beyond the screen.
func (t *TextView) autoScroll(pageY float32) {
	if t.lay == nil {
		return
	}
	y := pageY - t.scroll.Offset.Y
	switch {
	case y < 0 && t.scroll.Offset.Y > 0:
		t.scroll.Offset.Y = max(0, t.scroll.Offset.Y-t.lay.lineH)
	case y > t.scroll.Size().Height:
		t.scroll.Offset.Y = min(t.scroll.Offset.Y+t.lay.lineH, max(0, t.page.MinSize().Height-t.scroll.Size().Height))
	default:
		return
	}
	t.scroll.Refresh()
}

// DragEnd implements fyne.Draggable.
func (p *page) DragEnd() { p.view.dragging = false }

// MouseIn implements desktop.Hoverable.
func (p *page) MouseIn(ev *desktop.MouseEvent) { p.MouseMoved(ev) }

// MouseMoved implements desktop.Hoverable: the mark under the pointer is
// outlined.
func (p *page) MouseMoved(ev *desktop.MouseEvent) {
	t := p.view
	h := t.markAt(t.offsetAt(ev.Position))
	if h != t.hover {
		t.hover = h
		p.Refresh()
	}
}

// MouseOut implements desktop.Hoverable.
func (p *page) MouseOut() {
	if p.view.hover >= 0 {
		p.view.hover = -1
		p.Refresh()
	}
}

// FocusGained implements fyne.Focusable.
func (t *TextView) FocusGained() {
	t.focused = true
	t.page.Refresh()
}

// FocusLost implements fyne.Focusable.
func (t *TextView) FocusLost() {
	t.focused = false
	t.shift, t.alt, t.ctrl = false, false, false
	t.page.Refresh()
}

// TypedRune implements fyne.Focusable; runes go to OnTypedRune.
func (t *TextView) TypedRune(r rune) {
	if t.OnTypedRune != nil {
		t.OnTypedRune(r)
	}
}

// TypedKey implements fyne.Focusable. OnTypedKey sees the key first.
func (t *TextView) TypedKey(ev *fyne.KeyEvent) {
	if t.OnTypedKey != nil && t.OnTypedKey(ev) {
		return
	}
	var mods fyne.KeyModifier
	if t.shift {
		mods |= fyne.KeyModifierShift
	}
	if t.alt {
		mods |= fyne.KeyModifierAlt
	}
	if t.ctrl {
		mods |= fyne.KeyModifierControl
	}
	t.moveKey(ev.Name, mods)
}

// TypedShortcut implements fyne.Shortcutable: drivers deliver keys with
// Ctrl or Alt as shortcuts, so the moves are handled here too.
func (t *TextView) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && t.moveKey(cs.KeyName, cs.Modifier) {
		return
	}
	if t.OnTypedShortcut != nil && t.OnTypedShortcut(s) {
		return
	}
	if _, ok := s.(*fyne.ShortcutCopy); ok {
		if st, e := t.Selection(); st < e {
			fyne.CurrentApp().Clipboard().SetContent(string(t.text[st:e]))
		}
	}
}

// KeyDown implements desktop.Keyable, to know the modifiers held.
func (t *TextView) KeyDown(ev *fyne.KeyEvent) { t.setModifier(ev.Name, true) }

// KeyUp implements desktop.Keyable.
func (t *TextView) KeyUp(ev *fyne.KeyEvent) { t.setModifier(ev.Name, false) }

func (t *TextView) setModifier(k fyne.KeyName, down bool) {
	switch k {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		t.shift = down
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		t.alt = down
	case desktop.KeyControlLeft, desktop.KeyControlRight, desktop.KeySuperLeft, desktop.KeySuperRight:
		t.ctrl = down
	}
}

// moveKey moves the caret for a navigation key and reports whether the
// key was one. Left and Right move on the screen, not in reading order
// (see visualStep): in an Arabic line Left goes forward, and across an
// English name in it, backward.
func (t *TextView) moveKey(k fyne.KeyName, mods fyne.KeyModifier) bool {
	shift := mods&fyne.KeyModifierShift != 0
	ctrl := mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	if k == fyne.KeyEscape {
		t.setSelection(t.caret, t.caret)
		return true
	}
	if !t.ensureLayout() {
		return false
	}
	to, after := t.caret, false
	switch k {
	case fyne.KeyLeft, fyne.KeyRight:
		ref := t.caret
		if shift {
			ref = t.anchor
		}
		// By character (a letter with its marks), with Ctrl by word.
		to, after = t.visualStep(k == fyne.KeyRight, !ctrl, ref)
	case fyne.KeyHome, fyne.KeyEnd:
		switch {
		case ctrl && k == fyne.KeyHome:
			to = 0
		case ctrl:
			to = len(t.text)
		default:
			pi := t.lay.paraOf(t.caret)
			p := t.lay.para(pi)
			ln := &p.lines[t.lay.lineOf(pi, t.caret)]
			if k == fyne.KeyHome {
				to = ln.start
			} else {
				to = ln.end
				for to > ln.start && ln.end < p.end && unicode.IsSpace(t.text[to-1]) {
					to--
				}
			}
		}
	case fyne.KeyUp, fyne.KeyDown:
		x, y, _, _ := t.lay.caretAt(t.caret, t.caretAfter)
		if k == fyne.KeyUp {
			if y <= 0 {
				to = 0
				break
			}
			y -= t.lay.lineH
		} else {
			y += t.lay.lineH
			if y >= t.lay.height() {
				to = len(t.text)
				break
			}
		}
		to = t.lay.offsetAt(x, y+t.lay.lineH/2)
	default:
		return false
	}
	to = t.clamp(to)
	if shift {
		t.setSelectionAt(t.anchor, to, after)
	} else {
		t.setSelectionAt(to, to, after)
	}
	t.ScrollToOffset(to)
	return true
}

// charStep moves one character from off: one code point and any combining
// marks or format characters that go with it.
func (t *TextView) charStep(off int, forward bool) int {
	if forward {
		off = min(off+1, len(t.text))
		for off < len(t.text) && nonSpacing(t.text[off]) {
			off++
		}
		return off
	}
	off = max(off-1, 0)
	for off > 0 && nonSpacing(t.text[off]) {
		off--
	}
	return off
}

// nextTokenEnd is the end of the first token ending after off.
func (t *TextView) nextTokenEnd(off int) int {
	i := unitAt(t.tokens, off)
	if i >= len(t.tokens) {
		return len(t.text)
	}
	return t.tokens[i].End
}

// prevTokenStart is the start of the last token starting before off.
func (t *TextView) prevTokenStart(off int) int {
	i := sort.Search(len(t.tokens), func(i int) bool { return t.tokens[i].Start >= off })
	if i == 0 {
		return 0
	}
	return t.tokens[i-1].Start
}
