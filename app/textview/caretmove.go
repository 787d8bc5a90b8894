package textview

import (
	"math"

	"hashiya/annotate"
)

// edgeEps is how close two x positions, in Fyne units, must be to count as
// one caret position: far below a space's width, above rounding noise.
const edgeEps = 0.5

// caretAt is caretPos for a caret with an affinity: with after, the caret
// is drawn at the end edge of code point off-1 rather than at the start
// edge of code point off. Where the direction changes, the two edges are
// apart on screen, and only the end edge shows that the caret has just
// crossed the word before it (the right end of "2020" in Arabic, say). It
// also returns the paragraph and line the caret is drawn on.
func (l *layout) caretAt(off int, after bool) (x, y float32, pi, li int) {
	off = max(0, min(off, len(l.text)))
	if after && off > 0 && !isParagraphSeparator(l.text[off-1]) {
		pi = l.paraOf(off - 1)
		p := l.para(pi)
		li = l.lineOf(pi, off-1)
		ln := &p.lines[li]
		ai := atomOf(p, off-1)
		if v := visIndex(ln, ai); v >= 0 {
			a := &p.atoms[ai]
			i := off - 1 - a.start
			y = l.paraTop(pi) + ln.top
			if rtlAt(ln, ai) {
				return ln.x[v] + a.run.ext[2*i], y, pi, li
			}
			return ln.x[v] + a.run.ext[2*i+1], y, pi, li
		}
	}
	pi = l.paraOf(off)
	x, y = l.caretPos(off)
	return x, y, pi, l.lineOf(pi, off)
}

// caretStop is a caret position: an offset, its affinity (see caretAt),
// and where it is drawn.
type caretStop struct {
	off   int
	after bool
	x     float32
}

// unitEdges returns where the caret goes to stand at the left and at the
// right edge of code points [s, e) on line ln of p, which the caller has
// clipped to the line. The edges are those of the leftmost and rightmost
// code point, so a word that mixes directions ("2020م" in Arabic) is
// crossed in one move. ok is false if no code point of [s, e) is drawn.
func (l *layout) unitEdges(p *para, ln *line, vpos []int, s, e int) (left, right caretStop, ok bool) {
	left.x, right.x = float32(math.Inf(1)), float32(math.Inf(-1))
	var li, ri int // the code points at the edges
	var lrtl, rrtl bool
	for ai := atomOf(p, s); ai < ln.a1 && p.atoms[ai].start < e; ai++ {
		a := &p.atoms[ai]
		v := vpos[ai-ln.a0]
		rtl := rtlAt(ln, ai)
		for i := max(s, a.start); i < min(e, a.end); i++ {
			k := i - a.start
			x0, x1 := ln.x[v]+a.run.ext[2*k], ln.x[v]+a.run.ext[2*k+1]
			if x1-x0 < 0.01 && e-s > 1 {
				// Zero-width (ZWNJ, a mark HarfBuzz folded into its base):
				// its neighbours' edges are the word's.
				continue
			}
			if x0 < left.x {
				left.x, li, lrtl, ok = x0, i, rtl, true
			}
			if x1 > right.x {
				right.x, ri, rrtl, ok = x1, i, rtl, true
			}
		}
	}
	if !ok {
		return left, right, false
	}
	// The left edge of a right-to-left code point is its end edge.
	left.off, left.after = li, false
	if lrtl {
		left.off, left.after = li+1, true
	}
	right.off, right.after = ri+1, true
	if rrtl {
		right.off, right.after = ri, false
	}
	// Never between a letter and its marks.
	for _, st := range []*caretStop{&left, &right} {
		for st.off > s && st.off < e && nonSpacing(l.text[st.off]) {
			st.off++
		}
	}
	return left, right, true
}

