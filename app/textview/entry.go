package textview

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Entry is a one-line text field laid out like Label, with the
// project's bidi code: Arabic reads right to left with the caret where
// the next letter goes, numbers and Latin words inside it stay in place,
// and the placeholder is cut at its end in reading order, not at its
// start. It is what Hashiya uses where an annotator types words (search,
// target names, notes, the annotator's name), since Fyne 2.7's Entry
// lays Arabic out left to right (fyne-io/fyne#90).
//
// Editing is by code point and grapheme in logical order: Left and Right
// move towards the line's start or end as the line reads (so Left moves
// forward in Arabic), Shift extends the selection, Home and End go to
// the ends, Ctrl+A selects all, Ctrl+C, Ctrl+X and Ctrl+V use the
// clipboard, Enter submits.
type Entry struct {
	widget.BaseWidget

	// Text is the text typed; call Refresh after changing it, or use
	// SetText.
	Text string
	// PlaceHolder shows, greyed, while Text is empty.
	PlaceHolder string
	// Direction is the paragraph direction; DirectionAuto takes it from
	// the text's first strong character, else from the placeholder's.
	Direction Direction
	// OnChanged is called after each change the user makes.
	OnChanged func(string)
	// OnSubmitted is called on Enter.
	OnSubmitted func(string)
	// Validator, if set, checks Text; Validate reports its verdict, and
	// a validation hook set with SetOnValidationChanged hears of every
	// change of it.
	Validator func(string) error

	caret, anchor int // code point offsets; anchor == caret: no selection
	focused       bool
	scroll        float32 // how far the line is shifted left to show the caret
	onValidation  func(error)
	lastErr       error
	rend          *entryRenderer // for taps: where the text was laid out
}

var (
	_ fyne.Focusable     = (*Entry)(nil)
	_ fyne.Tappable      = (*Entry)(nil)
	_ fyne.Shortcutable  = (*Entry)(nil)
	_ fyne.Validatable   = (*Entry)(nil)
	_ desktop.Cursorable = (*Entry)(nil)
)

// NewEntry returns an empty entry.
func NewEntry() *Entry {
	e := &Entry{}
	e.ExtendBaseWidget(e)
	return e
}

// SetText replaces the text, puts the caret at its end and refreshes;
// OnChanged is called if the text changed, as Fyne's Entry does.
func (e *Entry) SetText(s string) {
	old := e.Text
	e.Text = oneLine(s)
	n := len([]rune(e.Text))
	e.caret, e.anchor = n, n
	if e.Text == old {
		e.Refresh()
		return
	}
	e.changed()
}

// CursorPosition returns the caret's code point offset in Text.
func (e *Entry) CursorPosition() int { return e.caret }

// SelectedText returns the selected text, "" when nothing is selected.
func (e *Entry) SelectedText() string {
	s, t := e.selection()
	return string([]rune(e.Text)[s:t])
}

// oneLine turns line breaks and tabs into spaces: an entry holds one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t\u2028\u2029\u0085") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\n', '\t', '\u2028', '\u2029', '\u0085':
			return ' '
		}
		return r
	}, s)
}

func (e *Entry) selection() (int, int) {
	return min(e.caret, e.anchor), max(e.caret, e.anchor)
}

// edit replaces the selection with ins and reports the change.
func (e *Entry) edit(ins string) {
	runes := []rune(e.Text)
	s, t := e.selection()
	s, t = min(s, len(runes)), min(t, len(runes))
	ins = oneLine(ins)
	out := append(append(append(make([]rune, 0, len(runes)+len(ins)), runes[:s]...), []rune(ins)...), runes[t:]...)
	e.Text = string(out)
	e.caret = s + len([]rune(ins))
	e.anchor = e.caret
	e.changed()
}

func (e *Entry) changed() {
	e.validate()
	e.Refresh()
	if e.OnChanged != nil {
		e.OnChanged(e.Text)
	}
}

// Validate implements fyne.Validatable.
func (e *Entry) Validate() error {
	if e.Validator == nil {
		return nil
	}
	return e.Validator(e.Text)
}

// SetOnValidationChanged implements fyne.Validatable.
func (e *Entry) SetOnValidationChanged(f func(error)) { e.onValidation = f }

func (e *Entry) validate() {
	err := e.Validate()
	if (err == nil) != (e.lastErr == nil) || (err != nil && e.lastErr != nil && err.Error() != e.lastErr.Error()) {
		e.lastErr = err
		if e.onValidation != nil {
			e.onValidation(err)
		}
	}
}

// FocusGained implements fyne.Focusable.
func (e *Entry) FocusGained() { e.focused = true; e.Refresh() }

// FocusLost implements fyne.Focusable.
func (e *Entry) FocusLost() { e.focused = false; e.Refresh() }

// TypedRune implements fyne.Focusable.
func (e *Entry) TypedRune(r rune) { e.edit(string(r)) }

