package textview

import (
	"math"
	"sort"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/segmenter"
	xbidi "golang.org/x/text/unicode/bidi"
)

// atomKind tells how an atom is measured and drawn.
type atomKind uint8

const (
	kindText    atomKind = iota // shaped and drawn
	kindSpace                   // shaped, never drawn
	kindTab                     // a fixed width, never drawn
	kindControl                 // an invisible format character, drawn as a mark

	// atomStart marks, in shapePara's scratch, a code point that starts
	// an atom.
	atomStart atomKind = 1 << 7
)

// atom is the unit of layout: a run of code points with one embedding
// level and one kind that no line-break opportunity cuts. Lines are made
// of whole atoms, and rule L2 reorders atoms, so every atom is shaped once
// per paragraph whatever the width.
type atom struct {
	// start and end are code point offsets into the document, end exclusive.
	start, end int
	level      bidi.Level
	kind       atomKind
	// brk: a line may break before this atom; hard: it must.
	brk, hard bool
	run       *shapedRun
}

// para is one paragraph (the text between two LFs, or other paragraph
// separators) and its layout.
type para struct {
	// start and end are code point offsets into the document; end is the
	// offset of the separator (LF) or of the end of the text.
	start, end int
	base       bidi.Level
	atoms      []atom // nil until shaped
	shaped     bool
	// lines, for width lineW; nil until wrapped.
	lines []line
	lineW float32
	// bandGen is the layout's bandGen the lines' heights were set at.
	bandGen int
}

// line is one displayed line of a paragraph.
type line struct {
	// start and end are the code point offsets of the line's logical
	// range in the document, end exclusive.
	start, end int
	// a0, a1: the line's atoms in its paragraph, end exclusive.
	a0, a1 int
	// vis lists the line's atom indices (into para.atoms) left to right.
	vis []int
	// x is the left edge of vis[i], in Fyne units from the text's left.
	x []float32
	// lv is the level of atom a0+i after rule L1.
	lv []bidi.Level
	// top is the line's y from its paragraph's top, h its height: the
	// text's lineH and the band under it for underlines and captions.
	top, h float32
}

// layout is a document laid out at one width. Paragraphs are shaped and
// wrapped lazily, when something asks about them; the others count with
// an estimated height, so that a long document opens at once.
type layout struct {
	sh    *shaper
	text  []rune
	paras []para
	width float32
	// lineH is the height of a line's text, in Fyne units: a line
	// without underlines or captions is this tall.
	lineH float32
	// baseline is the distance from a line's top to its baseline.
	baseline float32
	// paraGap is the space between two paragraphs, and the height of an
	// empty one (a blank line); 0 gives empty paragraphs a whole line.
	paraGap float32
	// band, if set, returns the room a line showing code points
	// [start, end) needs under its text; bandGen counts its changes, so
	// that lines measured with an older band are measured again.
	band    func(start, end int) float32
	bandGen int
	// tops[i] is the y of paragraph i's top; valid unless topsDirty.
	tops      []float32
	topsDirty bool
	// avgAdvance is the average advance per code point of what was shaped
	// so far, for estimating the height of what was not.
	shapedRunes int
	shapedWidth float32

	// dir is every paragraph's direction: bidi.Neutral takes it from the
	// first strong character (rules P2–P3); a Label forces the direction
	// of the text it truncated, which may have lost that character.
	dir bidi.Direction
	// hideControls gives invisible controls no width: a Label draws no
	// marks for them, while the text view shows each as a visible mark.
	hideControls bool

	lr     levelResolver
	levels []bidi.Level
	seg    segmenter.Segmenter
	// shapePara's scratch.
	brk   []uint8
	kinds []atomKind
}

// lineArrays are what a paragraph's lines are cut from, indexed by atom:
// every atom is on one line, so a paragraph's lines need one array of
// each, not one per line.
type lineArrays struct {
	lv  []bidi.Level
	vis []int
	x   []float32
}

func newLineArrays(atoms int) lineArrays {
	return lineArrays{make([]bidi.Level, atoms), make([]int, atoms), make([]float32, atoms)}
}

