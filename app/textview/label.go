package textview

import (
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/typesetting/bidi"
	"github.com/rivo/uniseg"
)

// Label shows one line of text laid out like the TextView lays out a
// paragraph: words in bidi order, right-aligned when the text is
// right-to-left (its first strong character is Arabic), left-aligned
// otherwise. Text that does not fit is cut at its end in reading order and
// ends with "…", which is on the left of a right-to-left text. Line breaks
// in Text show as spaces. Use it where widget.Label would garble Arabic
// (fyne-io/fyne#90): list rows, titles, span texts.
type Label struct {
	widget.BaseWidget

	// Text is the text shown; call Refresh after changing it, or use
	// SetText.
	Text string
	// TextStyle selects the font: Bold and Italic are honoured as Fyne's
	// canvas.Text honours them.
	TextStyle fyne.TextStyle
	// Color is the text colour; nil is the theme's foreground colour.
	Color color.Color
	// Direction is the paragraph direction. DirectionAuto takes it from
	// the first strong character, as for a text of the data; UI strings
	// take the UI language's, so that "اكتب اسمًا." ends with its period
	// on the left in the Arabic UI.
	Direction Direction
	// Alignment places the line: TextAlignLeading is the start of the
	// line's direction (right for a right-to-left line), TextAlignTrailing
	// its end, TextAlignCenter the middle.
	Alignment fyne.TextAlign
	// Fit makes the label as wide as its text, as widget.Label is; by
	// default it is as narrow as "…" and truncates.
	Fit bool
}

// Direction is a paragraph direction.
type Direction int

// The directions of Label.Direction.
const (
	DirectionAuto Direction = iota
	DirectionLTR
	DirectionRTL
)

func (d Direction) bidi() bidi.Direction {
	switch d {
	case DirectionLTR:
		return bidi.LeftToRight
	case DirectionRTL:
		return bidi.RightToLeft
	}
	return bidi.Neutral
}

var _ fyne.Widget = (*Label)(nil)

// NewLabel returns a label showing text.
func NewLabel(text string) *Label {
	l := &Label{Text: text}
	l.ExtendBaseWidget(l)
	return l
}

// SetText sets the text shown and refreshes the label.
func (l *Label) SetText(text string) {
	l.Text = text
	l.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (l *Label) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &labelRenderer{label: l}
	r.update(l.Size(), true)
	return r
}

// labelRenderer draws the pieces of the label's line, one canvas.Text
// each, and remembers what it laid out so that a Refresh or Layout with
// nothing changed costs a comparison.
type labelRenderer struct {
	label *Label
	texts []*canvas.Text
	objs  []fyne.CanvasObject

	// what the current objects show
	sh    *shaper
	text  string
	width float32
	style fyne.TextStyle
	color color.Color
	dir   Direction
	align fyne.TextAlign
	line  *labelLine

	fonts themeShaper
}

func (r *labelRenderer) Layout(size fyne.Size) { r.update(size, false) }

func (r *labelRenderer) MinSize() fyne.Size {
	th := r.label.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	ts := th.Size(theme.SizeNameText)
	// As tall as a widget.Label, so rows of either look the same; as
	// narrow as an ellipsis, because the label truncates.
	m := fyne.MeasureText("M", ts, r.label.TextStyle)
	ell := fyne.MeasureText("…", ts, r.label.TextStyle)
	w := ell.Width
	if r.label.Fit {
		if sh := r.shaper(); sh != nil {
			// Rounded up: the text must fit the width it asked for.
			w = max(w, float32(math.Ceil(float64(cachedLabelLine(sh, r.label.Text, r.label.Direction.bidi(), unbounded).natural))))
		}
	}
	return fyne.NewSize(w+2*pad, m.Height+2*pad)
}

func (r *labelRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *labelRenderer) Refresh() {
	r.update(r.label.Size(), true)
	canvas.Refresh(r.label)
}

func (r *labelRenderer) Destroy() {}

// shaper returns the shaper for the label's font and the theme's text
// size, or nil if no font could be loaded.
func (r *labelRenderer) shaper() *shaper {
	return r.fonts.get(r.label.Theme(), r.label.TextStyle)
}

// themeShaper remembers the shaper for a theme's font in one style at
// the theme's text size, so a renderer asks the shared caches again only
// when the theme or style changes.
type themeShaper struct {
	sh    *shaper
	font  fyne.Resource
	size  float32
	style fyne.TextStyle
}

