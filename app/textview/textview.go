package textview

import (
	"image/color"
	"math"
	"sort"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
)

// Mark is a span to paint: a coloured background behind code points
// [Start, End) with the label's name beside it.
type Mark struct {
	// ID is handed back by OnMarkTapped.
	ID int64
	// Start is the code point offset of the first character, from 0.
	Start int
	// End is the code point offset just past the last character.
	End int
	// Label is the caption shown under the span's start, e.g. "PER".
	Label string
	// Color is the label's colour: the background is a translucent tint
	// of it, the underline and caption are drawn in it (nil: grey).
	Color color.Color
	// Secondary marks are someone else's work shown for reference: a
	// fainter tint and no underline, so the annotator's own stand out.
	Secondary bool
	// Evidence marks a quote or passage rather than an entity: it gets
	// a thin, quiet underline in Color and no tint, so that the names
	// inside it keep their own colours.
	Evidence bool
	// Band, from 1, stacks the mark in row Band of a strip under the
	// line, a bar in Color: in curation each annotator has a row, so
	// several annotators' spans on the same words stay apart and one
	// sees at a glance who marked what. 0: no strip.
	Band int
}

// TextView shows a document for annotation. Create it with New; it scrolls
// by itself, so place it directly in a layout (not in a container.Scroll).
//
// All offsets it takes and reports are code point offsets into the text
// given to SetText, from 0, end exclusive.
type TextView struct {
	widget.BaseWidget

	// OnSelectionChanged is called when the selection changes, with
	// start <= end (start == end: no selection, the caret is at start).
	OnSelectionChanged func(start, end int)
	// OnMarkTapped is called when a mark is clicked, with its ID; where
	// marks nest, the innermost is reported.
	OnMarkTapped func(id int64)
	// OnTypedKey sees every key first; returning true consumes it. The
	// view itself only handles arrows, Home, End and Escape, so digits,
	// letters and Delete can be bound to labels by the host.
	OnTypedKey func(ev *fyne.KeyEvent) bool
	// OnTypedRune receives typed characters (the view is read-only).
	OnTypedRune func(r rune)
	// OnTypedShortcut receives shortcuts the view does not handle itself;
	// returning true means the host handled it.
	OnTypedShortcut func(s fyne.Shortcut) bool

	text   []rune
	tokens []annotate.Token
	// units are the snapping units of mouse selection: tokens cut at
	// their Breaks.
	units []annotate.Token
	marks []Mark
	// depth[i] is marks[i]'s nesting depth: 0 outermost.
	depth []int
	hits  [][2]int
	// current is the index in hits of the hit Enter went to, painted
	// apart from the others; -1 for none.
	current int

	anchor, caret int
	// caretAfter: the caret is drawn at the end edge of the code point
	// before it, not the start edge of the one at it (layout.caretAt).
	// Only Left and Right set it, where a word in the other direction
	// leaves the two edges apart; every other move clears it.
	caretAfter bool
	textSize   float32
	// compact: tighter lines and paragraph gaps (SetCompact).
	compact bool

	lay       *layout
	fontsFrom fyne.Resource // the theme font the layout was made with
	sizeFrom  float32

	scroll *container.Scroll
	page   *page

	focused          bool
	shift, alt, ctrl bool
	hover            int // index into marks of the mark under the pointer, or -1
	dragging         bool
	dragFrom         int
	// dragChars: the drag selects by character (Ctrl was held).
	dragChars bool
}

var (
	_ fyne.Widget       = (*TextView)(nil)
	_ fyne.Focusable    = (*TextView)(nil)
	_ fyne.Shortcutable = (*TextView)(nil)
)

// New returns an empty text view.
func New() *TextView {
	t := &TextView{hover: -1, current: -1}
	t.page = &page{view: t}
	t.page.ExtendBaseWidget(t.page)
	t.scroll = container.NewVScroll(t.page)
	t.scroll.OnScrolled = func(fyne.Position) { t.onScrolled() }
	t.ExtendBaseWidget(t)
	return t
}

// SetText shows text, a frozen document text, with its tokens (from
// annotate.Tokenize; nil snaps selections to whitespace-separated words).
// It clears the selection, marks and hits, and scrolls to the top; it does
// not call OnSelectionChanged.
func (t *TextView) SetText(text string, tokens []annotate.Token) {
	t.text = []rune(text)
	if tokens == nil {
		tokens = whitespaceTokens(t.text)
	}
	t.tokens = append([]annotate.Token(nil), tokens...)
	sort.Slice(t.tokens, func(a, b int) bool { return t.tokens[a].Start < t.tokens[b].Start })
	t.units = splitAtBreaks(t.tokens)
	t.marks, t.depth, t.hits, t.current = nil, nil, nil, -1
	t.anchor, t.caret, t.caretAfter, t.hover = 0, 0, false, -1
	if t.lay != nil {
		t.lay.setText(t.text)
	}
	t.scroll.Offset = fyne.Position{}
	t.Refresh()
}

