package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A document's text is frozen once, when it is imported: line endings
// become LF and the text is put in Unicode NFC. Offsets are only stable if
// the text never changes afterwards, and two copies of an article that
// differ only in CRLF or in how "آ" was encoded must hash and compare
// equal.

// FreezeText returns s with CRLF and lone CR turned into LF, then in NFC.
// It is idempotent: FreezeText(FreezeText(s)) == FreezeText(s).
func FreezeText(s string) string {
	if IsFrozen(s) {
		return s
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return norm.NFC.String(s)
}

// IsFrozen reports whether s is valid UTF-8 and frozen already:
// FreezeText(s) == s. It is the check storage runs on every document, so
// it is fast on the common case. It runs the quick check of UAX #15 on a table
// of the code points below U+0800, built from the norm package's own
// data: a segment (a starter and the marks after it) made only of such
// code points that are NFC_Quick_Check=Yes, with its marks in canonical
// order, is normalised. Any other segment (a mark that may compose, a
// presentation form, an emoji...) goes through norm.NFC.IsNormalString;
// NFC is decided segment by segment, so checking the segments checks the
// text.
func IsFrozen(s string) bool {
	_, ok := FrozenLen(s)
	return ok
}

// FrozenLen is IsFrozen that also counts the code points of s on the
// way (when s is frozen; otherwise the count is meaningless): importing a
// document needs both, and one pass over an article is half the work of
// two.
func FrozenLen(s string) (n int, frozen bool) {
	if strings.IndexByte(s, '\r') >= 0 {
		return 0, false
	}
	qc := quickRunes()
	seg := 0       // byte offset where the current segment starts
	dirty := false // the segment needs norm's own check
	var lastCC uint8
	marks := 0 // marks since the segment's starter
	for i := 0; i < len(s); n++ {
		// ASCII letters are starters, and two-byte sequences (up to
		// U+07FF: Arabic, Hebrew, Greek, Cyrillic, Latin with
		// diacritics) are decoded here rather than by utf8: they are
		// nearly all of a news article.
		c := s[i]
		if c < utf8.RuneSelf {
			if dirty && !norm.NFC.IsNormalString(s[seg:i]) {
				return 0, false
			}
			seg, dirty, lastCC, marks = i, false, 0, 0
			i++
			continue
		}
		var r rune
		w := 2
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r = rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
		} else if r, w = utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && w == 1 {
			return 0, false
		}
		k := uint8(quickUnknown)
		if r < quickLimit {
			k = qc[r]
		}
		switch {
		case k == quickStarter:
			if dirty && !norm.NFC.IsNormalString(s[seg:i]) {
				return 0, false
			}
			seg, dirty, lastCC, marks = i, false, 0, 0
		case k == quickUnknown:
			dirty = true
		default: // a mark of combining class k
			marks++
			// Marks out of order, or so many that NFC would insert a
			// grapheme joiner (the stream-safe format): norm decides.
			if k < lastCC || marks >= 30 {
				dirty = true
			}
			lastCC = k
		}
		i += w
	}
	if dirty && !norm.NFC.IsNormalString(s[seg:]) {
		return 0, false
	}
	return n, true
}

// quickLimit bounds the table of IsFrozen: Latin, Greek, Cyrillic, Hebrew
// and Arabic.
const quickLimit = 0x800

// Entries of quickRunes: other values are a mark's combining class.
const (
	quickUnknown = 0   // ask norm
	quickStarter = 255 // combining class 0 and NFC_Quick_Check=Yes
)

// quickRunes classifies the code points below quickLimit for IsFrozen. A
// code point is NFC_Quick_Check=Yes when norm's quick span covers it
// alone (a No or Maybe one, which may compose with what precedes it,
// stops the span).
var quickRunes = sync.OnceValue(func() *[quickLimit]uint8 {
	var t [quickLimit]uint8
	for r := range rune(quickLimit) {
		s := string(r)
		if !utf8.ValidRune(r) || norm.NFC.QuickSpanString(s) != len(s) {
			continue
		}
		switch p := norm.NFC.PropertiesString(s); {
		case p.CCC() == 0 && p.BoundaryBefore():
			t[r] = quickStarter
		case p.CCC() > 0 && p.CCC() < quickStarter && p.LeadCCC() == p.CCC():
			t[r] = p.CCC()
		}
	}
	return &t
})