// get returns the shaper for th and style, or nil if no font could be
// loaded.
func (m *themeShaper) get(th fyne.Theme, style fyne.TextStyle) *shaper {
	f, sz := th.Font(style), th.Size(theme.SizeNameText)
	if m.sh != nil && f == m.font && sz == m.size && style == m.style {
		return m.sh
	}
	fonts, err := loadFaces(f, fallbackFont(style), theme.DefaultEmojiFont())
	if err != nil {
		fyne.LogError("textview: fonts", err)
		return nil
	}
	m.sh, m.font, m.size, m.style = sharedShaper(fonts, sz), f, sz, style
	return m.sh
}

// fallbackFont is the font Fyne's painter tries after the theme's for a
// canvas.Text in style, so that pieces are measured with the faces that
// will draw them.
func fallbackFont(style fyne.TextStyle) fyne.Resource {
	switch {
	case style.Monospace:
		return theme.DefaultTextMonospaceFont()
	case style.Bold && style.Italic:
		return theme.DefaultTextBoldItalicFont()
	case style.Bold:
		return theme.DefaultTextBoldFont()
	case style.Italic:
		return theme.DefaultTextItalicFont()
	case style.Symbol:
		return theme.DefaultSymbolFont()
	}
	return theme.DefaultTextFont()
}

// update lays the text out for size and places the pieces. Called from
// Layout (fresh false), it changes no canvas.Text that may already be
// painted: a piece whose string changed gets a new object, so no stale
// texture is drawn and Layout need not refresh anything.
func (r *labelRenderer) update(size fyne.Size, fresh bool) {
	l := r.label
	th := l.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	sh := r.shaper()
	fg := l.Color
	if fg == nil {
		fg = th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	}
	width := max(size.Width-2*pad, 0)
	if sh == nil {
		r.objs, r.line, r.sh = r.objs[:0], nil, nil
		return
	}
	if r.line != nil && sh == r.sh && l.Text == r.text && width == r.width &&
		l.TextStyle == r.style && fg == r.color && l.Direction == r.dir && l.Alignment == r.align {
		return
	}
	r.sh, r.text, r.width, r.style, r.color, r.dir, r.align = sh, l.Text, width, l.TextStyle, fg, l.Direction, l.Alignment
	r.line = cachedLabelLine(sh, l.Text, l.Direction.bidi(), width)
	shift := r.line.shift(l.Alignment, width)
	ts := th.Size(theme.SizeNameText)
	r.objs = r.objs[:0]
	for i, pc := range r.line.pieces {
		if i == len(r.texts) {
			r.texts = append(r.texts, &canvas.Text{})
		}
		o := r.texts[i]
		if !fresh && (o.Text != pc.str || o.Color != fg || o.TextStyle != l.TextStyle || o.TextSize != ts) {
			o = &canvas.Text{}
			r.texts[i] = o
		}
		o.Text, o.Color, o.TextStyle, o.TextSize = pc.str, fg, l.TextStyle, ts
		o.Move(pixelPos(pad+pc.x+shift, pad+pc.dy))
		o.Resize(fyne.NewSize(pc.w, sh.lineHeight))
		r.objs = append(r.objs, o)
	}
}

// labelLine is a text laid out on one line of a given width.
type labelLine struct {
	// pieces are the single-direction, single-font parts to draw, left
	// to right.
	pieces []labelPiece
	// kept is how many code points of the text are shown, from its
	// start; the rest was cut.
	kept int
	// truncated tells whether the text was cut and ends with "…", whose
	// left edge is at ellipsisX.
	truncated bool
	ellipsisX float32
	// rtl tells whether the line's direction is right to left.
	rtl bool
	// natural is the width the whole text needs, when it fits.
	natural float32
}

// labelPiece is one canvas.Text of a labelLine.
type labelPiece struct {
	// str is what the canvas.Text shows.
	str string
	// x is the piece's left edge from the line's left edge, and w its
	// width, in Fyne units.
	x, w float32
	// dy moves the piece down so that its baseline is the line's.
	dy float32
}

type labelKey struct {
	sh    *shaper
	text  string
	dir   bidi.Direction
	width float32
}

// unbounded is the width a text is laid out in to measure it whole.
const unbounded = 1 << 20