// visualStep returns where Left (right false) or Right moves the caret:
// past the next token, or with char the next character, to that side on
// the screen. Among the offsets drawn at the edge it reaches, the one
// farthest from ref (the anchor when extending a selection) wins, so that
// Shift+Left across "2020" in Arabic selects the number, not the space
// next to it. At the line's visual end it moves on to the next or
// previous line in reading order, by token or character, as in the
// paragraph's direction.
func (t *TextView) visualStep(right, char bool, ref int) (int, bool) {
	l := t.lay
	cx, _, pi, li := l.caretAt(t.caret, t.caretAfter)
	p := l.para(pi)
	ln := &p.lines[li]

	var units []annotate.Token
	if len(ln.vis) > 0 {
		if char {
			for s := ln.start; s < ln.end; {
				e := s + 1
				for e < ln.end && nonSpacing(t.text[e]) {
					e++
				}
				units = append(units, annotate.Token{Start: s, End: e})
				s = e
			}
		} else {
			for i := unitAt(t.tokens, ln.start); i < len(t.tokens) && t.tokens[i].Start < ln.end; i++ {
				s, e := max(t.tokens[i].Start, ln.start), min(t.tokens[i].End, ln.end)
				if s < e {
					units = append(units, annotate.Token{Start: s, End: e})
				}
			}
		}
	}
	vpos := make([]int, ln.a1-ln.a0)
	for v, ai := range ln.vis {
		vpos[ai-ln.a0] = v
	}
	var best caretStop
	target := -1
	for ui, u := range units {
		lst, rst, ok := l.unitEdges(p, ln, vpos, u.Start, u.End)
		if !ok {
			continue
		}
		st := lst
		if right {
			st = rst
		}
		// Where the caret will be drawn, which is what the next press
		// starts from: a stop that would not move it is no stop.
		x, _, spi, sli := l.caretAt(st.off, st.after)
		if spi != pi || sli != li {
			continue
		}
		st.x = x
		if right && x > cx+edgeEps && (target < 0 || x < best.x) {
			best, target = st, ui
		}
		if !right && x < cx-edgeEps && (target < 0 || x > best.x) {
			best, target = st, ui
		}
	}
	if target < 0 {
		to := t.lineStep(p, ln, right, char)
		if _, _, tpi, tli := l.caretAt(to, false); tpi == pi && tli == li {
			// No line beyond (the document's first or last): stay, rather
			// than jump back into the middle of this line.
			return t.caret, t.caretAfter
		}
		return to, false
	}

	// Other offsets drawn at the same edge: a character's own ends, or
	// any token's ends on the line (the end of "Labs" sits at the left of
	// "OpenAI" in an Arabic line, past the space that follows it).
	var bounds []int
	if char {
		bounds = []int{units[target].Start, units[target].End}
	} else {
		for _, u := range units {
			bounds = append(bounds, u.Start, u.End)
		}
	}
	chosen := best
	for _, b := range bounds {
		for _, after := range []bool{false, true} {
			x, _, bpi, bli := l.caretAt(b, after)
			if bpi != pi || bli != li || abs32(x-best.x) > edgeEps {
				continue
			}
			if abs(b-ref) > abs(chosen.off-ref) {
				chosen = caretStop{off: b, after: after, x: x}
			}
		}
	}
	// Prefer the plain affinity where it draws the caret in the same
	// place: it is what a click or a logical move would give.
	if chosen.after {
		if x, _, bpi, bli := l.caretAt(chosen.off, false); bpi == pi && bli == li && abs32(x-best.x) <= edgeEps {
			chosen.after = false
		}
	}
	return chosen.off, chosen.after
}

// lineStep moves on from the visual end of line ln, as Left and Right
// always did in pure Arabic or English lines: onwards in the reading order
// of the line's paragraph, by token or character.
func (t *TextView) lineStep(p *para, ln *line, right, char bool) int {
	forward := right != (p.base%2 == 1)
	switch {
	case char && forward:
		return t.charStep(max(t.caret, ln.end), true)
	case char:
		return t.charStep(min(t.caret, ln.start), false)
	case forward:
		return t.nextTokenEnd(max(t.caret, ln.end))
	default:
		return t.prevTokenStart(min(t.caret, ln.start))
	}
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
