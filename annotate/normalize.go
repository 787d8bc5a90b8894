package annotate

import (
	"strings"
	"unicode"

	unorm "golang.org/x/text/unicode/norm"
)

// Arabic news text spells one word many ways: with or without harakat and
// hamza seats, stretched with tatweel, broken by stray dots that defeat
// search engines ("جـ.رائم"), with Arabic-Indic or ASCII digits and
// invisible direction marks. Normalize folds those differences away for
// matching; it is never applied to stored text, and its map leads every
// match back to the original characters to highlight.

// NormMap leads offsets in a normalised text back to the original text
// (both in code points). It also keeps the normalised text so that one
// document can be searched many times without normalising it again.
// A NormMap is immutable and safe for concurrent use.
type NormMap struct {
	norm    string
	origLen int
	// start[k] and end[k] are the original range that normalised code
	// point k came from; end includes the harakat that were attached to
	// it and deleted.
	start, end []int32
}

// Normalize returns s folded for matching, and the map back to s. In
// order, it:
//
//   - puts s in NFC;
//   - deletes harakat (U+064B–U+0652), the dagger alif (U+0670), Quranic
//     marks (U+0653–U+065F), tatweel (U+0640) and invisible format
//     characters (U+200B–U+200F, U+061C, U+202A–U+202E, U+2066–U+2069,
//     U+FEFF, U+00AD; ZWNJ and ZWJ are among them, so an emoji ZWJ
//     sequence matches its parts too);
//   - folds أ إ آ ٱ to ا, ى to ي and ة to ه;
//   - turns Arabic-Indic (U+0660–U+0669) and Persian (U+06F0–U+06F9)
//     digits into ASCII digits;
//   - lower-cases every other letter (simple case mapping, one code point
//     to one), so that search ignores the case of Latin names;
//   - deletes a '.' whose nearest kept neighbours on both sides are
//     Arabic letters ("جـ.رائم" → "جرائم"); two dots in a row are kept.
func Normalize(s string) (norm string, m *NormMap) {
	type kept struct {
		r    rune
		a, b int // original range
	}
	var ks []kept
	attached := false // the last original code point was kept, or a deleted mark after one
	// emit takes one code point of the NFC text, which came from the
	// original range [a, b).
	emit := func(r rune, a, b int) {
		switch f, del := foldRune(r); {
		case !del:
			ks = append(ks, kept{f, a, b})
			attached = true
		case attached && unicode.Is(unicode.Mn, r):
			// A deleted mark stays with its letter, so that a highlight
			// never cuts a letter from its harakat.
			ks[len(ks)-1].b = max(ks[len(ks)-1].b, b)
		default:
			attached = false
		}
	}
	cp := 0
	if unorm.NFC.IsNormalString(s) {
		// Stored text is frozen, hence NFC: skip the segment alignment.
		for _, r := range s {
			emit(r, cp, cp+1)
			cp++
		}
	} else {
		nfcSegments(s, func(in, seg string) {
			ir, or := []rune(in), []rune(seg)
			p, q := len(ir), 0
			if in != seg {
				p, q = commonEnds(ir, or)
			}
			// Output code point k came from the original code point at
			// the same place in the common start or end, or else from
			// the whole merged middle.
			for k, r := range or {
				switch {
				case k < p:
					emit(r, cp+k, cp+k+1)
				case k >= len(or)-q:
					a := cp + len(ir) - (len(or) - k)
					emit(r, a, a+1)
				default:
					emit(r, cp+p, cp+len(ir)-q)
				}
			}
			cp += len(ir)
		})
	}
	m = &NormMap{origLen: cp, start: make([]int32, 0, len(ks)), end: make([]int32, 0, len(ks))}
	var out strings.Builder
	out.Grow(len(s))
	for i, k := range ks {
		if k.r == '.' && i > 0 && i+1 < len(ks) && isArabicLetter(ks[i-1].r) && isArabicLetter(ks[i+1].r) {
			continue
		}
		out.WriteRune(k.r)
		m.start = append(m.start, int32(k.a))
		m.end = append(m.end, int32(k.b))
	}
	m.norm = out.String()
	return m.norm, m
}