// contentWidth is how wide the line's pieces are, from the left edge of
// the leftmost to the right edge of the rightmost.
func (ln *labelLine) contentWidth() float32 {
	if len(ln.pieces) == 0 {
		return 0
	}
	lo, hi := ln.pieces[0].x, ln.pieces[0].x+ln.pieces[0].w
	for _, pc := range ln.pieces[1:] {
		lo, hi = min(lo, pc.x), max(hi, pc.x+pc.w)
	}
	return hi - lo
}

// shift is how far to move the line's pieces right so that the line
// sits where align says in width: the layout puts a left-to-right line
// at the left edge and a right-to-left one at the right edge.
func (ln *labelLine) shift(align fyne.TextAlign, width float32) float32 {
	if len(ln.pieces) == 0 {
		return 0
	}
	lo := ln.pieces[0].x
	for _, pc := range ln.pieces[1:] {
		lo = min(lo, pc.x)
	}
	free := width - ln.contentWidth()
	var left float32 // where the line's left edge goes
	switch {
	case align == fyne.TextAlignCenter:
		left = free / 2
	case (align == fyne.TextAlignTrailing) != ln.rtl:
		left = free
	}
	return left - lo
}

// labelCache holds lines already laid out: list rows are re-bound to the
// same few texts as they scroll, and every row of a list resizes at once.
// Like the shapers, it is only used from Fyne's goroutine.
var labelCache = map[labelKey]*labelLine{}

// maxLabelCache bounds labelCache; it is dropped when full, which only
// costs laying out again.
const maxLabelCache = 4096

func cachedLabelLine(sh *shaper, text string, dir bidi.Direction, width float32) *labelLine {
	k := labelKey{sh, text, dir, width}
	if ln, ok := labelCache[k]; ok {
		return ln
	}
	if len(labelCache) >= maxLabelCache {
		clear(labelCache)
	}
	ln := layoutLabelDir(sh, text, dir, width)
	labelCache[k] = ln
	return ln
}

// ellipsis ends a truncated label.
const ellipsis = '…'

// layoutLabel lays text out on one line width wide, cutting it at its
// end in reading order, at a word boundary if that keeps most of the
// room filled, else at a grapheme boundary, when it does not fit.
func layoutLabel(sh *shaper, text string, width float32) *labelLine {
	return layoutLabelDir(sh, text, bidi.Neutral, width)
}

// layoutLabelDir is layoutLabel with the paragraph direction dir
// (bidi.Neutral: from the first strong character).
func layoutLabelDir(sh *shaper, text string, dir bidi.Direction, width float32) *labelLine {
	runes := []rune(text)
	for i, c := range runes {
		if isParagraphSeparator(c) {
			runes[i] = ' '
		}
	}
	l, p, ln := singleLine(sh, runes, dir, width)
	if len(p.atoms) == 0 {
		return &labelLine{rtl: p.base%2 == 1, kept: len(runes)}
	}
	natural := contentWidth(p, 0, len(p.atoms))
	if natural <= width {
		out := linePieces(l, p, &ln)
		out.kept, out.natural = len(runes), natural
		return out
	}
	// The cut text keeps the whole text's direction, even if the cut
	// removed the character that gave it.
	dir = bidi.LeftToRight
	if p.base%2 == 1 {
		dir = bidi.RightToLeft
	}
	budget := width - sh.shape([]rune{ellipsis}, dir == bidi.RightToLeft).width
	graphemes := graphemeEnds(runes)
	for try := 0; ; try++ {
		cut := truncationPoint(sh, runes, graphemes, p, budget)
		end := cut
		for end > 0 && classify(runes[end-1]) != kindText {
			end-- // no space or tab between the last word and "…"
		}
		end = snapToGrapheme(graphemes, end)
		short := append(append(make([]rune, 0, end+1), runes[:end]...), ellipsis)
		l2, p2, ln2 := singleLine(sh, short, dir, width)
		over := contentWidth(p2, 0, len(p2.atoms)) - width
		if over <= 0 || cut == 0 || try == 3 {
			out := linePieces(l2, p2, &ln2)
			out.kept, out.truncated = end, true
			out.ellipsisX = ellipsisLeft(p2, &ln2)
			return out
		}
		// Shaped as one run, the cut word came out wider than its parts
		// were measured: ask for less room.
		budget -= over + 0.5
	}
}

