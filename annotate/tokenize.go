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
	return AppendTokens(make([]Token, 0, len(text)/6), text)
}

// AppendTokens appends the tokens of text, as Tokenize finds them, to dst
// and returns the extended slice, so that a caller tokenizing many texts
// (an export) can reuse one slice.
func AppendTokens(dst []Token, text string) []Token {
	toks, _ := appendTokens(dst, nil, false, text)
	return toks
}

// AppendTokenBytes is AppendTokens that also appends to offs, for each
// token, the UTF-8 byte offsets of its start and end in text (two
// entries a token): a caller that slices the text for every token (an
// export) need not convert code point offsets itself.
func AppendTokenBytes(dst []Token, offs []int, text string) ([]Token, []int) {
	return appendTokens(dst, offs, true, text)
}

func appendTokens(dst []Token, offs []int, bytes bool, text string) ([]Token, []int) {
	t := tokenizer{text: text, tokens: dst, tab: fastRunes(), kinds: kinds(), offs: offs, bytes: bytes}
	// Most words are a few clusters: one allocation holds them.
	t.word = make([]cluster, 0, 32)
	// at and cp are a byte and the same code point offset; both a word
	// and a grapheme cluster boundary, where the word rules need nothing
	// of the text before.
	at, cp := 0, 0
	for at < len(text) {
		if a, c, ok := t.fast(at, cp); ok {
			at, cp = a, c
			continue
		}
		at, cp = t.general(at, cp)
	}
	return t.tokens, t.offs
}

// tokenizer holds one call's output and scratch space.
type tokenizer struct {
	text   string
	tab    *[fastLimit]uint8  // fastRunes
	kinds  *[plainLimit]uint8 // kinds
	tokens []Token
	word   []cluster
	// breaks backs the tokens' Breaks, so that words with a proclitic
	// do not each allocate.
	breaks []int
	// offs gets the byte offsets of each token when bytes is set.
	offs  []int
	bytes bool
}

// emit adds tok, which spans text[from:to].
func (t *tokenizer) emit(tok Token, from, to int) {
	t.tokens = append(t.tokens, tok)
	if t.bytes {
		t.offs = append(t.offs, from, to)
	}
}

// general adds the tokens of the UAX #29 word segment at text[at:] (at is
// a byte offset, cp the same in code points) and returns the offsets of
// its end. Words end only where a grapheme cluster ends, even where the
// word rules alone would cut a cluster (a prepended mark such as U+0602):
// a word boundary inside a cluster is dropped, as uniseg.Step does. The
// word and cluster boundaries are found separately because
// uniseg.StepString also runs the sentence and line rules, which cost
// more than both put together.
func (t *tokenizer) general(at, cp int) (int, int) {
	text := t.text
	kt := kinds()
	word := t.word[:0]
	// A word boundary resets the rules' state (see AppendTokens), so
	// uniseg starts afresh at at.
	wstate, wend := -1, at
	wrest := text[at:]
	for at < len(text) {
		g := nextCluster(text[at:])
		c := newCluster(g, cp, kt)
		c.at = at
		at += len(g)
		cp = c.end
		word = append(word, c)
		for wend < at && len(wrest) > 0 {
			var w string
			w, wrest, wstate = uniseg.FirstWordInString(wrest, wstate)
			wend += len(w)
		}
		if wend == at {
			break
		}
	}
	t.appendWord(word)
	t.word = word
	return at, cp
}

// fast adds the tokens of the word segment at text[at:] when the segment
// and its end follow from the code points alone, without uniseg: a run
// of letters and digits with their marks ("مُحَمَّدٌ", "2020"), one
// punctuation mark or symbol, a run of spaces or one line break, each
// followed by a code point that cannot join it. Most of a news text is
// made of these. It reports false, having added nothing, for anything
// else (words around '.' or ':' inside them, emoji, format characters,
// non-BMP text...), which general handles.
//
// That the segment ends where fast says rests on UAX #29: before a code
// point that is not a letter, digit, connector, mark, format character
// or joiner there is a word boundary, unless it is a "mid" character
// (. , : ' ،) between two letters or digits, or a space after a space
// (WB3d); and the rules that look back past at (WB7, WB7c, WB11) only
// continue a word that the boundary at at would have split. The grapheme
// cluster boundaries follow from the plain code points (see plainRunes)
// on both sides of each cut.
func (t *tokenizer) fast(at, cp int) (int, int, bool) {
	text, tab := t.text, t.tab
	r, n := decodeFast(text, at)
	if n == 0 {
		return 0, 0, false
	}
	f := tab[r]
	switch {
	case f&fastRun != 0:
		end, ecp, wordy := at+n, cp+1, f&fastWordy != 0
		var e rune
		var en int
		for {
			// decodeFast, by hand for the letters of most words.
			if end+1 < len(text) && text[end] >= 0xc2 && text[end] < 0xe0 && text[end+1]&0xc0 == 0x80 {
				e, en = rune(text[end]&0x1f)<<6|rune(text[end+1]&0x3f), 2
			} else {
				e, en = decodeFast(text, end)
			}
			if en == 0 || tab[e]&(fastRun|fastMark) == 0 {
				break
			}
			wordy = wordy || tab[e]&fastWordy != 0
			end += en
			ecp++
		}
		if end < len(text) {
			if en == 0 {
				return 0, 0, false
			}
			fe := tab[e]
			if fe&(fastSolo|fastSpace) == 0 {
				return 0, 0, false
			}
			// A mid character ends the word unless a letter or digit
			// follows it (WB6, WB7, WB11, WB12).
			if fe&fastMid != 0 && !t.next(end+en, fastSolo|fastSpace) {
				return 0, 0, false
			}
		}
		if !wordy {
			// Connectors alone ("__") are one token per cluster.
			return 0, 0, false
		}
		if f&fastClitic != 0 && t.mayHaveClitic(at, end) {
			t.appendWord(t.runClusters(at, end, cp))
		} else {
			t.emit(Token{Start: cp, End: ecp}, at, end)
		}
		return end, ecp, true
	case f&fastSolo != 0:
		// A mark after it would join it (WB4).
		if !t.next(at+n, fastRun|fastSolo|fastSpace) {
			return 0, 0, false
		}
		if f&fastBlank == 0 {
			t.emit(Token{Start: cp, End: cp + 1}, at, at+n)
		}
		return at + n, cp + 1, true
	case f&fastSpace != 0:
		end, ecp := at+n, cp+1
		for {
			e, en := decodeFast(text, end)
			if en == 0 || tab[e]&fastSpace == 0 {
				break
			}
			end += en
			ecp++
		}
		if !t.next(end, fastRun|fastSolo) {
			return 0, 0, false
		}
		return end, ecp, true
	}
	return 0, 0, false
}