func newLayout(sh *shaper, lineH float32) *layout {
	return &layout{sh: sh, lineH: lineH, baseline: sh.ascent, dir: bidi.Neutral}
}

// setMetrics sets the line and paragraph spacing; baseline is where the
// text sits in its line, from the line's top.
func (l *layout) setMetrics(lineH, baseline, paraGap float32) {
	if l.lineH == lineH && l.baseline == baseline && l.paraGap == paraGap {
		return
	}
	l.lineH, l.baseline, l.paraGap = lineH, baseline, paraGap
	l.bandsChanged()
}

// bandsChanged is called when what band answers may have changed (the
// marks did): line heights are measured again when next asked.
func (l *layout) bandsChanged() {
	l.bandGen++
	l.topsDirty = true
}

// empty reports whether paragraph p has no code points: a blank line.
func (p *para) empty() bool { return p.start == p.end }

// setLineHeights places p's lines under each other.
func (l *layout) setLineHeights(p *para) {
	y := float32(0)
	for i := range p.lines {
		ln := &p.lines[i]
		h := l.lineH
		switch {
		case p.empty() && l.paraGap > 0:
			h = l.paraGap
		case l.band != nil && !p.empty():
			h += l.band(ln.start, ln.end)
		}
		ln.top, ln.h = y, h
		y += h
	}
	p.bandGen = l.bandGen
}

// gapAfter is the space under paragraph i: the paragraph gap between two
// paragraphs with text; a blank line is the gap itself.
func (l *layout) gapAfter(i int) float32 {
	if l.paraGap == 0 || l.paras[i].empty() || i+1 >= len(l.paras) || l.paras[i+1].empty() {
		return 0
	}
	return l.paraGap
}

// lineTop is the document y of line li of paragraph pi.
func (l *layout) lineTop(pi, li int) float32 {
	return l.paraTop(pi) + l.para(pi).lines[li].top
}

// isParagraphSeparator reports whether r ends a paragraph: LF, and the
// other characters of Bidi_Class B (CR, FS, GS, RS, NEL, PS), which end a
// bidi paragraph whether or not the text is meant to have them.
func isParagraphSeparator(r rune) bool {
	switch r {
	case '\n', '\r', '\u001c', '\u001d', '\u001e', '\u0085', '\u2029':
		return true
	}
	return false
}

// setText replaces the document; nothing is shaped yet.
func (l *layout) setText(text []rune) {
	l.text = text
	l.paras = l.paras[:0]
	start := 0
	for i, r := range text {
		if isParagraphSeparator(r) {
			l.paras = append(l.paras, para{start: start, end: i})
			start = i + 1
		}
	}
	l.paras = append(l.paras, para{start: start, end: len(text)})
	l.shapedRunes, l.shapedWidth = 0, 0
	l.topsDirty = true
}

// setShaper changes fonts or text size: every paragraph is shaped again.
func (l *layout) setShaper(sh *shaper, lineH float32) {
	l.sh, l.lineH, l.baseline = sh, lineH, sh.ascent
	for i := range l.paras {
		p := &l.paras[i]
		p.atoms, p.shaped, p.lines = nil, false, nil
	}
	l.shapedRunes, l.shapedWidth = 0, 0
	l.topsDirty = true
}

// setWidth sets the wrapping width; paragraphs re-flow when next asked.
func (l *layout) setWidth(w float32) {
	if w == l.width {
		return
	}
	l.width = w
	l.topsDirty = true
}

// para returns paragraph i shaped and wrapped at the current width.
func (l *layout) para(i int) *para {
	p := &l.paras[i]
	if !p.shaped {
		l.shapePara(p)
		l.topsDirty = true
	}
	if p.lines == nil || p.lineW != l.width {
		l.wrap(p)
		l.setLineHeights(p)
		l.topsDirty = true
	} else if p.bandGen != l.bandGen {
		l.setLineHeights(p)
		l.topsDirty = true
	}
	return p
}

