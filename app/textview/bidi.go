package textview

import (
	"reflect"

	"github.com/go-text/typesetting/bidi"
	xbidi "golang.org/x/text/unicode/bidi"
)

// levelResolver runs go-text's UAX #9 implementation (rules P2–I2 and the
// paragraph-wide part of L1) and hands back what its public API keeps to
// itself: the level of every character and the paragraph level. go-text's
// Runs merge neighbouring levels of equal parity (0 and 2, 1 and 3), which
// is enough for shaping but not for rule L2, so the levels are read from
// the Runs value by reflection (read-only; TestGoTextInternals guards the
// field names against a go-text upgrade).
type levelResolver struct {
	p bidi.Paragraph
}

// resolve returns the embedding level of each rune of text (one paragraph,
// no paragraph separators) and the paragraph embedding level. dir is
// bidi.Neutral to apply rules P2–P3, or a forced direction.
func (lr *levelResolver) resolve(text []rune, dir bidi.Direction, levels []bidi.Level) ([]bidi.Level, bidi.Level) {
	levels = levels[:0]
	if len(text) == 0 {
		if dir == bidi.RightToLeft {
			return levels, 1
		}
		return levels, 0
	}
	if dir != bidi.LeftToRight && plainRightToLeft(text) {
		// Half the paragraphs of an Arabic article; the whole
		// algorithm would only confirm it, at a tenth of their layout
		// time.
		for range text {
			levels = append(levels, 1)
		}
		return levels, 1
	}
	runs := lr.p.Segment(text, dir)
	if lv, ok := runLevels(runs, levels); ok && len(lv) == len(text) {
		levels = lv
	} else {
		levels = levels[:0]
		// Degraded path if go-text's internals ever change: run levels
		// only, which still orders the common two-level cases right.
		for i := 0; i < runs.NumRuns(); i++ {
			r := runs.Run(i)
			for j := r.Start; j < r.End; j++ {
				levels = append(levels, r.Level)
			}
		}
	}
	base := lr.paragraphLevel(levels, dir)
	for len(levels) < len(text) {
		// go-text stops at a paragraph separator; callers split there,
		// but never index past what it resolved.
		levels = append(levels, base)
	}
	return levels, base
}

// plainRightToLeft reports whether every character of a paragraph ends
// at level 1 because it has right-to-left letters and nothing that could
// resolve to left-to-right: no L, no digits (EN, AN), no explicit
// controls. Rules W1–W6 then leave only R and neutrals, N0–N2 make every
// neutral R, and I1 keeps R at the paragraph's level 1 (checked with the
// rest by TestBidiConformance).
func plainRightToLeft(text []rune) bool {
	strong := false
	for _, r := range text {
		switch bidiClass(r) {
		case xbidi.R, xbidi.AL:
			strong = true
		case xbidi.NSM, xbidi.WS, xbidi.ON, xbidi.CS, xbidi.ES, xbidi.ET, xbidi.S:
		default:
			return false
		}
	}
	return strong
}

// paragraphLevel reads the paragraph level go-text resolved. go-text skips
// the whole algorithm for plain left-to-right text and then leaves the field
// stale, but in that case every level is 0 and so is the paragraph's.
func (lr *levelResolver) paragraphLevel(levels []bidi.Level, dir bidi.Direction) bidi.Level {
	switch dir {
	case bidi.LeftToRight:
		return 0
	case bidi.RightToLeft:
		return 1
	}
	allZero := true
	for _, l := range levels {
		if l != 0 {
			allZero = false
			break
		}
	}
	if allZero {
		return 0
	}
	f := reflect.ValueOf(&lr.p).Elem().FieldByName("embeddingLevel")
	if f.IsValid() && f.CanInt() {
		return bidi.Level(f.Int())
	}
	// Fallback: the lowest level present is the paragraph level unless
	// the paragraph is left-to-right with only embedded right-to-left text.
	min := levels[0]
	for _, l := range levels {
		if l < min {
			min = l
		}
	}
	return min
}