// Freeze is FreezeText that also says where each offset of s went, so that
// spans given against the original text (an import with CRLF or decomposed
// characters) can be moved onto the frozen text with m.MapSpan; a span
// boundary between CR and LF, or inside a sequence NFC composed into one
// character, widens to the boundary enclosing it (see OffsetMap). For
// valid UTF-8, frozen
// equals FreezeText(s); on invalid UTF-8 the two may normalise the text
// after a bad byte differently, which does not matter as Document.Validate
// refuses such text.
func Freeze(s string) (frozen string, m *OffsetMap) {
	if n, ok := FrozenLen(s); ok {
		return s, identityMap(n)
	}
	var b mapBuilder
	var lf strings.Builder
	lf.Grow(len(s))
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '\r')
		if j < 0 {
			b.keep(RuneLen(s[i:]))
			lf.WriteString(s[i:])
			break
		}
		b.keep(RuneLen(s[i : i+j]))
		lf.WriteString(s[i : i+j])
		lf.WriteByte('\n')
		i += j + 1
		if i < len(s) && s[i] == '\n' {
			b.merge(2, 1)
			i++
		} else {
			b.keep(1)
		}
	}
	m = b.build()
	frozen, nfc := nfcMap(lf.String())
	return frozen, m.Then(nfc)
}

// nfcMap puts s in NFC and maps its offsets. NFC works one segment (a
// starter and the marks that follow it) at a time; within a segment that
// changed, the code points common to the start or the end of both sides
// keep their offsets and the rest is one merged block.
func nfcMap(s string) (string, *OffsetMap) {
	if norm.NFC.IsNormalString(s) {
		return s, identityMap(RuneLen(s))
	}
	var b mapBuilder
	out := nfcSegments(s, func(in, seg string) {
		if seg == in {
			b.keep(RuneLen(in))
			return
		}
		ir, or := []rune(in), []rune(seg)
		p, q := commonEnds(ir, or)
		b.keep(p)
		b.merge(len(ir)-p-q, len(or)-p-q)
		b.keep(q)
	})
	return out, b.build()
}

// nfcSegments puts s in NFC and calls fn with each piece of input and
// the output it became, in order; the pieces cover s. A piece's output
// may be empty (never in practice) and its input is never empty except
// for output NFC adds at the very end.
func nfcSegments(s string, fn func(in, out string)) string {
	var out strings.Builder
	out.Grow(len(s))
	var it norm.Iter
	it.InitString(norm.NFC, s)
	// The iterator may emit output before consuming the input it comes
	// from (a decomposition such as U+0F93 → U+0F92 U+0FB7 is returned
	// in two pieces, the first with no input); such output is held and
	// counted with the next segment that consumes input.
	var pending []byte
	for !it.Done() {
		p0 := it.Pos()
		pending = append(pending, it.Next()...)
		if it.Pos() == p0 {
			continue
		}
		out.Write(pending)
		fn(s[p0:it.Pos()], string(pending))
		pending = pending[:0]
	}
	if len(pending) > 0 {
		out.Write(pending)
		fn("", string(pending))
	}
	return out.String()
}

// commonEnds returns how many code points a and b share at their start
// (p) and, in what remains, at their end (q).
func commonEnds(a, b []rune) (p, q int) {
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	return p, q
}

// HashText returns the hex SHA-256 of text's UTF-8 bytes: the
// Document.InputHash that tells two imports of the same article apart
// from two different articles.
func HashText(text string) string {
	// Writing the string, not []byte(text), spares a copy of the text.
	h := sha256.New()
	io.WriteString(h, text)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// maxTitle is the longest title in code points, "…" included; longer
// first lines are cut so lists stay readable.
const maxTitle = 120

// Title returns a short name for a document: its first non-blank line,
// trimmed, cut to 120 code points with a final "…" when longer. It
// returns "" for a blank text.
func Title(text string) string {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) <= maxTitle {
			return line
		}
		cut := CodePointToByte(line, maxTitle-1)
		return strings.TrimSpace(line[:cut]) + "…"
	}
	return ""
}

// StripLines removes every line of s that matches one of patterns, with
// the line's LF, and says where offsets went and which ranges of s (code
// points, end exclusive) were removed. A line matches when, after trimming
// white space from both ends, it starts with a pattern (so equal lines
// match too); patterns are trimmed the same way and blank ones are
// ignored, so a blank line never matches. This is for boilerplate such as
// "Share this article" or "اقرأ أيضاً:" lines, which vary at their end.
// Matching is exact (no normalisation): freeze s and the patterns first.
//
// Spans inside a removed line cannot be kept: m.MapSpan returns ok=false
// for them, and m.Map returns ok=false for an offset strictly inside
// removed text.
func StripLines(s string, patterns []string) (stripped string, m *OffsetMap, removed [][2]int) {
	var pats []string
	for _, p := range patterns {
		if p = strings.TrimSpace(p); p != "" {
			pats = append(pats, p)
		}
	}
	var b mapBuilder
	var out strings.Builder
	cp := 0
	for line := range strings.Lines(s) {
		n := RuneLen(line)
		t := strings.TrimSpace(line)
		hit := false
		for _, p := range pats {
			if strings.HasPrefix(t, p) {
				hit = true
				break
			}
		}
		if hit {
			b.drop(n)
			removed = append(removed, [2]int{cp, cp + n})
		} else {
			b.keep(n)
			out.WriteString(line)
		}
		cp += n
	}
	if removed == nil {
		return s, identityMap(cp), nil
	}
	return out.String(), b.build(), removed
}