// paraHeight is the height of paragraph i: exact if it is wrapped at the
// current width, otherwise estimated from its length.
func (l *layout) paraHeight(i int) float32 {
	p := &l.paras[i]
	if p.lines != nil && p.lineW == l.width {
		if p.bandGen != l.bandGen {
			l.setLineHeights(p)
		}
		last := &p.lines[len(p.lines)-1]
		return last.top + last.h + l.gapAfter(i)
	}
	if p.empty() && l.paraGap > 0 {
		return l.paraGap
	}
	avg := float32(0.45) * fromFixed(l.sh.size)
	if l.shapedRunes > 0 {
		avg = l.shapedWidth / float32(l.shapedRunes)
	}
	n := 1
	if l.width > 0 {
		n = max(1, int(math.Ceil(float64(float32(p.end-p.start)*avg/l.width))))
	}
	return float32(n)*l.lineH + l.gapAfter(i)
}

func (l *layout) updateTops() {
	if !l.topsDirty && len(l.tops) == len(l.paras)+1 {
		return
	}
	l.tops = l.tops[:0]
	y := float32(0)
	for i := range l.paras {
		l.tops = append(l.tops, y)
		y += l.paraHeight(i)
	}
	l.tops = append(l.tops, y)
	l.topsDirty = false
}

// height is the document's height at the current width.
func (l *layout) height() float32 {
	l.updateTops()
	return l.tops[len(l.paras)]
}

// paraTop is the y of paragraph i's top.
func (l *layout) paraTop(i int) float32 {
	l.updateTops()
	return l.tops[i]
}

// paraAtY returns the paragraph whose band contains y (clamped).
func (l *layout) paraAtY(y float32) int {
	l.updateTops()
	i := sort.Search(len(l.paras), func(i int) bool { return l.tops[i+1] > y })
	return min(i, len(l.paras)-1)
}

// paraOf returns the paragraph containing offset off (an LF belongs to the
// paragraph it ends).
func (l *layout) paraOf(off int) int {
	i := sort.Search(len(l.paras), func(i int) bool { return l.paras[i].end >= off })
	return min(i, len(l.paras)-1)
}

// ensure shapes and wraps every paragraph that overlaps [y0, y1), so that
// what is on screen is exact.
func (l *layout) ensure(y0, y1 float32) {
	for i := l.paraAtY(y0); i < len(l.paras); i++ {
		l.para(i)
		if l.paraTop(i)+l.paraHeight(i) >= y1 {
			break
		}
	}
}

// classify returns the kind of code point r.
func classify(r rune) atomKind {
	if r >= 0 && r < classCached {
		return lowKinds[r]
	}
	return classifyRune(r)
}

// lowKinds holds classify's answers for the code points bidiClass keeps
// in a table, which are most of any text.
var lowKinds = func() (t [classCached]atomKind) {
	for r := range rune(classCached) {
		t[r] = classifyRune(r)
	}
	return t
}()

func classifyRune(r rune) atomKind {
	if isMarkedControl(r) {
		return kindControl
	}
	switch bidiClass(r) {
	case xbidi.WS:
		return kindSpace
	case xbidi.S:
		return kindTab
	}
	return kindText
}

// isMarkedControl reports whether r is an invisible character that can
// change or hide the order of words, which the view shows as a mark.
func isMarkedControl(r rune) bool {
	switch r {
	case '\u200e', '\u200f', '\u061c', // LRM, RLM, ALM
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', // LRE RLE PDF LRO RLO
		'\u2066', '\u2067', '\u2068', '\u2069', // LRI RLI FSI PDI
		'\ufeff', '\u200b', '\u2060': // BOM, ZWSP, WJ
		return true
	}
	return false
}

// isJoinControl reports whether r is ZWJ or ZWNJ: they stay inside their
// word, since they change how its letters join, and get a mark drawn over.
func isJoinControl(r rune) bool { return r == '\u200c' || r == '\u200d' }

// controlWidth is the width a control mark takes, in Fyne units.
func (l *layout) controlWidth() float32 {
	if l.hideControls {
		return 0
	}
	return 0.45 * fromFixed(l.sh.size)
}