// Text returns the text shown.
func (t *TextView) Text() string { return string(t.text) }

// SetMarks replaces the spans painted; the slice is copied.
func (t *TextView) SetMarks(marks []Mark) {
	t.marks = append([]Mark(nil), marks...)
	t.depth = markDepths(t.marks)
	t.hover = -1
	if t.lay != nil {
		t.lay.bandsChanged()
		t.Refresh()
		return
	}
	t.page.Refresh()
}

// SetHits replaces the search hits painted, as [start, end) code point
// offsets; none of them is current.
func (t *TextView) SetHits(hits [][2]int) {
	t.hits = append([][2]int(nil), hits...)
	t.current = -1
	t.page.Refresh()
}

// SetCurrentHit paints hits[i] as the current hit, in a stronger tint
// with an underline, so that the hit Enter went to stands out from the
// others and from a selection; -1 (or any index out of range) for none.
func (t *TextView) SetCurrentHit(i int) {
	if i < 0 || i >= len(t.hits) {
		i = -1
	}
	t.current = i
	t.page.Refresh()
}

// CurrentHit returns the index of the current hit, -1 for none.
func (t *TextView) CurrentHit() int { return t.current }

// Selection returns the selected range: start <= end, code point offsets;
// start == end means nothing is selected.
//
// White space and invisible controls at either end are not part of it,
// though the caret may stand beyond them (Shift+Arrow across a space):
// a span made from a selection never starts or ends with one.
func (t *TextView) Selection() (start, end int) {
	return trimRange(t.text, min(t.anchor, t.caret), max(t.anchor, t.caret))
}

// trimRange narrows [s, e) of text past white space and marked controls
// at its ends; a range of nothing else becomes empty, at its end.
func trimRange(text []rune, s, e int) (int, int) {
	for s < e && isTrimmed(text[s]) {
		s++
	}
	for e > s && isTrimmed(text[e-1]) {
		e--
	}
	return s, e
}

// isTrimmed reports whether r is left off a selection's ends.
func isTrimmed(r rune) bool { return unicode.IsSpace(r) || isMarkedControl(r) }

// SetSelection selects [start, end) (clamped to the text) with the caret
// at end, and scrolls its lines wholly into view. It does not call
// OnSelectionChanged.
func (t *TextView) SetSelection(start, end int) {
	start, end = t.clamp(start), t.clamp(end)
	if start > end {
		start, end = end, start
	}
	t.anchor, t.caret, t.caretAfter = start, end, false
	t.ScrollRangeIntoView(start, end)
	t.page.Refresh()
}

// Caret returns the caret's code point offset.
func (t *TextView) Caret() int { return t.caret }

// SetTextSize sets the text size in Fyne units (0: the theme's). The
// caret's line stays where it was in the view, so the text does not jump
// to another part of the document.
func (t *TextView) SetTextSize(size float32) {
	if size == t.textSize {
		return
	}
	t.keepCaretLine(func() { t.textSize = size })
}

// SetCompact chooses tighter spacing: less room between lines and
// between paragraphs, for more text on the screen.
func (t *TextView) SetCompact(compact bool) {
	if compact == t.compact {
		return
	}
	t.keepCaretLine(func() { t.compact = compact })
}

// Compact reports whether the view uses compact spacing.
func (t *TextView) Compact() bool { return t.compact }

// keepCaretLine applies change, which re-lays the text out, and scrolls
// so that the caret's line is as far from the view's top as before; if
// the caret was out of view, the line at the view's top stays at the top.
func (t *TextView) keepCaretLine(change func()) {
	if t.lay == nil || !t.ensureLayout() {
		change()
		t.Refresh()
		return
	}
	view := t.scroll.Size().Height
	at, after := t.caret, t.caretAfter
	_, y, _, _ := t.lay.caretAt(at, after)
	rel := y - t.scroll.Offset.Y
	if rel < 0 || rel > view {
		pi := t.lay.paraAtY(t.scroll.Offset.Y)
		li := t.lay.lineAt(pi, t.scroll.Offset.Y)
		at, after = t.lay.para(pi).lines[li].start, false
		_, y, _, _ = t.lay.caretAt(at, after)
		rel = y - t.scroll.Offset.Y
	}
	change()
	if !t.ensureLayout() {
		t.Refresh()
		return
	}
	_, y, _, _ = t.lay.caretAt(at, after)
	rel = min(rel, max(0, view-2*t.lay.lineH))
	t.lay.ensure(y-rel, y-rel+view)
	_, y, _, _ = t.lay.caretAt(at, after)
	maxOff := max(0, t.lay.height()+2*t.pad()-view)
	t.scroll.Offset.Y = max(0, min(y-rel, maxOff))
	t.Refresh()
}

