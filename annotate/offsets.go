package annotate

import (
	"slices"
	"sort"
	"unicode/utf8"
)

// The model counts code points; the edges of the program do not. Fyne's
// text widgets, Go strings and most file formats count UTF-8 bytes, and
// JavaScript-based tools and some dataset formats count UTF-16 code
// units. These conversions are the only place the three units meet.
// Invalid UTF-8 counts the way Go's range loop reads it: each bad byte is
// one code point (U+FFFD), one UTF-16 unit.

// RuneLen returns the length of s in code points, the unit of every offset
// in the model (Python's len(str)).
func RuneLen(s string) int {
	// A text has no more code points than bytes, so advancing len(s)
	// code points always reaches its end. AdvanceCodePoints counts
	// Arabic several times faster than utf8.RuneCountInString, and
	// imports and exports count every document.
	_, short := AdvanceCodePoints(s, 0, len(s))
	return len(s) - short
}

// Slice returns s[start:end] with start and end in code points. It is for
// ranges already validated (see Span.Validate); out-of-range values are
// clamped to the text rather than panicking, so a bug shows as a wrong
// highlight instead of a crash. Use SliceChecked when the range comes
// from outside.
func Slice(s string, start, end int) string {
	start = max(start, 0)
	b0 := CodePointToByte(s, start)
	if end <= start {
		return ""
	}
	b1, _ := AdvanceCodePoints(s, b0, end-start)
	return s[b0:b1]
}

// SliceAll is Slice for many ranges of one text, walking the text once
// rather than once per range: an import slices every span of every
// document it reads. Ranges are clamped as Slice clamps them.
func SliceAll(s string, ranges [][2]int) []string {
	cps := make([]int, 0, 2*len(ranges))
	for _, r := range ranges {
		cps = append(cps, max(r[0], 0), max(r[1], 0))
	}
	slices.Sort(cps)
	cps = slices.Compact(cps)
	offs := make([]int, len(cps)) // byte offsets of cps
	at, b := 0, 0
	for i, cp := range cps {
		b, _ = AdvanceCodePoints(s, b, cp-at)
		at, offs[i] = cp, b
	}
	byteOf := func(cp int) int {
		i, _ := slices.BinarySearch(cps, max(cp, 0))
		return offs[i]
	}
	out := make([]string, len(ranges))
	for i, r := range ranges {
		if r[1] > r[0] {
			out[i] = s[byteOf(r[0]):byteOf(r[1])]
		}
	}
	return out
}

// SliceChecked returns s[start:end] in code points, or an *Error when the
// range does not lie within s.
func SliceChecked(s string, start, end int) (string, error) {
	if err := checkRange(start, end, RuneLen(s)); err != nil {
		return "", err
	}
	return Slice(s, start, end), nil
}

// checkRange reports why [start, end) does not lie within a text of n
// code points. An empty range is fine here; callers that need text check
// for that themselves.
func checkRange(start, end, n int) error {
	switch {
	case start < 0:
		return Errorf(ECodeOutOfRange, "Start offset %d is negative; offsets count code points from 0.", start)
	case end < start:
		return Errorf(ECodeEndBefore, "End offset %d is before start offset %d.", end, start)
	case end > n:
		return Errorf(ECodeOutOfRange, "End offset %d is past the end of the text, which has %d characters.", end, n)
	}
	return nil
}

// CodePointToByte returns the UTF-8 byte offset of code point offset cp in
// s. cp is clamped to [0, RuneLen(s)].
func CodePointToByte(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	b, _ := AdvanceCodePoints(s, 0, cp)
	return b
}

// AdvanceCodePoints returns the byte offset k code points after byte
// offset i in s, or len(s) and how many code points short of k the text
// ended. It reads as Go's range loop does (each byte of invalid UTF-8 is
// one code point), but decodes ASCII and two-byte sequences (Arabic,
// Hebrew, Greek, Cyrillic) itself: walking through articles is most of
// what imports and exports do with offsets, and the range loop calls a
// function for every Arabic letter. Callers that walk one text forward
// through many offsets pass where they stopped, so the text is read once.
func AdvanceCodePoints(s string, i, k int) (to, short int) {
	for ; k > 0 && i < len(s); k-- {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
	}
	return i, k
}