// shapePara resolves levels, finds line-break opportunities, cuts the
// paragraph into atoms and shapes them.
func (l *layout) shapePara(p *para) {
	text := l.text[p.start:p.end]
	p.atoms = p.atoms[:0]
	p.shaped = true
	p.lines = nil
	if len(text) == 0 {
		p.base = 0
		return
	}
	l.levels, p.base = l.lr.resolve(text, l.dir, l.levels)

	// brk[i]: 1 if a line may break before text[i], 2 if it must.
	brk := reuse(&l.brk, len(text)+1)
	l.seg.Init(text)
	it := l.seg.LineIterator()
	for it.Next() {
		ln := it.Line()
		e := ln.Offset + len(ln.Text)
		if e < len(text) {
			brk[e] = 1
			if ln.IsMandatoryBreak {
				brk[e] = 2
			}
		}
	}

	// kinds[i] is text[i]'s kind, with atomStart set where an atom
	// starts; counting them first gives the atoms the exact room they
	// need, which they keep as long as the paragraph is shaped.
	kinds := reuse(&l.kinds, len(text))
	n := 0
	for i, r := range text {
		k := classify(r)
		if i == 0 || brk[i] != 0 || k != kinds[i-1]&^atomStart || k == kindControl || k == kindTab || l.levels[i] != l.levels[i-1] {
			k |= atomStart
			n++
		}
		kinds[i] = k
	}
	if cap(p.atoms) < n {
		p.atoms = make([]atom, 0, n)
	}
	start := 0
	kind := kinds[0] &^ atomStart
	for i := 1; i <= len(text); i++ {
		var k atomKind
		if i < len(text) {
			if kinds[i]&atomStart == 0 {
				continue
			}
			k = kinds[i] &^ atomStart
		}
		a := atom{
			start: p.start + start, end: p.start + i,
			level: l.levels[start], kind: kind,
			brk: brk[start] != 0, hard: brk[start] == 2,
		}
		a.run = l.measure(text[start:i], kind, a.level)
		l.shapedRunes += i - start
		l.shapedWidth += a.run.width
		p.atoms = append(p.atoms, a)
		start, kind = i, k
	}
}

// measure shapes one atom's text.
func (l *layout) measure(text []rune, kind atomKind, level bidi.Level) *shapedRun {
	switch kind {
	case kindControl:
		w := l.controlWidth()
		return &shapedRun{width: w, ext: []float32{0, w}}
	case kindTab:
		sp := l.sh.shape([]rune{' '}, false)
		w := 4 * sp.width
		ext := make([]float32, 2*len(text))
		for i := range text {
			ext[2*i], ext[2*i+1] = float32(i)*w, float32(i+1)*w
		}
		if level%2 == 1 {
			n := float32(len(text)) * w
			for i := range ext {
				ext[i] = n - ext[i]
			}
			for i := 0; i < len(text); i++ {
				ext[2*i], ext[2*i+1] = ext[2*i+1], ext[2*i]
			}
		}
		return &shapedRun{width: float32(len(text)) * w, ext: ext}
	}
	return l.sh.shape(text, level%2 == 1)
}

// wrap breaks paragraph p into lines at the current width (greedy, at
// UAX #14 opportunities; a word wider than the line overflows it), then
// orders each line's atoms for display.
func (l *layout) wrap(p *para) {
	if p.lines == nil && l.width > 0 {
		// As many lines as the text fills, and one more for the space
		// left at the end of each.
		total := float32(0)
		for i := range p.atoms {
			total += p.atoms[i].run.width
		}
		p.lines = make([]line, 0, int(min(total/l.width, float32(len(p.atoms))))+2)
	}
	p.lines = p.lines[:0]
	p.lineW = l.width
	if len(p.atoms) == 0 {
		p.lines = append(p.lines, line{start: p.start, end: p.end})
		return
	}
	arr := newLineArrays(len(p.atoms))
	lineStart := 0
	lw := float32(0)
	for i := 0; i < len(p.atoms); {
		j := i + 1
		for j < len(p.atoms) && !p.atoms[j].brk {
			j++
		}
		segW, trail := float32(0), float32(0)
		for k := i; k < j; k++ {
			w := p.atoms[k].run.width
			segW += w
			if p.atoms[k].kind == kindSpace || p.atoms[k].kind == kindTab {
				trail += w
			} else {
				trail = 0
			}
		}
		if i > lineStart && (p.atoms[i].hard || lw+segW-trail > l.width) {
			p.lines = append(p.lines, l.makeLine(p, lineStart, i, arr))
			lineStart, lw = i, 0
		}
		lw += segW
		i = j
	}
	p.lines = append(p.lines, l.makeLine(p, lineStart, len(p.atoms), arr))
}

