package annotate

import (
	"sort"
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
	// Step walks grapheme clusters and flags those that end a word, so
	// word boundaries come out on cluster boundaries even where the word
	// rules alone would cut a cluster (a prepended mark such as U+0602).
	var word []cluster
	state := -1
	cp := 0
	for rest := text; len(rest) > 0; {
		var g string
		var bounds int
		g, rest, bounds, state = uniseg.StepString(rest, state)
		c := newCluster(g, cp)
		cp = c.end
		word = append(word, c)
		if bounds&uniseg.MaskWord != 0 || len(rest) == 0 {
			tokens = appendWord(tokens, word)
			word = word[:0]
		}
	}
	return tokens
}

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

func newCluster(g string, cp int) cluster {
	c := cluster{start: cp, text: g}
	first, _ := utf8.DecodeRuneInString(g)
	base := false // a letter or digit
	n := 0
	for _, r := range g {
		n++
		base = base || unicode.IsLetter(r) || unicode.IsNumber(r)
		c.wordy = c.wordy || base || unicode.IsMark(r)
	}
	// A prepended format mark (U+0600–U+0605) leads a cluster that also
	// holds the digits it annotates; that cluster is not blank.
	c.blank = !base && (unicode.IsSpace(first) || unicode.IsControl(first) || unicode.Is(unicode.Cf, first))
	c.end = cp + n
	return c
}

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
	var ls []letter
	for _, c := range word {
		for _, r := range c.text {
			if r == tatweel || unicode.IsMark(r) || unicode.Is(unicode.Cf, r) {
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