// next reports whether the text ends at byte at or the code point there
// has one of the fastRunes bits in mask.
func (t *tokenizer) next(at int, mask uint8) bool {
	if at >= len(t.text) {
		return true
	}
	r, n := decodeFast(t.text, at)
	return n > 0 && t.tab[r]&mask != 0
}

// mayHaveClitic reports whether the run text[at:end] that fast accepted
// starts with two letters that can begin a proclitic (see proclitics):
// و or ف before ا ب ك or ل, ب or ك before ا, or ل before ل. Marks and
// tatweel are skipped, as proclitics skips them. Most words fail this,
// and need no clusters.
func (t *tokenizer) mayHaveClitic(at, end int) bool {
	var first rune
	for at < end {
		r, n := decodeFast(t.text, at)
		at += n
		var k uint8
		if r < plainLimit {
			k = t.kinds[r]
		} else {
			k = kindOfSlow(r)
		}
		if k&kindSkip != 0 {
			continue
		}
		switch first {
		case 0:
			first = r
			continue
		case 'و', 'ف':
			return r == 'ا' || r == 'ب' || r == 'ك' || r == 'ل'
		case 'ب', 'ك':
			return r == 'ا'
		case 'ل':
			return r == 'ل'
		}
		return false
	}
	return false
}

// runClusters returns the grapheme clusters of a run fast accepted: each
// letter or digit starts one and the marks after it join it.
func (t *tokenizer) runClusters(at, end, cp int) []cluster {
	word := t.word[:0]
	tab := t.tab
	from := at // where the last cluster starts, in bytes
	for at < end {
		r, n := decodeFast(t.text, at)
		if tab[r]&fastMark != 0 {
			c := &word[len(word)-1]
			c.text = t.text[from : at+n]
			c.end++
			c.wordy = true
		} else {
			from = at
			word = append(word, cluster{start: cp, end: cp + 1, at: at, text: t.text[at : at+n], wordy: tab[r]&fastWordy != 0})
		}
		at += n
		cp++
	}
	t.word = word
	return word
}

// decodeFast decodes the code point at text[at:] when it is below
// fastLimit and valid UTF-8; otherwise, or at the end of the text, n is
// 0.
func decodeFast(text string, at int) (r rune, n int) {
	if at >= len(text) {
		return 0, 0
	}
	b := text[at]
	switch {
	case b < utf8.RuneSelf:
		return rune(b), 1
	case b < 0xc2 || b >= 0xf0:
		return 0, 0 // invalid here, or four bytes: beyond the table
	case b < 0xe0:
		if at+1 >= len(text) || text[at+1]&0xc0 != 0x80 {
			return 0, 0
		}
		return rune(b&0x1f)<<6 | rune(text[at+1]&0x3f), 2
	}
	if at+2 >= len(text) || text[at+1]&0xc0 != 0x80 || text[at+2]&0xc0 != 0x80 {
		return 0, 0
	}
	r = rune(b&0x0f)<<12 | rune(text[at+1]&0x3f)<<6 | rune(text[at+2]&0x3f)
	if r < 0x800 || r >= fastLimit { // overlong, or beyond the table
		return 0, 0
	}
	return r, 3
}

// fastLimit bounds the code points fastRunes covers: those of plainLimit
// and the scripts up to General Punctuation, for the curly quotes,
// dashes and ellipsis of news text.
const fastLimit = 0x2070