// makeLine applies rules L1 and L2 to atoms [a0, a1) of p and places them:
// a right-to-left paragraph's lines are right-aligned. The line is cut
// from arr.
func (l *layout) makeLine(p *para, a0, a1 int, arr lineArrays) line {
	ln := line{start: p.atoms[a0].start, end: p.atoms[a1-1].end, a0: a0, a1: a1}
	if a1 == len(p.atoms) {
		ln.end = p.end
	}
	ln.lv = arr.lv[a0:a1:a1]
	for i := range ln.lv {
		ln.lv[i] = p.atoms[a0+i].level
	}
	applyL1(ln.lv, func(i int) xbidi.Class {
		a := &p.atoms[a0+i]
		switch a.kind {
		case kindSpace:
			return xbidi.WS
		case kindTab:
			return xbidi.S
		case kindControl:
			return bidiClass(l.text[a.start])
		}
		return xbidi.ON
	}, p.base)
	ln.vis = visualOrder(ln.lv, arr.vis[a0:a0:a1])
	ln.x = arr.x[a0:a1:a1]
	total, content := float32(0), float32(0)
	for i := a0; i < a1; i++ {
		total += p.atoms[i].run.width
	}
	content = total
	for i := a1 - 1; i >= a0; i-- {
		k := p.atoms[i].kind
		if k != kindSpace && k != kindTab {
			break
		}
		content -= p.atoms[i].run.width
	}
	x := float32(0)
	if p.base%2 == 1 {
		x = l.width - total
		if content > l.width {
			// Overflowing: show the line's start, at the right.
			x = l.width - content - (total - content)
		}
	}
	for i, k := range ln.vis {
		ln.vis[i] = a0 + k
		ln.x[i] = x
		x += p.atoms[a0+k].run.width
	}
	return ln
}

// lineAt returns the line of paragraph pi at document y (clamped).
func (l *layout) lineAt(pi int, y float32) int {
	p := l.para(pi)
	y -= l.paraTop(pi)
	li := sort.Search(len(p.lines), func(i int) bool { return p.lines[i].top+p.lines[i].h > y })
	return max(0, min(li, len(p.lines)-1))
}

// lineOf returns the line of paragraph pi that shows offset off: the line
// where off is a code point, or the last line for the paragraph's end.
func (l *layout) lineOf(pi, off int) int {
	p := l.para(pi)
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i].end > off })
	return min(i, len(p.lines)-1)
}

// rtlAt reports whether atom a flows right to left on
// line ln (L1 may have reset its level).
func rtlAt(ln *line, a int) bool { return ln.lv[a-ln.a0]%2 == 1 }

