package dataset

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"hashiya/annotate"
)

// xtoken is a token as exports write it: annotate's word tokens cut at
// their proclitic breaks and at span edges, and the gaps between them.
type xtoken struct {
	// start and end are code point offsets into the text, end exclusive;
	// b0 and b1 the same in bytes.
	start, end int
	b0, b1     int
	// ws: a single space (U+0020) follows the token and belongs to no
	// token, as spaCy's Token.whitespace_ has it.
	ws bool
	// gap: white space or invisible characters between words (a line
	// break, a second space, an RLM), a token of its own so that the
	// tokens with their ws rebuild the text exactly, as spaCy makes
	// "\n" a token. HF and CoNLL leave gaps out.
	gap bool
}

// tokens returns the export tokens of text for spans under the
// Encoder's token rule, in text order, in the Encoder's scratch space.
//
// Under Words, every code point of the text is in exactly one token or
// is the ws space after one, so "".join(text + " "*ws) is the text, and
// every span edge is a token edge: both are what spaCy's Doc(words,
// spaces) and Doc.char_span(alignment_mode="strict") need. Words are
// cut at their proclitic breaks whether or not a span starts there, so
// that "والولايات" is و + الولايات in every document, not only where an
// annotator drew a span; other cuts (a span ending inside a word) are
// made only where a span edge is.
func (w *Encoder) tokens(text string, spans []annotate.Span) []xtoken {
	if w.opts.Tokens == Whitespace {
		w.xtoks = whitespaceTokens(w.xtoks[:0], text)
		return w.xtoks
	}
	w.toks, w.tokBytes = annotate.AppendTokenBytes(w.toks[:0], w.tokBytes[:0], text)
	cuts := w.cuts[:0]
	for _, s := range spans {
		cuts = append(cuts, s.Start, s.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	w.cuts = cuts
	out := w.xtoks[:0]
	prev, prevB := 0, 0
	for i, t := range w.toks {
		b0, b1 := w.tokBytes[2*i], w.tokBytes[2*i+1]
		out = appendGap(out, text, prev, prevB, t.Start, b0, cuts, spans)
		out = appendWord(out, text, t, b0, b1, cuts)
		prev, prevB = t.End, b1
	}
	if prevB < len(text) {
		_, short := annotate.AdvanceCodePoints(text, prevB, len(text))
		out = appendGap(out, text, prev, prevB, prev+len(text)-short, len(text), cuts, spans)
	}
	w.xtoks = out
	return out
}

// appendWord appends word token t (bytes b0 to b1) cut at its breaks and
// at the cuts inside it.
func appendWord(out []xtoken, text string, t annotate.Token, b0, b1 int, cuts []int) []xtoken {
	k, _ := slices.BinarySearch(cuts, t.Start+1)
	if len(t.Breaks) == 0 && (k == len(cuts) || cuts[k] >= t.End) {
		return append(out, xtoken{start: t.Start, end: t.End, b0: b0, b1: b1})
	}
	start, sb := t.Start, b0
	brk := t.Breaks
	for {
		// The next cut: the smaller of the next break and the next span edge.
		next := t.End
		if len(brk) > 0 {
			next = brk[0]
		}
		if k < len(cuts) && cuts[k] < next {
			next = cuts[k]
		}
		if next >= t.End {
			break
		}
		nb, _ := annotate.AdvanceCodePoints(text, sb, next-start)
		out = append(out, xtoken{start: start, end: next, b0: sb, b1: nb})
		start, sb = next, nb
		for len(brk) > 0 && brk[0] <= start {
			brk = brk[1:]
		}
		for k < len(cuts) && cuts[k] <= start {
			k++
		}
	}
	return append(out, xtoken{start: start, end: t.End, b0: sb, b1: b1})
}

// appendGap appends the gap [g0, g1) (bytes gb0 to gb1) between words:
// a single space after a token is that token's ws, unless a span starts
// at it or ends just after it (then it is a token, so that the span
// ends on a token edge); what else there is becomes gap tokens, cut at
// span edges.
func appendGap(out []xtoken, text string, g0, gb0, g1, gb1 int, cuts []int, spans []annotate.Span) []xtoken {
	if g0 >= g1 {
		return out
	}
	if len(out) > 0 && text[gb0] == ' ' && !spaceInSpanEdge(spans, cuts, g0) {
		out[len(out)-1].ws = true
		g0, gb0 = g0+1, gb0+1
	}
	k, _ := slices.BinarySearch(cuts, g0+1)
	for ; k < len(cuts) && cuts[k] < g1; k++ {
		nb, _ := annotate.AdvanceCodePoints(text, gb0, cuts[k]-g0)
		out = append(out, xtoken{start: g0, end: cuts[k], b0: gb0, b1: nb, gap: true})
		g0, gb0 = cuts[k], nb
	}
	if g0 < g1 {
		out = append(out, xtoken{start: g0, end: g1, b0: gb0, b1: gb1, gap: true})
	}
	return out
}

// spaceInSpanEdge reports whether a span starts at code point at or ends
// just after it. The spans are scanned only when at or at+1 is a span
// edge at all (cuts), which is seldom: spans end on words.
func spaceInSpanEdge(spans []annotate.Span, cuts []int, at int) bool {
	k, found := slices.BinarySearch(cuts, at)
	if !found && (k == len(cuts) || cuts[k] != at+1) {
		return false
	}
	for _, s := range spans {
		if s.Start == at || s.End == at+1 {
			return true
		}
	}
	return false
}

// whitespaceTokens appends the runs of characters other than white
// space, as Python's str.split() finds them; ws is whether white space
// follows.
func whitespaceTokens(out []xtoken, text string) []xtoken {
	cp, start, sb := 0, -1, 0
	for b, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, xtoken{start: start, end: cp, b0: sb, b1: b, ws: true})
				start = -1
			}
		} else if start < 0 {
			start, sb = cp, b
		}
		cp++
	}
	if start >= 0 {
		out = append(out, xtoken{start: start, end: cp, b0: sb, b1: len(text)})
	}
	return out
}

// tokenRange returns the first and last (inclusive) token of a span
// [start, end) and whether the span starts and ends on their edges.
// toks are in text order.
func tokenRange(toks []xtoken, start, end int) (first, last int, ok bool) {
	first, ok1 := slices.BinarySearchFunc(toks, start, func(t xtoken, at int) int { return t.start - at })
	last, ok2 := slices.BinarySearchFunc(toks, end, func(t xtoken, at int) int { return t.end - at })
	return first, last, ok1 && ok2 && first <= last
}

// wsAfter reports whether white space follows byte offset b of text.
func wsAfter(text string, b int) bool {
	if b >= len(text) {
		return false
	}
	r := rune(text[b])
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeRuneInString(text[b:])
	}
	return unicode.IsSpace(r)
}