// runLevels appends to dst the per-character levels stored in runs.
func runLevels(runs bidi.Runs, dst []bidi.Level) ([]bidi.Level, bool) {
	f := reflect.ValueOf(runs).FieldByName("levels")
	if !f.IsValid() || f.Kind() != reflect.Slice {
		return dst, false
	}
	if f.Type().Elem().Kind() == reflect.Uint8 {
		// Read in place: no reflected value per character.
		for _, b := range f.Bytes() {
			dst = append(dst, bidi.Level(b))
		}
		return dst, true
	}
	for i := range f.Len() {
		dst = append(dst, bidi.Level(f.Index(i).Int()))
	}
	return dst, true
}

// bidiClass returns the Bidi_Class of r.
func bidiClass(r rune) xbidi.Class {
	if r >= 0 && r < classCached {
		return lowClasses[r]
	}
	p, _ := xbidi.LookupRune(r)
	return p.Class()
}

// classCached bounds the code points whose Bidi_Class is kept in a table:
// Latin, Greek, Cyrillic, Hebrew and Arabic, most of any news text. Every
// code point of a paragraph is looked up two or three times while it is
// laid out, and LookupRune encodes each in UTF-8 first.
const classCached = 0x800

var lowClasses = func() (t [classCached]xbidi.Class) {
	for r := range rune(classCached) {
		p, _ := xbidi.LookupRune(r)
		t[r] = p.Class()
	}
	return t
}()

// removedByX9 reports whether rule X9 removes a character of class c: the
// embedding and override controls and boundary neutrals, which take no
// place in the visual order.
func removedByX9(c xbidi.Class) bool {
	switch c {
	case xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF, xbidi.BN:
		return true
	}
	return false
}

// resetsToParagraph reports whether rule L1 resets a character of class c
// that precedes a segment separator or the end of the line: whitespace and
// isolate controls, and the X9-removed characters, which are transparent.
func resetsToParagraph(c xbidi.Class) bool {
	switch c {
	case xbidi.WS, xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI:
		return true
	}
	return removedByX9(c)
}

// applyL1 applies rule L1 to one line: segment and paragraph separators,
// and whitespace or isolate controls before them or at the end of the
// line, go back to the paragraph level. class(i) is the Bidi_Class of the
// line's i-th unit; levels is modified in place.
func applyL1(levels []bidi.Level, class func(i int) xbidi.Class, base bidi.Level) {
	trailing := true // scanning backwards: still in the line's trailing run
	for i := len(levels) - 1; i >= 0; i-- {
		c := class(i)
		switch {
		case c == xbidi.S || c == xbidi.B:
			levels[i] = base
			trailing = true
		case trailing && resetsToParagraph(c):
			levels[i] = base
		default:
			trailing = false
		}
	}
}

// visualOrder applies rule L2 to one line: from the highest level down to
// the lowest odd level, every maximal sequence at that level or higher is
// reversed. It returns the indices of levels in visual order, left to
// right, reusing order's storage.
func visualOrder(levels []bidi.Level, order []int) []int {
	order = order[:0]
	var hi bidi.Level
	lowOdd := bidi.Level(127)
	for i, l := range levels {
		order = append(order, i)
		if l > hi {
			hi = l
		}
		if l%2 == 1 && l < lowOdd {
			lowOdd = l
		}
	}
	for lvl := hi; lvl >= lowOdd && lvl > 0; lvl-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}

// Visual returns the characters of s (one line) in the order they are
// seen, left to right, laid out as a paragraph in direction dir
// (DirectionAuto: from its first strong character), with brackets at odd
// levels mirrored. It is the project's reordering as a string, for tests
// that check what another renderer will show.
func Visual(s string, dir Direction) string {
	text := []rune(s)
	var lr levelResolver
	levels, base := lr.resolve(text, dir.bidi(), nil)
	applyL1(levels, func(i int) xbidi.Class { return bidiClass(text[i]) }, base)
	out := make([]rune, 0, len(text))
	for _, i := range visualOrder(levels, nil) {
		r := text[i]
		if levels[i]%2 == 1 {
			r = Mirror(r)
		}
		out = append(out, r)
	}
	return string(out)
}

// Mirror returns r's mirror image if it is one of the paired brackets
// and quotation marks UI strings use (Bidi_Mirroring_Glyph), else r: for
// Visual, and for strings another renderer draws (shaping mirrors
// glyphs itself).
func Mirror(r rune) rune {
	if m, ok := mirrored[r]; ok {
		return m
	}
	return r
}

// mirrored is Mirror's table.
var mirrored = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{',
	'<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹',
}