// offsetAt returns the code point offset nearest to the document point
// (x, y), the x counted from the text's left edge.
func (l *layout) offsetAt(x, y float32) int {
	pi := l.paraAtY(y)
	p := l.para(pi)
	ln := &p.lines[l.lineAt(pi, y)]
	if len(ln.vis) == 0 {
		return ln.start
	}
	// The atom under x, or the nearest one.
	v := sort.Search(len(ln.vis), func(i int) bool {
		return ln.x[i]+p.atoms[ln.vis[i]].run.width > x
	})
	v = min(v, len(ln.vis)-1)
	ai := ln.vis[v]
	a := &p.atoms[ai]
	rel := x - ln.x[v]
	rtl := rtlAt(ln, ai)
	best, bestD := a.start, float32(math.Inf(1))
	for i := 0; i < a.end-a.start; i++ {
		x0, x1 := a.run.ext[2*i], a.run.ext[2*i+1]
		if x1-x0 < 0.01 && a.end-a.start > 1 {
			// A zero-width code point (ZWNJ, a dropped ignorable) shares
			// its edges with a neighbour; the neighbour's offsets win.
			continue
		}
		// The logical start edge of code point i is on its left in
		// left-to-right text and on its right otherwise.
		s, e := x0, x1
		if rtl {
			s, e = x1, x0
		}
		if d := abs32(rel - s); d < bestD {
			best, bestD = a.start+i, d
		}
		if d := abs32(rel - e); d < bestD {
			best, bestD = a.start+i+1, d
		}
	}
	if best > ln.end {
		best = ln.end
	}
	// Never between a letter and its combining marks (or a ZWNJ that
	// HarfBuzz put in its cluster): an offset there would cut a grapheme.
	for best > a.start && best < a.end && nonSpacing(l.text[best]) {
		best++
	}
	// A trailing space's end is the next line's start; keep the caret on
	// this line's last code point unless this is the paragraph's end.
	if best == ln.end && ln.end < p.end && ln.end > ln.start {
		best = ln.end - 1
	}
	return best
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// visIndex returns the position in ln.vis of atom ai.
func visIndex(ln *line, ai int) int {
	for i, a := range ln.vis {
		if a == ai {
			return i
		}
	}
	return -1
}

// atomOf returns the index in p.atoms of the atom holding offset off.
func atomOf(p *para, off int) int {
	i := sort.Search(len(p.atoms), func(i int) bool { return p.atoms[i].end > off })
	return min(i, len(p.atoms)-1)
}

// caretPos returns where the caret for offset off is drawn: x from the
// text's left, and the top of its line, in document coordinates.
func (l *layout) caretPos(off int) (x, y float32) {
	off = max(0, min(off, len(l.text)))
	pi := l.paraOf(off)
	p := l.para(pi)
	li := l.lineOf(pi, off)
	ln := &p.lines[li]
	y = l.paraTop(pi) + ln.top
	if len(ln.vis) == 0 {
		if p.base%2 == 1 {
			return l.width, y
		}
		return 0, y
	}
	// The edge where off starts, or, at the line's end, where the last
	// code point ends.
	target, startEdge := off, true
	if off >= ln.end || off >= p.atoms[ln.a1-1].end {
		target, startEdge = min(off, p.atoms[ln.a1-1].end)-1, false
	}
	ai := atomOf(p, target)
	a := &p.atoms[ai]
	v := visIndex(ln, ai)
	i := target - a.start
	x0, x1 := a.run.ext[2*i], a.run.ext[2*i+1]
	left := startEdge != rtlAt(ln, ai)
	if left {
		return ln.x[v] + x0, y
	}
	return ln.x[v] + x1, y
}

// rect is a horizontal extent on one line, in document coordinates.
type rect struct {
	x0, x1, y float32
}

// rangeRects appends to dst the extents of code points [s, e) on line li
// of paragraph pi, left to right, merging touching extents.
func (l *layout) rangeRects(dst []rect, pi, li, s, e int) []rect {
	p := &l.paras[pi]
	ln := &p.lines[li]
	s, e = max(s, ln.start), min(e, ln.end)
	if s >= e {
		return dst
	}
	y := l.paraTop(pi) + ln.top
	first := len(dst)
	for v, ai := range ln.vis {
		a := &p.atoms[ai]
		as, ae := max(s, a.start), min(e, a.end)
		if as >= ae {
			continue
		}
		x0, x1 := float32(math.Inf(1)), float32(math.Inf(-1))
		for i := as - a.start; i < ae-a.start; i++ {
			x0 = min(x0, a.run.ext[2*i])
			x1 = max(x1, a.run.ext[2*i+1])
		}
		r := rect{x0: ln.x[v] + x0, x1: ln.x[v] + x1, y: y}
		if n := len(dst); n > first && r.x0-dst[n-1].x1 < 0.5 {
			dst[n-1].x1 = r.x1
			continue
		}
		dst = append(dst, r)
	}
	return dst
}