// Entries of fastRunes, bits.
const (
	// fastRun: a letter, digit or connector (Word_Break ALetter,
	// Numeric or ExtendNumLet, not Hebrew_Letter, which has rules of its
	// own), plain and not blank.
	fastRun = 1 << iota
	// fastMark: a mark that joins the cluster and word before it
	// (Word_Break Extend, Grapheme_Cluster_Break Extend), not blank.
	fastMark
	// fastWordy: a letter, digit or mark (kindBase or kindMark).
	fastWordy
	// fastSolo: plain, no letter, digit, connector, mark, format
	// character or space: punctuation, symbols, line breaks.
	fastSolo
	// fastMid: a solo code point that joins letters or digits on both
	// sides (MidLetter, MidNum, MidNumLet, Single_Quote).
	fastMid
	// fastSpace: a plain, blank code point that joins a run of its
	// own kind (WSegSpace, rule WB3d).
	fastSpace
	// fastBlank: kindBlank.
	fastBlank
	// fastClitic: a run starting with it may start with a proclitic
	// (see proclitics): و ف ب ك ل, or a letter proclitics skips.
	fastClitic
)

// fastRunes classifies the code points below fastLimit for fast. Like
// plainRunes it asks uniseg's own rules, so it follows the Unicode
// version uniseg implements; FuzzTokenizeMatchesStep checks the result
// against uniseg's own segmentation.
var fastRunes = sync.OnceValue(func() *[fastLimit]uint8 {
	var t [fastLimit]uint8
	whole := func(s string) bool {
		w, _, _ := uniseg.FirstWordInString(s, -1)
		return len(w) == len(s)
	}
	oneCluster := func(s string) bool {
		g, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
		return len(g) == len(s)
	}
	for r := rune(0); r < fastLimit; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		k := kindOf(r)
		plain := isPlain(r)
		join := whole("a"+s) && whole(s+"a") && !whole(" "+s)
		ignore := whole("a"+s) && whole(" "+s)
		// A Hebrew_Letter keeps an apostrophe after it (WB7a).
		w, _, _ := uniseg.FirstWordInString(s+"' ", -1)
		hebrew := join && len(w) > len(s)
		blank := k&kindBlank != 0
		var f uint8
		if k&(kindBase|kindMark) != 0 {
			f |= fastWordy
		}
		if blank {
			f |= fastBlank
		}
		switch {
		case join:
			if plain && !hebrew && !blank {
				f |= fastRun
			}
		case ignore:
			if oneCluster("a"+s) && !oneCluster(s+"a") && !blank {
				f |= fastMark
			}
		case !plain:
		case whole(s + s):
			if blank {
				f |= fastSpace
			}
		default:
			f |= fastSolo
			if whole("a"+s+"a") || whole("1"+s+"1") {
				f |= fastMid
			}
		}
		if f&fastRun != 0 && (k&kindSkip != 0 || r == 'و' || r == 'ف' || r == 'ب' || r == 'ك' || r == 'ل') {
			f |= fastClitic
		}
		t[r] = f
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
	for r := rune(0); r < plainLimit; r++ {
		t[r] = isPlain(r)
	}
	return &t
})

// isPlain asks uniseg whether r is plain (see plainRunes).
func isPlain(r rune) bool {
	if r == '\r' || !utf8.ValidRune(r) {
		return false
	}
	s := string(r)
	splits := func(a, b string) bool {
		g, _, _, _ := uniseg.FirstGraphemeClusterInString(a+b, -1)
		return len(g) == len(a)
	}
	return splits("a", s) && splits(s, "a") && splits(s, s)
}

// appendWord adds the tokens of one UAX #29 word segment.
func (t *tokenizer) appendWord(clusters []cluster) {
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
		return
	}
	for _, c := range clusters[i:j] {
		if c.wordy {
			if t.breaks == nil {
				// Room for the breaks of a text's words, in one
				// allocation for most texts.
				t.breaks = make([]int, 0, 16+len(t.text)/64)
			}
			n := len(t.breaks)
			t.breaks = proclitics(t.breaks, clusters[i:j])
			var breaks []int
			if m := len(t.breaks); m > n {
				breaks = t.breaks[n:m:m]
			}
			last := &clusters[j-1]
			t.emit(Token{Start: clusters[i].start, End: last.end, Breaks: breaks}, clusters[i].at, last.at+len(last.text))
			return
		}
	}
	for _, c := range clusters[i:j] {
		if !c.blank {
			t.emit(Token{Start: c.start, End: c.end}, c.at, c.at+len(c.text))
		}
	}
}

// cluster is one grapheme cluster, with code point offsets into the text.
type cluster struct {
	start, end int
	// at is the byte offset of text, where the general and fast paths
	// set it.
	at   int
	text string
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

// proclitics appends to breaks the optional boundaries after Arabic
// proclitics at the start of a word. The rule is deliberately
// conservative, because without a lexicon "بيت" (house) cannot be told from ب + "يت": a break is
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
func proclitics(breaks []int, word []cluster) []int {
	// Every break follows a first letter و ف ب ك or ل; most words start
	// with another and need no more work.
	if !startsWithClitic(word) {
		return breaks
	}
	var buf [32]letter
	ls := buf[:0]
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
