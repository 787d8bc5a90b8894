package textview

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// page is the scrolled content of a TextView: as tall as the whole
// document, but it only creates canvas objects for the lines in view.
// Pointer events land here, in document coordinates, and go to the view.
type page struct {
	widget.BaseWidget
	view *TextView
}

var _ fyne.Widget = (*page)(nil)

// CreateRenderer implements fyne.Widget.
func (p *page) CreateRenderer() fyne.WidgetRenderer {
	p.ExtendBaseWidget(p)
	return &pageRenderer{page: p}
}

// pageRenderer keeps pools of canvas objects and reuses them as the view
// scrolls, so scrolling allocates little.
type pageRenderer struct {
	page  *page
	objs  []fyne.CanvasObject
	texts []*canvas.Text
	rects []*canvas.Rectangle
	nt    int
	nr    int
	// layers, filled per build and concatenated into objs so that
	// backgrounds are under text and the caret above it.
	back, mid, front []fyne.CanvasObject
}

func (r *pageRenderer) MinSize() fyne.Size {
	t := r.page.view
	if t.lay == nil {
		return fyne.Size{}
	}
	return fyne.NewSize(0, t.lay.height()+2*t.pad())
}

func (r *pageRenderer) Layout(fyne.Size) { r.build() }

func (r *pageRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *pageRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.page)
}

func (r *pageRenderer) Destroy() {}

func (r *pageRenderer) rect(fill color.Color, x, y, w, h float32, layer *[]fyne.CanvasObject) *canvas.Rectangle {
	if r.nr == len(r.rects) {
		r.rects = append(r.rects, &canvas.Rectangle{})
	}
	o := r.rects[r.nr]
	r.nr++
	o.FillColor, o.StrokeColor, o.StrokeWidth = fill, nil, 0
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	*layer = append(*layer, o)
	return o
}

// text places a canvas.Text; w is its width when already known (a piece
// measured here), or negative to have Fyne measure it.
func (r *pageRenderer) text(s string, c color.Color, size, x, y, w float32, layer *[]fyne.CanvasObject) *canvas.Text {
	if r.nt == len(r.texts) {
		r.texts = append(r.texts, &canvas.Text{})
	}
	o := r.texts[r.nt]
	r.nt++
	o.Text, o.Color, o.TextSize = s, c, size
	o.Move(pixelPos(x, y))
	if w < 0 {
		o.Resize(o.MinSize())
	} else {
		o.Resize(fyne.NewSize(w, r.page.view.lay.sh.lineHeight))
	}
	*layer = append(*layer, o)
	return o
}

// build creates the objects for the lines in view.
func (r *pageRenderer) build() {
	t := r.page.view
	r.nt, r.nr = 0, 0
	r.back, r.mid, r.front = r.back[:0], r.mid[:0], r.front[:0]
	if t.lay == nil || !t.ensureLayout() {
		r.objs = r.objs[:0]
		return
	}
	l := t.lay
	pad := t.pad()
	y0 := t.scroll.Offset.Y - pad
	y1 := y0 + t.scroll.Size().Height
	if t.scroll.Size().Height <= 0 {
		y1 = y0 + r.page.Size().Height
	}
	l.ensure(y0, y1)
	for pi := l.paraAtY(y0); pi < len(l.paras); pi++ {
		p := l.para(pi)
		top := l.paraTop(pi)
		if top > y1 {
			break
		}
		for li := range p.lines {
			y := top + p.lines[li].top
			if y+p.lines[li].h < y0 {
				continue
			}
			if y > y1 {
				break
			}
			r.drawLine(pi, li, y)
		}
	}
	r.drawCaret()
	r.objs = append(append(append(r.objs[:0], r.back...), r.mid...), r.front...)
}