// TypedKey implements fyne.Focusable.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	runes := []rune(e.Text)
	shift := false
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		shift = d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	move := func(to int) {
		e.caret = max(0, min(to, len(runes)))
		if !shift {
			e.anchor = e.caret
		}
		e.Refresh()
	}
	rtl := e.rtl()
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.OnSubmitted != nil {
			e.OnSubmitted(e.Text)
		}
	case fyne.KeyBackspace:
		if e.caret == e.anchor {
			e.anchor = prevGrapheme(runes, e.caret)
		}
		e.edit("")
	case fyne.KeyDelete:
		if e.caret == e.anchor {
			e.anchor = nextGrapheme(runes, e.caret)
		}
		e.edit("")
	case fyne.KeyLeft, fyne.KeyRight:
		forward := (ev.Name == fyne.KeyRight) != rtl
		if !shift && e.caret != e.anchor {
			// A selection collapses to its end on that side.
			s, t := e.selection()
			if forward {
				move(t)
			} else {
				move(s)
			}
			return
		}
		if forward {
			move(nextGrapheme(runes, e.caret))
		} else {
			move(prevGrapheme(runes, e.caret))
		}
	case fyne.KeyHome, fyne.KeyUp:
		move(0)
	case fyne.KeyEnd, fyne.KeyDown:
		move(len(runes))
	}
}

// TypedShortcut implements fyne.Shortcutable: the clipboard and select
// all.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	switch s := s.(type) {
	case *fyne.ShortcutSelectAll:
		e.anchor, e.caret = 0, len([]rune(e.Text))
		e.Refresh()
	case *fyne.ShortcutCopy:
		if sel := e.SelectedText(); sel != "" {
			s.Clipboard.SetContent(sel)
		}
	case *fyne.ShortcutCut:
		if sel := e.SelectedText(); sel != "" {
			s.Clipboard.SetContent(sel)
			e.edit("")
		}
	case *fyne.ShortcutPaste:
		e.edit(s.Clipboard.Content())
	}
}

// Tapped implements fyne.Tappable: focus, and the caret where tapped.
func (e *Entry) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.Focused() != e {
		c.Focus(e)
	}
	if r := e.rend; r != nil {
		if off, ok := r.offsetAt(ev.Position.X); ok {
			e.caret, e.anchor = off, off
		}
	}
	e.Refresh()
}

// Cursor implements desktop.Cursorable.
func (e *Entry) Cursor() desktop.Cursor { return desktop.TextCursor }

// rtl reports whether the entry's line reads right to left.
func (e *Entry) rtl() bool {
	switch e.Direction {
	case DirectionRTL:
		return true
	case DirectionLTR:
		return false
	}
	s := e.Text
	if s == "" {
		s = e.PlaceHolder
	}
	return firstStrongRTL(s)
}

// firstStrongRTL reports whether s's first strong character is
// right-to-left (rules P2–P3).
func firstStrongRTL(s string) bool {
	var lr levelResolver
	text := []rune(s)
	if len(text) == 0 {
		return false
	}
	_, base := lr.resolve(text, Direction(DirectionAuto).bidi(), nil)
	return base%2 == 1
}

func prevGrapheme(runes []rune, off int) int {
	prev := 0
	for _, end := range graphemeEnds(runes) {
		if end >= off {
			break
		}
		prev = end
	}
	return prev
}

func nextGrapheme(runes []rune, off int) int {
	for _, end := range graphemeEnds(runes) {
		if end > off {
			return end
		}
	}
	return len(runes)
}

// CreateRenderer implements fyne.Widget.
func (e *Entry) CreateRenderer() fyne.WidgetRenderer {
	e.ExtendBaseWidget(e)
	r := &entryRenderer{e: e, bg: &canvas.Rectangle{}, caret: &canvas.Rectangle{}, border: &canvas.Rectangle{}}
	e.rend = r
	r.Refresh()
	return r
}

type entryRenderer struct {
	e      *Entry
	bg     *canvas.Rectangle
	border *canvas.Rectangle
	caret  *canvas.Rectangle
	sel    []*canvas.Rectangle
	texts  []*canvas.Text
	objs   []fyne.CanvasObject

	l     *layout // the line as last laid out
	shift float32 // x of the layout's left edge in the entry
	sh    *shaper // as last got from fonts
	fonts themeShaper
}

func (r *entryRenderer) Destroy()                     {}
func (r *entryRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *entryRenderer) Layout(fyne.Size)             { r.Refresh() }

func (r *entryRenderer) MinSize() fyne.Size {
	th := r.e.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	m := fyne.MeasureText("M", th.Size(theme.SizeNameText), fyne.TextStyle{})
	return fyne.NewSize(4*m.Width+2*pad, m.Height+2*pad)
}

func (r *entryRenderer) shaper() *shaper {
	r.sh = r.fonts.get(r.e.Theme(), fyne.TextStyle{})
	return r.sh
}

// offsetAt returns the code point offset nearest to x, from the
// entry's left edge.
func (r *entryRenderer) offsetAt(x float32) (int, bool) {
	if r.l == nil || r.e.Text == "" {
		return 0, false
	}
	return r.l.offsetAt(x-r.shift, 0), true
}