// ScrollToOffset scrolls so that the line holding offset off is wholly
// visible.
func (t *TextView) ScrollToOffset(off int) { t.ScrollRangeIntoView(off, off) }

// ScrollRangeIntoView scrolls so that the lines showing code points
// [start, end) are wholly in view, with a line to spare above or below
// when they fit with it; a range taller than the view shows its first
// line at the top. A range in view already does not move.
func (t *TextView) ScrollRangeIntoView(start, end int) {
	if !t.ensureLayout() {
		return
	}
	start, end = t.clamp(min(start, end)), t.clamp(max(start, end))
	pad := t.pad()
	view := t.scroll.Size().Height
	// The paragraphs the scroll brings into view are laid out when drawn,
	// and until then their heights are estimates: one above the range
	// that turns out taller pushes the range down, onto the half-hidden
	// bottom line. So lay out what the new offset shows and look again,
	// until the range stays in view.
	moved := false
	for range 4 {
		top, bottom := t.rangeLines(start, end)
		top, bottom = top+pad, bottom+pad // page coordinates
		cur := t.scroll.Offset.Y
		spare := min(t.lay.lineH, max(0, (view-(bottom-top))/2))
		off := cur
		switch {
		case bottom-top > view:
			off = top
		case top < cur:
			off = top - spare
		case bottom > cur+view:
			off = bottom + spare - view
		}
		off = max(0, min(off, t.lay.height()+2*pad-view))
		if off == cur {
			break
		}
		t.scroll.Offset.Y = off
		t.lay.ensure(off-pad, off-pad+view)
		moved = true
	}
	if moved {
		t.scroll.Refresh()
	}
}

// rangeLines returns the document y of the top of the line showing
// start and of the bottom of the line showing the range's last code
// point, room under the text for underlines and captions included.
func (t *TextView) rangeLines(start, end int) (top, bottom float32) {
	l := t.lay
	pi := l.paraOf(start)
	top = l.lineTop(pi, l.lineOf(pi, start))
	last := max(start, end-1)
	pj := l.paraOf(last)
	lj := l.lineOf(pj, last)
	return top, l.lineTop(pj, lj) + l.para(pj).lines[lj].h
}

func (t *TextView) clamp(off int) int { return max(0, min(off, len(t.text))) }

func (t *TextView) pad() float32 { return t.Theme().Size(theme.SizeNameInnerPadding) }

// size returns the text size in use.
func (t *TextView) size() float32 {
	if t.textSize > 0 {
		return t.textSize
	}
	return t.Theme().Size(theme.SizeNameText)
}

// captionSize is the text size of labels and control-mark captions.
func (t *TextView) captionSize() float32 { return t.size() * 0.6 }

// Spacing, as fractions of the height of the fonts' ink (the tallest
// letter's top to the deepest one's bottom): the leading added to a line,
// and the gap between paragraphs, normal and compact.
const (
	leading        = 0.25
	compactLeading = 0.08
	paraGap        = 0.5
	compactParaGap = 0.25
)

// metrics returns the height of a line's text, where its baseline is,
// and the gap between paragraphs, from the fonts' ink extents.
func (t *TextView) metrics(sh *shaper) (lineH, baseline, gap float32) {
	asc, desc := sh.ink()
	ink := asc + desc
	lead, g := float32(leading), float32(paraGap)
	if t.compact {
		lead, g = compactLeading, compactParaGap
	}
	lineH = float32(math.Ceil(float64(ink * (1 + lead))))
	baseline = float32(math.Round(float64((lineH-ink)/2 + asc)))
	return lineH, baseline, float32(math.Round(float64(ink * g)))
}

// underlineBand is the room under a line's text for the underlines of
// marks nested depth deep.
func underlineBand(depth int) float32 { return 3 + 2*float32(min(depth, 3)) }

// maxBands is the number of strip rows drawn; higher Bands share the last.
const maxBands = 9

// stripRoom is the room under the underlines for bands rows of strips.
func stripRoom(bands int) float32 { return 3 * float32(min(bands, maxBands)) }

// stripTop is where row band's bar starts below the top of the strip.
func stripTop(band int) float32 { return 3 * float32(min(band, maxBands)-1) }

// captionBand is the room for one row of captions.
func (t *TextView) captionBand() float32 {
	asc, desc := t.lay.sh.ink()
	return float32(math.Ceil(float64((asc+desc)*0.6))) + 2
}

