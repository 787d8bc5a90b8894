package annotate

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// A selection made with the mouse or Shift+Arrow easily takes the space
// before a word, or an invisible direction mark that Arabic editors put
// around Latin words and numbers. Such a span looks right in the window
// but its text in every export starts with a space, so spans are trimmed
// when they are made from a selection, and storage refuses one that still
// has such an edge.

// IsSpanEdgeJunk reports whether r may not start or end a span: white
// space (Unicode White_Space), and the invisible format characters that
// only steer direction or breaking: LRM, RLM, ALM, the embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069), the zero-width
// space U+200B and the byte order mark U+FEFF. ZWNJ and ZWJ are not among
// them: they are part of how some words are spelt.
func IsSpanEdgeJunk(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	switch {
	case r == 0x200B, r == 0x200E, r == 0x200F, r == 0x061C, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// TrimSpan narrows the code point range [start, end) of text so that it
// neither starts nor ends with a character IsSpanEdgeJunk matches. It
// returns start == end when the range holds nothing else. The range is
// first clamped to the text (a selection past its end is cut there).
func TrimSpan(text string, start, end int) (int, int) {
	if start > end {
		start, end = end, start
	}
	start = max(start, 0)
	end = max(end, start)
	from, short := AdvanceCodePoints(text, 0, start)
	start -= short
	end -= short
	to, short := AdvanceCodePoints(text, from, end-start)
	end -= short
	seg := text[from:to]
	for seg != "" {
		r, n := utf8.DecodeRuneInString(seg)
		if !IsSpanEdgeJunk(r) {
			break
		}
		seg = seg[n:]
		start++
	}
	for seg != "" {
		r, n := utf8.DecodeLastRuneInString(seg)
		if !IsSpanEdgeJunk(r) {
			break
		}
		seg = seg[:len(seg)-n]
		end--
	}
	if seg == "" {
		return start, start
	}
	return start, end
}

// edgeSpace reports the first junk character at an edge of s, and which
// edge it is on.
func edgeSpace(s string) (rune, string, bool) {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && IsSpanEdgeJunk(r) {
		return r, "starts", true
	}
	if r, _ := utf8.DecodeLastRuneInString(s); s != "" && IsSpanEdgeJunk(r) {
		return r, "ends", true
	}
	return 0, "", false
}

// runeName names a junk character for a sentence.
func runeName(r rune) string {
	switch r {
	case ' ':
		return "a space"
	case '\n':
		return "a line break"
	case '\t':
		return "a tab"
	case 0x00A0:
		return "a no-break space"
	case 0x200E:
		return "a left-to-right mark (U+200E)"
	case 0x200F:
		return "a right-to-left mark (U+200F)"
	case 0x061C:
		return "an Arabic letter mark (U+061C)"
	}
	if unicode.IsSpace(r) {
		return fmt.Sprintf("white space (U+%04X)", r)
	}
	return fmt.Sprintf("an invisible mark (U+%04X)", r)
}
