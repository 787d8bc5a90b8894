package annotate

import (
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Tokens are what selections snap to. Words come from the Unicode word
// boundary rules (UAX #29) as implemented by uniseg; they already keep
// Arabic words whole across tatweel (Word_Break ALetter) and across a '.'
// between letters (MidNumLet, rules WB6/WB7), so "جـ.رائم" is one token
// with no Arabic-specific code. The same rules also join "قال.وأضاف" when
// a writer left out the space after a full stop; such a token still
// contains both words for search, and a span may be drawn freely by
// characters where a token is too coarse.

const tatweel = '\u0640'

// Tokenize splits text into the units a selection snaps to, with code
// point offsets. A word (a run with letters, digits or marks: "الأسد",
// "2020", "7.5", "don't") is one token; each punctuation mark, symbol or
// emoji (one grapheme cluster: "👨‍👩‍👧" stays whole) is a token of its own
// so that it can be selected; white space and invisible format
// characters (RLM, ZWSP, soft hyphen...) at the ends of a word are never
// part of a token. Tokens are in text order, never overlap and never
// split a grapheme cluster.
//
// Arabic words with a proclitic get Breaks, optional boundaries a span
// may start at (see proclitics).
func Tokenize(text string) []Token {
	tokens := make([]Token, 0, len(text)/6)
	// Words end only where a grapheme cluster ends, even where the word
	// rules alone would cut a cluster (a prepended mark such as U+0602):
	// a word boundary inside a cluster is dropped, as uniseg.Step does.
	// The word and cluster boundaries are found separately because
	// uniseg.StepString also runs the sentence and line rules, which
	// cost more than both put together.
	var word []cluster
	kt := kinds()
	wstate, wend := -1, 0 // the next word boundary, a byte offset
	wrest := text
	cp := 0
	for at := 0; at < len(text); {
		g := nextCluster(text[at:])
		c := newCluster(g, cp, kt)
		at += len(g)
		cp = c.end
		word = append(word, c)
		for wend < at && len(wrest) > 0 {
			if n := plainWord(text, wend); n > 0 {
				// The rules hold no state across a space: go on afresh
				// at the space that ends the word.
				wend += n
				wrest, wstate = text[wend:], -1
				continue
			}
			var w string
			w, wrest, wstate = uniseg.FirstWordInString(wrest, wstate)
			wend += len(w)
		}
		if wend == at {
			tokens = appendWord(tokens, word)
			word = word[:0]
		}
	}
	return tokens
}

// plainWord returns the length in bytes of the word at text[at:] when it
// is a plain one, or 0: one that follows a space (U+0020) and runs up to
// the next space or the end of the text, made of letters, digits and
// connectors (Word_Break ALetter, Hebrew_Letter, Numeric, ExtendNumLet)
// with marks or format characters after them, such as "الائتلاف" or
// "مُحَمَّدٌ" in "قال مُحَمَّدٌ في". UAX #29 puts a boundary before
// and after such a run and none inside it (rules WB4, WB5, WB8-WB10,
// WB13a/b), and no rule looks across the space, so uniseg need not
// walk it.
func plainWord(text string, at int) int {
	if at == 0 || text[at-1] != ' ' {
		return 0
	}
	t := wordRunes()
	for i := at; i < len(text); {
		if text[i] == ' ' {
			return i - at
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if r >= plainLimit {
			return 0
		}
		switch k := t[r]; {
		case k == wordJoins:
		case k == wordAttaches && i > at:
		default:
			return 0
		}
		i += n
	}
	return len(text) - at
}

// Entries of wordRunes.
const (
	wordOther    = iota
	wordJoins    // ALetter, Hebrew_Letter, Numeric or ExtendNumLet
	wordAttaches // Extend, Format or ZWJ: part of what precedes it
)

// wordRunes classifies the code points below plainLimit by uniseg's own
// word rules: a code point that stays in one word with "a" on either
// side but not after a space joins words; one that also stays with a
// space before it attaches to what precedes it (rule WB4).
var wordRunes = sync.OnceValue(func() *[plainLimit]uint8 {
	var t [plainLimit]uint8
	whole := func(s string) bool {
		w, _, _ := uniseg.FirstWordInString(s, -1)
		return len(w) == len(s)
	}
	for r := rune(0); r < plainLimit; r++ {
		s := string(r)
		if r == ' ' || !utf8.ValidRune(r) || !whole("a"+s) || !whole(s+"a") {
			continue
		}
		if whole(" " + s) {
			t[r] = wordAttaches
		} else {
			t[r] = wordJoins
		}
	}
	return &t
})

// nextCluster returns the grapheme cluster s starts with. Between two
// plain code points (see plainRunes) there is always a cluster boundary,
// which settles most of a text without uniseg's state machine.
func nextCluster(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == len(s) {
		return s
	}
	if r < plainLimit && plainRunes()[r] {
		if r2, _ := utf8.DecodeRuneInString(s[n:]); r2 < plainLimit && plainRunes()[r2] {
			return s[:n]
		}
	}
	// A cluster boundary resets the rules' state, so the cluster starting
	// here is the same whether or not uniseg saw the text before it.
	g, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return g
}

// plainLimit bounds the code points plainRunes covers: Latin, Greek,
// Cyrillic, Hebrew and Arabic, the scripts of most news text.
const plainLimit = 0x800

// plainRunes says which code points below plainLimit are plain: their
// Grapheme_Cluster_Break property is one that never joins a neighbour
// except through a code point that is not plain (Other, Control, LF, LV,
// LVT, Extended_Pictographic). It is derived from uniseg's own rules, so
// it follows the Unicode version uniseg implements: a code point is plain
// when uniseg breaks between it and "a" on either side and between it and
// itself (which rules out Extend, SpacingMark, ZWJ, Prepend, Hangul L, V,
// T and Regional_Indicator). CR is not plain: it joins LF, which is.
var plainRunes = sync.OnceValue(func() *[plainLimit]bool {
	var t [plainLimit]bool
	splits := func(a, b string) bool {
		g, _, _, _ := uniseg.FirstGraphemeClusterInString(a+b, -1)
		return len(g) == len(a)
	}
	for r := rune(0); r < plainLimit; r++ {
		s := string(r)
		t[r] = r != '\r' && utf8.ValidRune(r) && splits("a", s) && splits(s, "a") && splits(s, s)
	}
	return &t
})

// appendWord adds the tokens of one UAX #29 word segment.
func appendWord(tokens []Token, clusters []cluster) []Token {
	// Trim blank clusters from both ends; what is left is a word or a
	// run of punctuation and symbols.
	i, j := 0, len(clusters)
	for i < j && clusters[i].blank {
		i++
	}
	for j > i && clusters[j-1].blank {
		j--
	}
	if i == j {
		return tokens
	}
	for _, c := range clusters[i:j] {
		if c.wordy {
			return append(tokens, Token{Start: clusters[i].start, End: clusters[j-1].end,
				Breaks: proclitics(clusters[i:j])})
		}
	}
	for _, c := range clusters[i:j] {
		if !c.blank {
			tokens = append(tokens, Token{Start: c.start, End: c.end})
		}
	}
	return tokens
}

// cluster is one grapheme cluster, with code point offsets into the text.
type cluster struct {
	start, end int
	text       string
	// blank: white space, a control or a format character leads it
	// and it holds no letter or digit.
	blank bool
	// wordy: it holds a letter, digit or mark.
	wordy bool
}

func newCluster(g string, cp int, kinds *[plainLimit]uint8) cluster {
	kind := func(r rune) uint8 {
		if r >= 0 && r < plainLimit {
			return kinds[r]
		}
		return kindOfSlow(r)
	}
	c := cluster{start: cp, text: g}
	first, size := utf8.DecodeRuneInString(g)
	if size == len(g) { // one code point, most clusters
		k := kind(first)
		base := k&kindBase != 0
		c.wordy = base || k&kindMark != 0
		c.blank = !base && k&kindBlank != 0
		c.end = cp + 1
		return c
	}
	base := false // a letter or digit
	n := 0
	for _, r := range g {
		n++
		k := kind(r)
		base = base || k&kindBase != 0
		c.wordy = c.wordy || base || k&kindMark != 0
	}
	// A prepended format mark (U+0600–U+0605) leads a cluster that also
	// holds the digits it annotates; that cluster is not blank.
	c.blank = !base && kind(first)&kindBlank != 0
	c.end = cp + n
	return c
}

// Kinds of code point, as the unicode package classifies them.
const (
	kindBase  = 1 << iota // a letter or a number
	kindMark              // a combining mark
	kindBlank             // white space, a control or a format character
	kindSkip              // tatweel, a mark or a format character: not a letter of a word's skeleton
)

// kindOf returns r's kinds, from a table for the common scripts (the
// unicode package's tables are searched, which is slow for non-Latin
// letters and ran for every code point of every text).
func kindOf(r rune) uint8 {
	if r >= 0 && r < plainLimit {
		return kinds()[r]
	}
	return kindOfSlow(r)
}

func kindOfSlow(r rune) uint8 {
	var k uint8
	if unicode.IsLetter(r) || unicode.IsNumber(r) {
		k |= kindBase
	}
	mark, format := unicode.IsMark(r), unicode.Is(unicode.Cf, r)
	if mark {
		k |= kindMark
	}
	if unicode.IsSpace(r) || unicode.IsControl(r) || format {
		k |= kindBlank
	}
	if r == tatweel || mark || format {
		k |= kindSkip
	}
	return k
}

var kinds = sync.OnceValue(func() *[plainLimit]uint8 {
	var t [plainLimit]uint8
	for r := range rune(plainLimit) {
		t[r] = kindOfSlow(r)
	}
	return &t
})

// letter is a base letter of a word with the code point offset of the
// grapheme cluster it is in; marks,
// tatweel and format characters are left out so that "وَالـعراق" reads
// as و ا ل ع ر ا ق.
type letter struct {
	r   rune
	off int
}

// proclitics returns the optional boundaries after Arabic proclitics at
// the start of a word. The rule is deliberately conservative, because
// without a lexicon "بيت" (house) cannot be told from ب + "يت": a break is
// made only where the clitic is followed by the article, which no stem
// begins with by accident:
//
//   - ب or ك before "ال": "بالعراق" → ب|العراق;
//   - "لل" (ل + ال with its alif dropped): "للائتلاف" → ل|لائتلاف;
//   - و or ف before either of those or before "ال": "والولايات" →
//     و|الولايات, "وللمعارضة" → و|ل|لمعارضة.
//
// What follows the article must have at least two Arabic letters, so
// "بال" (mind), "لله" and "والد" (father) get no break; a few words
// such as "والدة" (mother) still do, which costs nothing since a break only allows a
// shorter span. Each break sits before the next base letter, after any
// marks or tatweel of the clitic, so it never splits a grapheme cluster.
func proclitics(word []cluster) []int {
	// Every break follows a first letter و ف ب ك or ل; most words start
	// with another and need no more work.
	if !startsWithClitic(word) {
		return nil
	}
	var ls []letter
	for _, c := range word {
		for _, r := range c.text {
			if kindOf(r)&kindSkip != 0 {
				continue
			}
			// A letter's offset is where its cluster starts, so that a
			// break before it cannot cut the cluster (which may begin
			// with a prepended mark such as U+0601).
			ls = append(ls, letter{r, c.start})
		}
	}
	stem := func(i int) bool { // at least two Arabic letters from i on
		n := 0
		for _, l := range ls[min(i, len(ls)):] {
			if isArabicLetter(l.r) {
				n++
			}
		}
		return n >= 2
	}
	is := func(i int, r rune) bool { return i < len(ls) && ls[i].r == r }
	article := func(i int) bool { return is(i, 'ا') && is(i+1, 'ل') && stem(i+2) }
	// preposition reports whether a prepositional clitic starts at i.
	preposition := func(i int) bool {
		return (is(i, 'ب') || is(i, 'ك')) && article(i+1) ||
			is(i, 'ل') && is(i+1, 'ل') && stem(i+2)
	}
	var breaks []int
	last := word[0].start
	add := func(off int) {
		if off > last { // two letters in one cluster give no boundary
			breaks = append(breaks, off)
			last = off
		}
	}
	i := 0
	if (is(0, 'و') || is(0, 'ف')) && (article(1) || preposition(1)) {
		add(ls[1].off)
		i = 1
	}
	if preposition(i) {
		add(ls[i+1].off)
	}
	return breaks
}

// startsWithClitic reports whether the first letter of word (marks,
// tatweel and format characters skipped, as proclitics does) may be a
// proclitic.
func startsWithClitic(word []cluster) bool {
	for _, c := range word {
		for _, r := range c.text {
			if kindOf(r)&kindSkip != 0 {
				continue
			}
			switch r {
			case 'و', 'ف', 'ب', 'ك', 'ل':
				return true
			}
			return false
		}
	}
	return false
}

func isArabicLetter(r rune) bool {
	return r != tatweel && unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r)
}

// TokenAt returns the index of the token that contains code point offset
// offset (Start <= offset < End) and true, or, when no token does, the
// index of the first token after offset (len(tokens) if none) and false.
// tokens must be in text order, as Tokenize returns them.
func TokenAt(tokens []Token, offset int) (int, bool) {
	i := sort.Search(len(tokens), func(i int) bool { return tokens[i].End > offset })
	return i, i < len(tokens) && tokens[i].Start <= offset
}

// SnapToTokens turns a selection [start, end) (code points) into a span
// on token boundaries. A boundary inside a token moves outwards to the
// token's edge, unless it sits exactly on one of the token's Breaks,
// where it stays (so "الولايات" can be selected inside "والولايات"). A
// boundary in the space between tokens moves inwards to the nearest
// token, so spans never begin or end with white space. An empty
// selection (a click) inside a token selects the token. When the
// selection holds no token at all, the result is empty (start == end);
// callers should then ignore it. start and end may come in either order.
func SnapToTokens(tokens []Token, start, end int) (int, int) {
	if end < start {
		start, end = end, start
	}
	if start == end {
		if i, ok := TokenAt(tokens, start); ok {
			return tokens[i].Start, tokens[i].End
		}
		return start, start
	}
	i, _ := TokenAt(tokens, start)
	// j is the last token that starts before end.
	j := sort.Search(len(tokens), func(k int) bool { return tokens[k].Start >= end }) - 1
	if i >= len(tokens) || j < i {
		return start, start
	}
	s, e := tokens[i].Start, tokens[j].End
	if tokens[i].Start < start && isBreak(tokens[i], start) {
		s = start
	}
	if end < tokens[j].End && isBreak(tokens[j], end) {
		e = end
	}
	return s, e
}

func isBreak(t Token, offset int) bool {
	for _, b := range t.Breaks {
		if b == offset {
			return true
		}
	}
	return false
}