// drawLine draws line li of paragraph pi, whose top is at document y.
func (r *pageRenderer) drawLine(pi, li int, y float32) {
	t := r.page.view
	l := t.lay
	p := &l.paras[pi]
	ln := &p.lines[li]
	th := t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	pad := t.pad()
	textH := min(l.lineH, ln.h)
	// Under the text: the underlines, then a row of captions.
	bandTop := y + l.lineH
	capTop := bandTop
	var rs []rect

	hit := withAlpha(th.Color(theme.ColorNameWarning, v), 0x70)
	for i, h := range t.hits {
		rs = l.rangeRects(rs[:0], pi, li, h[0], h[1])
		for _, q := range rs {
			if i == t.current {
				r.rect(withAlpha(th.Color(theme.ColorNameWarning, v), 0xc0), pad+q.x0, pad+y, q.x1-q.x0, textH, &r.back)
				r.rect(opaque(th.Color(theme.ColorNameWarning, v)), pad+q.x0, pad+y+textH-2, q.x1-q.x0, 2, &r.back)
				continue
			}
			r.rect(hit, pad+q.x0, pad+y, q.x1-q.x0, textH, &r.back)
		}
	}

	var captions []rect
	bands := 0
	for i, m := range t.marks {
		if m.End > ln.start && m.Start < ln.end {
			capTop = max(capTop, bandTop+underlineBand(t.depth[i]))
			bands = max(bands, m.Band)
		}
	}
	strip := capTop
	capTop += stripRoom(bands)
	for i, m := range t.marks {
		if m.End <= ln.start || m.Start >= ln.end {
			continue
		}
		d := t.depth[i]
		inset := min(float32(d)*2.5, textH/3)
		bg := withAlpha(m.Color, FillAlpha)
		if m.Secondary {
			bg = withAlpha(m.Color, 0x30)
		}
		rs = l.rangeRects(rs[:0], pi, li, m.Start, m.End)
		if m.Evidence {
			for _, q := range rs {
				r.rect(withAlpha(m.Color, 0xb0), pad+q.x0, pad+y+textH-1, q.x1-q.x0, 1, &r.back)
			}
			continue
		}
		for _, q := range rs {
			if m.Band > 0 {
				r.rect(opaque(m.Color), pad+q.x0, pad+strip+stripTop(m.Band), q.x1-q.x0, 2, &r.back)
			}
			r.rect(bg, pad+q.x0, pad+y+inset, q.x1-q.x0, textH-2*inset, &r.back)
			if !m.Secondary {
				r.rect(opaque(m.Color), pad+q.x0, pad+bandTop+0.5+float32(min(d, 3))*2, q.x1-q.x0, 1.5, &r.back)
			}
		}
		if m.Start >= ln.start && m.Start < ln.end && m.Label != "" {
			captions = r.caption(captions, m, pi, capTop)
		}
	}

	if s, e := t.Selection(); s < e {
		sel := SelectionColor(th, v)
		rs = l.rangeRects(rs[:0], pi, li, s, e)
		for _, q := range rs {
			r.rect(sel, pad+q.x0, pad+y, q.x1-q.x0, textH, &r.back)
		}
	}

	// The span under the pointer, else under the caret, is outlined.
	out := t.hover
	if out < 0 {
		out = t.markAt(t.caret)
	}
	if out >= 0 && out < len(t.marks) {
		m := t.marks[out]
		rs = l.rangeRects(rs[:0], pi, li, m.Start, m.End)
		for _, q := range rs {
			o := r.rect(color.Transparent, pad+q.x0-1, pad+y-1, q.x1-q.x0+2, textH+2, &r.front)
			o.StrokeColor, o.StrokeWidth = opaque(m.Color), 1.5
		}
	}

	fg := th.Color(theme.ColorNameForeground, v)
	mark := th.Color(theme.ColorNameError, v)
	size := t.size()
	for vi, ai := range ln.vis {
		a := &p.atoms[ai]
		x := pad + ln.x[vi]
		switch a.kind {
		case kindText:
			for _, pc := range a.run.pieces {
				r.text(pc.str, fg, size, x+pc.x, pad+y+l.baseline-pc.ascent, pc.w, &r.mid)
			}
			for i := a.start; i < a.end; i++ {
				if isJoinControl(l.text[i]) {
					cx := x + a.run.ext[2*(i-a.start)]
					r.rect(mark, cx-0.5, pad+y+textH*0.15, 1, textH*0.35, &r.front)
					r.captionText(controlName(l.text[i]), mark, t.captionSize()*0.8, cx-1, capTop)
				}
			}
		case kindControl:
			w := a.run.width
			r.rect(mark, x+w/2-0.75, pad+y+textH*0.1, 1.5, textH*0.8, &r.front)
			r.captionText(controlName(l.text[a.start]), mark, t.captionSize()*0.8, x, capTop)
		}
	}
}