// lineBand is the room a line showing [start, end) needs under its text:
// none without marks, room for underlines with marks, and a row for
// captions where a labelled mark starts or a control mark is shown.
func (t *TextView) lineBand(start, end int) float32 {
	depth, bands, caption := -1, 0, false
	for i, m := range t.marks {
		if m.End <= start || m.Start >= end || m.Start >= m.End {
			continue
		}
		depth = max(depth, t.depth[i])
		bands = max(bands, m.Band)
		if m.Label != "" && m.Start >= start {
			caption = true
		}
	}
	if !caption && end <= len(t.text) {
		for _, r := range t.text[start:end] {
			if isMarkedControl(r) || isJoinControl(r) {
				caption = true
				break
			}
		}
	}
	b := float32(0)
	if depth >= 0 {
		b = underlineBand(depth) + stripRoom(bands)
	}
	if caption {
		b += t.captionBand()
	}
	return b
}

// ensureLayout (re)creates the layout when the theme font or text size
// changed, and sets its width from the view's size. It reports false if
// no font could be loaded.
func (t *TextView) ensureLayout() bool { return t.ensureLayoutAt(t.scroll.Size().Width) }

// ensureLayoutAt is ensureLayout for a view width not yet applied.
func (t *TextView) ensureLayoutAt(viewW float32) bool {
	th := t.Theme()
	f := th.Font(fyne.TextStyle{})
	sz := t.size()
	if t.lay == nil || f != t.fontsFrom || sz != t.sizeFrom {
		fonts, err := loadFaces(f, theme.DefaultTextFont(), theme.DefaultEmojiFont())
		if err != nil {
			fyne.LogError("textview: fonts", err)
			return false
		}
		sh := sharedShaper(fonts, sz)
		if t.lay == nil {
			t.lay = newLayout(sh, sh.lineHeight)
			t.lay.band = t.lineBand
			t.lay.setText(t.text)
		} else {
			t.lay.setShaper(sh, sh.lineHeight)
		}
		t.fontsFrom, t.sizeFrom = f, sz
	}
	t.lay.setMetrics(t.metrics(t.lay.sh))
	t.lay.setWidth(max(viewW-2*t.pad(), 10))
	return true
}

// onScrolled lays out what came into view; if exact heights replaced
// estimates, the scroll's content size is updated.
func (t *TextView) onScrolled() {
	if !t.ensureLayout() {
		return
	}
	before := t.lay.height()
	t.lay.ensure(t.scroll.Offset.Y, t.scroll.Offset.Y+t.scroll.Size().Height)
	if t.lay.height() != before {
		t.scroll.Refresh()
		return
	}
	t.page.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (t *TextView) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	return &viewRenderer{view: t}
}

// viewRenderer sizes the inner scroll; the page draws the text.
type viewRenderer struct {
	view *TextView
}

func (r *viewRenderer) Layout(size fyne.Size) {
	t := r.view
	if t.ensureLayoutAt(size.Width) {
		// Make the visible part exact before the scroll asks the page
		// for its height.
		t.lay.ensure(t.scroll.Offset.Y, t.scroll.Offset.Y+size.Height)
	}
	t.scroll.Resize(size)
}

func (r *viewRenderer) MinSize() fyne.Size {
	return fyne.NewSize(100, 50)
}

func (r *viewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.view.scroll} }

func (r *viewRenderer) Refresh() {
	t := r.view
	if t.ensureLayout() {
		t.lay.ensure(t.scroll.Offset.Y, t.scroll.Offset.Y+t.scroll.Size().Height)
	}
	t.scroll.Refresh()
	t.page.Refresh()
}

func (r *viewRenderer) Destroy() {}

// markDepths gives each mark the lowest depth no mark enclosing or
// overlapping it at its start already has, so nested and overlapping
// marks are drawn inset from each other.
func markDepths(marks []Mark) []int {
	idx := make([]int, len(marks))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ma, mb := marks[idx[a]], marks[idx[b]]
		if ma.Start != mb.Start {
			return ma.Start < mb.Start
		}
		return ma.End > mb.End
	})
	depth := make([]int, len(marks))
	var active []int // indices of marks still open
	for _, i := range idx {
		m := marks[i]
		kept := active[:0]
		for _, a := range active {
			if marks[a].End > m.Start {
				kept = append(kept, a)
			}
		}
		active = kept
		d := 0
		for used := true; used; {
			used = false
			for _, a := range active {
				if depth[a] == d {
					d++
					used = true
				}
			}
		}
		depth[i] = d
		active = append(active, i)
	}
	return depth
}

// markAt returns the index of the innermost (shortest) mark holding the
// code point at off, or -1.
func (t *TextView) markAt(off int) int {
	best := -1
	for i, m := range t.marks {
		if m.Start <= off && off < m.End {
			if best < 0 || m.End-m.Start < t.marks[best].End-t.marks[best].Start {
				best = i
			}
		}
	}
	return best
}