// NormalizeText returns what Normalize returns as its text, without
// building the map back: a search index folds every text it stores and
// needs no offsets, and the map is most of Normalize's cost.
func NormalizeText(s string) string {
	// Stored texts are frozen, and IsFrozen is the faster NFC check.
	if !IsFrozen(s) {
		norm, _ := Normalize(s)
		return norm
	}
	kept := make([]rune, 0, len(s)/2+1) // Arabic letters are two bytes
	for _, r := range s {
		if f, del := foldRune(r); !del {
			kept = append(kept, f)
		}
	}
	var out strings.Builder
	out.Grow(len(s))
	for i, r := range kept {
		if r == '.' && i > 0 && i+1 < len(kept) && isArabicLetter(kept[i-1]) && isArabicLetter(kept[i+1]) {
			continue
		}
		out.WriteRune(r)
	}
	return out.String()
}

// foldRune returns what r becomes in a normalised text, or del=true when
// it is deleted.
func foldRune(r rune) (f rune, del bool) {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == tatweel,
		r >= 0x200B && r <= 0x200F, r == 0x061C, r >= 0x202A && r <= 0x202E,
		r >= 0x2066 && r <= 0x2069, r == 0xFEFF, r == 0x00AD:
		return 0, true
	case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ':
		return 'ا', false
	case r == 'ى':
		return 'ي', false
	case r == 'ة':
		return 'ه', false
	case r >= 0x0660 && r <= 0x0669:
		return '0' + r - 0x0660, false
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + r - 0x06F0, false
	}
	return unicode.ToLower(r), false
}

// Len returns the length of the normalised text in code points.
func (m *NormMap) Len() int { return len(m.start) }

// Text returns the normalised text.
func (m *NormMap) Text() string { return m.norm }

// Original returns the range of the original text, in code points, that a
// range [i, j) of the normalised text came from. It starts at the first
// original character of the match, so deleted characters before it
// (tatweel, a direction mark) are left out, and it ends after the last
// one together with the harakat attached to it, so a highlight never
// separates a letter from its marks; deleted format characters after
// those are left out. An empty range gives an empty range where it
// starts. i and j are clamped to [0, Len()].
func (m *NormMap) Original(i, j int) (start, end int) {
	n := len(m.start)
	i, j = max(0, min(i, n)), max(0, min(j, n))
	if i >= j {
		if i == n {
			return m.origLen, m.origLen
		}
		return int(m.start[i]), int(m.start[i])
	}
	return int(m.start[i]), int(m.end[j-1])
}

// Search returns the original ranges (code points, end exclusive) of
// every non-overlapping match of query in the text m was made from, both
// normalised with Normalize, from left to right. A query that normalises
// to nothing matches nothing.
func (m *NormMap) Search(query string) [][2]int {
	q, _ := Normalize(query)
	if q == "" {
		return nil
	}
	var hits [][2]int
	qn := RuneLen(q)
	cp, at := 0, 0 // code point and byte offset of m.norm[at:]
	for {
		k := strings.Index(m.norm[at:], q)
		if k < 0 {
			return hits
		}
		cp += RuneLen(m.norm[at : at+k])
		s, e := m.Original(cp, cp+qn)
		hits = append(hits, [2]int{s, e})
		cp += qn
		at += k + len(q)
	}
}

// Search returns the ranges of text (code points, end exclusive) that
// match query once both are normalised (see Normalize): "الاسد" finds
// "الأسد", "جرائم" finds "جـ.رائم". To search one text many times, keep
// the NormMap of Normalize(text) and call its Search method.
func Search(text, query string) [][2]int {
	_, m := Normalize(text)
	return m.Search(query)
}