// captionText draws a caption whose letters' tops are at document y
// (the top of the caption row), x from the page's left.
func (r *pageRenderer) captionText(s string, c color.Color, size, x, y float32) {
	t := r.page.view
	sh := t.lay.sh
	asc, _ := sh.ink()
	inkAsc := asc * size / t.size()
	// Fyne puts the baseline at the ascent of the face of the first rune.
	fontAsc := inkAsc
	if rs := []rune(s); len(rs) > 0 {
		face := sh.fonts.ResolveFace(rs[0])
		if ext, ok := face.FontHExtents(); ok && face.Upem() > 0 {
			fontAsc = ext.Ascender * size / float32(face.Upem())
		}
	}
	r.text(s, c, size, x, t.pad()+y+1+inkAsc-fontAsc, -1, &r.front)
}

// caption draws m's label in the caption row at y, at the edge where m
// starts, moved along the line past captions already placed there.
func (r *pageRenderer) caption(placed []rect, m Mark, pi int, y float32) []rect {
	t := r.page.view
	l := t.lay
	pad := t.pad()
	cs := t.captionSize()
	w := fyne.MeasureText(m.Label, cs, fyne.TextStyle{}).Width
	x, _ := l.caretPos(m.Start)
	rtl := l.paras[pi].base%2 == 1
	if rtl {
		x -= w
	}
	// Never past the page's edge: a Latin name starting a line of
	// Arabic has its start on the left, where x-w would be off the page.
	x = max(0, min(x, l.width-w))
	for moved := true; moved; {
		moved = false
		for _, q := range placed {
			if x < q.x1+2 && x+w+2 > q.x0 {
				if rtl {
					x = q.x0 - w - 3
				} else {
					x = q.x1 + 3
				}
				moved = true
			}
		}
	}
	r.captionText(m.Label, opaque(m.Color), cs, pad+x, y)
	return append(placed, rect{x0: x, x1: x + w})
}

func (r *pageRenderer) drawCaret() {
	t := r.page.view
	if !t.focused {
		return
	}
	pad := t.pad()
	x, y, pi, li := t.lay.caretAt(t.caret, t.caretAfter)
	c := t.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	r.rect(c, pad+x-1, pad+y, 2, min(t.lay.lineH, t.lay.para(pi).lines[li].h), &r.front)
}

// controlName is the caption shown with an invisible control character.
func controlName(r rune) string {
	switch r {
	case '\u200e':
		return "LRM"
	case '\u200f':
		return "RLM"
	case '\u061c':
		return "ALM"
	case '\u202a':
		return "LRE"
	case '\u202b':
		return "RLE"
	case '\u202c':
		return "PDF"
	case '\u202d':
		return "LRO"
	case '\u202e':
		return "RLO"
	case '\u2066':
		return "LRI"
	case '\u2067':
		return "RLI"
	case '\u2068':
		return "FSI"
	case '\u2069':
		return "PDI"
	case '\ufeff':
		return "BOM"
	case '\u200b':
		return "ZWSP"
	case '\u2060':
		return "WJ"
	case '\u200c':
		return "ZWNJ"
	case '\u200d':
		return "ZWJ"
	}
	return "?"
}

func withAlpha(c color.Color, a uint8) color.NRGBA {
	if c == nil {
		c = color.Gray{Y: 0x80}
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

func opaque(c color.Color) color.NRGBA { return withAlpha(c, 0xff) }

// pixelPos rounds a text position to whole units. Fyne draws each
// canvas.Text as a texture; one placed between pixels is resampled and
// comes out dimmer and softer than its neighbours. Half a unit is well
// inside the space around a word, so highlights still line up.
func pixelPos(x, y float32) fyne.Position {
	return fyne.NewPos(float32(math.Round(float64(x))), float32(math.Round(float64(y))))
}

// SelectionTheme is a theme with its own colour for the text view's
// selection, which an annotation tool needs to stand apart from the
// entity fills under it (a blue selection reads as one more ORG span).
// Other themes give Fyne's selection colour. (An interface rather than
// a colour name: Fyne's themes log every name they do not know.)
type SelectionTheme interface {
	TextSelectionColor(v fyne.ThemeVariant) color.Color
}

// SelectionColor is the selection colour the text view paints with
// theme th in variant v.
func SelectionColor(th fyne.Theme, v fyne.ThemeVariant) color.Color {
	if st, ok := th.(SelectionTheme); ok {
		return st.TextSelectionColor(v)
	}
	if st, ok := fyne.CurrentApp().Settings().Theme().(SelectionTheme); ok {
		return st.TextSelectionColor(v) // a widget's theme may wrap the app's
	}
	return th.Color(theme.ColorNameSelection, v)
}

// FillAlpha is the opacity of a span's fill over the page.
const FillAlpha = 0x55