func (r *entryRenderer) Refresh() {
	e := r.e
	th := e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	size := e.Size()
	pad := th.Size(theme.SizeNameInnerPadding)
	ts := th.Size(theme.SizeNameText)

	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.bg.Resize(size)
	r.border.FillColor = color.Transparent
	r.border.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	r.border.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	if e.focused {
		r.border.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	}
	if e.lastErr != nil && e.Text != "" {
		r.border.StrokeColor = th.Color(theme.ColorNameError, v)
	}
	r.border.CornerRadius = r.bg.CornerRadius
	r.border.Resize(size)
	r.bg.Refresh()
	r.border.Refresh()
	r.objs = append(r.objs[:0], r.bg, r.border)

	sh := r.shaper()
	if sh == nil {
		return
	}
	room := max(size.Width-2*pad, 0)
	rtl := e.rtl()
	dir := DirectionLTR
	if rtl {
		dir = DirectionRTL
	}
	top := (size.Height - sh.lineHeight) / 2
	if e.Text == "" {
		r.l = nil
		r.placeholder(dir, room, pad, top, ts, th.Color(theme.ColorNamePlaceHolder, v))
		if e.focused {
			x := pad
			if rtl {
				x = pad + room
			}
			r.caret.FillColor = th.Color(theme.ColorNamePrimary, v)
			r.caret.Move(fyne.NewPos(x-1, top))
			r.caret.Resize(fyne.NewSize(2, sh.lineHeight))
			r.caret.Refresh()
			r.objs = append(r.objs, r.caret)
		}
		return
	}
	shown, fg := e.Text, th.Color(theme.ColorNameForeground, v)
	// Laid out as wide as the text needs or the room, whichever is
	// wider: a short line sits at its reading start, a long one scrolls.
	runes := []rune(shown)
	l := newLayout(sh, sh.lineHeight)
	l.dir = dir.bidi()
	l.hideControls = true
	l.setText(runes)
	l.setWidth(unbounded)
	natural := float32(0)
	if p := l.para(0); len(p.atoms) > 0 {
		natural = contentWidth(p, 0, len(p.atoms))
	}
	width := max(room, natural+1)
	l.setWidth(width)
	p := l.para(0)
	r.l = l
	caretX, _ := l.caretPos(e.caret)
	// Keep the caret in view, scrolling as little as possible.
	if width <= room {
		e.scroll = 0
	} else {
		e.scroll = min(max(e.scroll, caretX-room), caretX)
		e.scroll = max(0, min(e.scroll, width-room))
	}
	r.shift = pad - e.scroll

	// Selection under the text.
	n := 0
	if e.caret != e.anchor && len(p.lines) > 0 {
		s, t := e.selection()
		for _, rc := range l.rangeRects(nil, 0, 0, s, t) {
			if n == len(r.sel) {
				r.sel = append(r.sel, &canvas.Rectangle{})
			}
			o := r.sel[n]
			n++
			o.FillColor = th.Color(theme.ColorNameSelection, v)
			o.Move(fyne.NewPos(r.shift+rc.x0, top))
			o.Resize(fyne.NewSize(rc.x1-rc.x0, sh.lineHeight))
			r.objs = append(r.objs, o)
		}
	}
	// The text, clipped to the room by dropping pieces outside it.
	i := 0
	if len(p.lines) > 0 {
		for _, pc := range linePieces(l, p, &p.lines[0]).pieces {
			x := r.shift + pc.x
			if x+pc.w < pad-1 || x > size.Width-pad+1 {
				continue
			}
			if i == len(r.texts) {
				r.texts = append(r.texts, &canvas.Text{})
			}
			o := r.texts[i]
			i++
			o.Text, o.Color, o.TextSize = pc.str, fg, ts
			o.Move(pixelPos(x, top+pc.dy))
			o.Resize(fyne.NewSize(pc.w, sh.lineHeight))
			o.Refresh()
			r.objs = append(r.objs, o)
		}
	}
	if e.focused {
		r.caret.FillColor = th.Color(theme.ColorNamePrimary, v)
		r.caret.Move(fyne.NewPos(r.shift+caretX-1, top))
		r.caret.Resize(fyne.NewSize(2, sh.lineHeight))
		r.objs = append(r.objs, r.caret)
	}
	for _, o := range r.objs {
		if rr, ok := o.(*canvas.Rectangle); ok {
			rr.Refresh()
		}
	}
}

// placeholder draws the placeholder as a Label would: at the line's
// reading start, cut at its reading end with "…" when it does not fit.
func (r *entryRenderer) placeholder(dir Direction, room, pad, top, ts float32, fg color.Color) {
	ln := cachedLabelLine(r.sh, r.e.PlaceHolder, dir.bidi(), room)
	shift := pad + ln.shift(fyne.TextAlignLeading, room)
	for i, pc := range ln.pieces {
		if i == len(r.texts) {
			r.texts = append(r.texts, &canvas.Text{})
		}
		o := r.texts[i]
		o.Text, o.Color, o.TextSize = pc.str, fg, ts
		o.Move(pixelPos(shift+pc.x, top+pc.dy))
		o.Resize(fyne.NewSize(pc.w, r.sh.lineHeight))
		o.Refresh()
		r.objs = append(r.objs, o)
	}
}