// singleLine shapes text (no paragraph separators) as one paragraph in
// direction dir and places all of it on one line width wide.
func singleLine(sh *shaper, text []rune, dir bidi.Direction, width float32) (*layout, *para, line) {
	l := newLayout(sh, sh.lineHeight)
	l.dir = dir
	l.hideControls = true
	l.setText(text)
	l.width = width
	p := &l.paras[0]
	l.shapePara(p)
	if len(p.atoms) == 0 {
		return l, p, line{}
	}
	return l, p, l.makeLine(p, 0, len(p.atoms), newLineArrays(len(p.atoms)))
}

// contentWidth is the width of atoms [a0, a1) of p without trailing
// spaces and tabs, which take no room at a line's end.
func contentWidth(p *para, a0, a1 int) float32 {
	w, content := float32(0), float32(0)
	for i := a0; i < a1; i++ {
		w += p.atoms[i].run.width
		if k := p.atoms[i].kind; k != kindSpace && k != kindTab {
			content = w
		}
	}
	return content
}

// truncationPoint returns the code point offset in text (laid out as p)
// where to cut so that what comes before it is at most budget wide: the
// last word boundary that fits if what it keeps fills 60% of budget or
// more, else the last grapheme boundary that fits. graphemes holds the
// end of every grapheme cluster of text; the offset is always one of them,
// or 0.
func truncationPoint(sh *shaper, text []rune, graphemes []int, p *para, budget float32) int {
	wordCut, wordW := 0, float32(0)
	cum, content := float32(0), float32(0)
	k := 0 // the first atom that does not fit
	for ; k < len(p.atoms); k++ {
		a := &p.atoms[k]
		if k > 0 && a.brk {
			wordCut, wordW = a.start, content
		}
		kind := a.kind
		if kind != kindSpace && kind != kindTab && cum+a.run.width > budget {
			break
		}
		cum += a.run.width
		if kind != kindSpace && kind != kindTab {
			content = cum
		}
	}
	if k == len(p.atoms) {
		return len(text)
	}
	if wordCut > 0 && wordW >= 0.6*budget {
		return snapToGrapheme(graphemes, wordCut)
	}
	// Cut inside atom k at the last grapheme boundary that fits; its
	// prefixes are shaped on their own, as the cut word will be.
	a := &p.atoms[k]
	cut := a.start
	if a.kind == kindText {
		rtl := a.level%2 == 1
		// The boundaries strictly inside the atom.
		i0 := sort.SearchInts(graphemes, a.start+1)
		i1 := sort.SearchInts(graphemes, a.end)
		inside := graphemes[i0:i1]
		// The most of them that fit, by bisection.
		lo, hi := 0, len(inside)
		for lo < hi {
			n := (lo + hi + 1) / 2
			if cum+sh.shapeUncached(text[a.start:inside[n-1]], rtl).width <= budget {
				lo = n
			} else {
				hi = n - 1
			}
		}
		if lo > 0 {
			cut = inside[lo-1]
		}
	}
	return snapToGrapheme(graphemes, max(cut, wordCut))
}

// snapToGrapheme returns the last grapheme boundary at or before off.
func snapToGrapheme(graphemes []int, off int) int {
	i := sort.SearchInts(graphemes, off+1)
	if i == 0 {
		return 0
	}
	return graphemes[i-1]
}

// graphemeEnds returns the code point offset of the end of every
// grapheme cluster of text, in order.
func graphemeEnds(text []rune) []int {
	var ends []int
	g := uniseg.NewGraphemes(string(text))
	n := 0
	for g.Next() {
		n += len(g.Runes())
		ends = append(ends, n)
	}
	return ends
}

// linePieces turns a laid-out line into the pieces to draw, left to right.
func linePieces(l *layout, p *para, ln *line) *labelLine {
	out := &labelLine{rtl: p.base%2 == 1}
	for v, ai := range ln.vis {
		a := &p.atoms[ai]
		if a.kind != kindText {
			continue
		}
		for _, pc := range a.run.pieces {
			out.pieces = append(out.pieces, labelPiece{
				str: pc.str, x: ln.x[v] + pc.x, w: pc.w, dy: l.sh.ascent - pc.ascent,
			})
		}
	}
	return out
}

// ellipsisLeft returns the left edge of the line's last code point, the
// ellipsis, from the line's left edge.
func ellipsisLeft(p *para, ln *line) float32 {
	ai := len(p.atoms) - 1
	a := &p.atoms[ai]
	i := a.end - a.start - 1
	return ln.x[visIndex(ln, ai)] + min(a.run.ext[2*i], a.run.ext[2*i+1])
}