// ByteToCodePoint returns the code point offset of UTF-8 byte offset b in
// s, or an *Error when b is outside s or falls inside a multi-byte
// character.
func ByteToCodePoint(s string, b int) (int, error) {
	if b < 0 || b > len(s) {
		return 0, Errorf(ECodeOutOfRange, "Byte offset %d is outside the text, which has %d bytes.", b, len(s))
	}
	n := 0
	for i := range s {
		if i == b {
			return n, nil
		}
		if i > b {
			return 0, insideChar("Byte", b)
		}
		n++
	}
	if b != len(s) {
		return 0, insideChar("Byte", b)
	}
	return n, nil
}

// CodePointToUTF16 returns the UTF-16 code unit offset of code point
// offset cp in s. cp is clamped to [0, RuneLen(s)].
func CodePointToUTF16(s string, cp int) int {
	u, n := 0, 0
	for _, r := range s {
		if n >= cp {
			break
		}
		u += utf16Len(r)
		n++
	}
	return u
}

// UTF16ToCodePoint returns the code point offset of UTF-16 code unit
// offset u in s, or an *Error when u is outside s or falls between the two
// halves of a surrogate pair (an emoji such as 👍 is one code point but two
// UTF-16 units).
func UTF16ToCodePoint(s string, u int) (int, error) {
	if u < 0 {
		return 0, Errorf(ECodeOutOfRange, "UTF-16 offset %d is negative.", u)
	}
	at, n := 0, 0
	for _, r := range s {
		if at == u {
			return n, nil
		}
		if at > u {
			return 0, insideChar("UTF-16", u)
		}
		at += utf16Len(r)
		n++
	}
	if at == u {
		return n, nil
	}
	if at > u {
		return 0, insideChar("UTF-16", u)
	}
	return 0, Errorf(ECodeOutOfRange, "UTF-16 offset %d is past the end of the text, which has %d UTF-16 units.", u, at)
}

func insideChar(unit string, off int) error {
	return Errorf(ECodeOutOfRange, "%s offset %d falls inside a character; offsets must fall between characters.", unit, off)
}

// utf16Len is the number of UTF-16 units r takes; invalid runes become
// U+FFFD, one unit, as utf16.Encode does.
func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// OffsetIndex converts offsets in one text quickly: building it costs one
// pass over the text, then code point to byte or UTF-16 is O(1) and the
// reverse is O(log n). Exports and imports convert many offsets per
// document, where the plain functions would rescan the text each time.
// An OffsetIndex is immutable and safe for concurrent use.
type OffsetIndex struct {
	s string
	// bytes[cp] and utf16[cp] are the byte and UTF-16 offsets of code
	// point offset cp, for cp in [0, n]; nil when s is ASCII, where all
	// three units coincide.
	bytes []int32
	utf16 []int32
	n     int
}

// NewOffsetIndex indexes s. Texts must be shorter than 2 GiB.
func NewOffsetIndex(s string) *OffsetIndex {
	ix := &OffsetIndex{s: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		ix.n = len(s)
		return ix
	}
	n := RuneLen(s)
	ix.n = n
	ix.bytes = make([]int32, n+1)
	ix.utf16 = make([]int32, n+1)
	cp, u := 0, 0
	for i, r := range s {
		ix.bytes[cp] = int32(i)
		ix.utf16[cp] = int32(u)
		u += utf16Len(r)
		cp++
	}
	ix.bytes[n] = int32(len(s))
	ix.utf16[n] = int32(u)
	return ix
}

// Len returns the length of the text in code points.
func (ix *OffsetIndex) Len() int { return ix.n }

// UTF16Len returns the length of the text in UTF-16 code units.
func (ix *OffsetIndex) UTF16Len() int {
	if ix.utf16 == nil {
		return ix.n
	}
	return int(ix.utf16[ix.n])
}

func (ix *OffsetIndex) clamp(cp int) int { return max(0, min(cp, ix.n)) }

// CodePointToByte is CodePointToByte for the indexed text; cp is clamped.
func (ix *OffsetIndex) CodePointToByte(cp int) int {
	cp = ix.clamp(cp)
	if ix.bytes == nil {
		return cp
	}
	return int(ix.bytes[cp])
}

// CodePointToUTF16 is CodePointToUTF16 for the indexed text; cp is clamped.
func (ix *OffsetIndex) CodePointToUTF16(cp int) int {
	cp = ix.clamp(cp)
	if ix.utf16 == nil {
		return cp
	}
	return int(ix.utf16[cp])
}

// ByteToCodePoint is ByteToCodePoint for the indexed text.
func (ix *OffsetIndex) ByteToCodePoint(b int) (int, error) {
	if b < 0 || b > len(ix.s) {
		return 0, Errorf(ECodeOutOfRange, "Byte offset %d is outside the text, which has %d bytes.", b, len(ix.s))
	}
	if ix.bytes == nil {
		return b, nil
	}
	return search32(ix.bytes, b, "Byte")
}

// UTF16ToCodePoint is UTF16ToCodePoint for the indexed text.
func (ix *OffsetIndex) UTF16ToCodePoint(u int) (int, error) {
	if u < 0 || u > ix.UTF16Len() {
		return 0, Errorf(ECodeOutOfRange, "UTF-16 offset %d is outside the text, which has %d UTF-16 units.", u, ix.UTF16Len())
	}
	if ix.utf16 == nil {
		return u, nil
	}
	return search32(ix.utf16, u, "UTF-16")
}

// search32 finds v in the ascending table a, whose index is the code point
// offset; a value between two entries lies inside a character.
func search32(a []int32, v int, unit string) (int, error) {
	i := sort.Search(len(a), func(i int) bool { return int(a[i]) >= v })
	if i == len(a) || int(a[i]) != v {
		return 0, insideChar(unit, v)
	}
	return i, nil
}

// Slice returns text[start:end] in code points, clamped like Slice.
func (ix *OffsetIndex) Slice(start, end int) string {
	b0, b1 := ix.CodePointToByte(start), ix.CodePointToByte(end)
	if b1 < b0 {
		return ""
	}
	return ix.s[b0:b1]
}

// SliceChecked returns text[start:end] in code points, or an *Error when
// the range does not lie within the text.
func (ix *OffsetIndex) SliceChecked(start, end int) (string, error) {
	if err := checkRange(start, end, ix.n); err != nil {
		return "", err
	}
	return ix.Slice(start, end), nil
}

// TextCursor cuts one text at code point offsets, walking on from the
// last start it found rather than from the text's start: offsets asked
// for in text order, as an import's spans mostly are, cost one pass over
// the text in all, with nothing to allocate. A start before the last one
// walks from the text's start again. The zero TextCursor cuts "".
type TextCursor struct {
	s     string
	cp, b int // code point cp starts at byte b
}

// NewTextCursor returns a cursor at the start of s.
func NewTextCursor(s string) TextCursor { return TextCursor{s: s} }

// Slice returns the code points [start, end) of the text, or the error
// SliceChecked gives for a range outside it.
func (c *TextCursor) Slice(start, end int) (string, error) {
	if start < 0 || end < start {
		return "", checkRange(start, end, 0)
	}
	if start < c.cp {
		c.cp, c.b = 0, 0
	}
	from, short := AdvanceCodePoints(c.s, c.b, start-c.cp)
	if short > 0 {
		return "", checkRange(start, end, RuneLen(c.s))
	}
	c.cp, c.b = start, from
	to, short := AdvanceCodePoints(c.s, from, end-start)
	if short > 0 {
		return "", checkRange(start, end, RuneLen(c.s))
	}
	return c.s[from:to], nil
}
