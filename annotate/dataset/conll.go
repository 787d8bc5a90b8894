package dataset

import (
	"sort"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"hashiya/annotate"
)

// conll writes one token per line: the token, a tab, and one BIO tag per
// nesting level, outermost first, the way nested NER corpora are
// published. Each document starts with a "-DOCSTART-" line and a blank
// line; sentences (UAX #29, which knows ؟ and ۔) are separated by a blank
// line. Tokens are split wherever a span starts or ends inside them, so a
// span cut at a clitic (لائتلاف in للائتلاف) keeps its exact extent.
// A document has as many tag columns as its deepest nesting, at least one.
func (w *Encoder) conll(it *Item) error {
	text := it.Doc.Text
	spans := append([]annotate.Span(nil), it.Annotations.Spans...)
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	// Each span goes to the first level free at its start: nested spans
	// land below the spans that contain them.
	var levelEnd []int
	level := make([]int, len(spans))
	for i, s := range spans {
		l := 0
		for l < len(levelEnd) && levelEnd[l] > s.Start {
			l++
		}
		if l == len(levelEnd) {
			levelEnd = append(levelEnd, 0)
		}
		levelEnd[l] = s.End
		level[i] = l
	}
	cols := max(1, len(levelEnd))

	toks := splitTokens(annotate.Tokenize(text), spans)
	// One slice holds every token's tags, cols a token: a news article
	// has hundreds of tokens.
	flat := make([]string, len(toks)*cols)
	for i := range flat {
		flat[i] = "O"
	}
	tags := make([][]string, len(toks))
	for i := range tags {
		tags[i] = flat[i*cols : (i+1)*cols : (i+1)*cols]
	}
	for i, s := range spans {
		first := sort.Search(len(toks), func(k int) bool { return toks[k].Start >= s.Start })
		for k := first; k < len(toks) && toks[k].End <= s.End; k++ {
			if k == first {
				tags[k][level[i]] = "B-" + s.Label
			} else {
				tags[k][level[i]] = "I-" + s.Label
			}
		}
	}

	b := &w.buf
	b.WriteString("-DOCSTART-")
	for range cols {
		b.WriteString("\tO")
	}
	b.WriteString("\n\n")
	sentEnd := -1 // code point offset where the current sentence ends
	rest, state := text, -1
	pos, off := 0, 0 // code point and byte offsets of the token walk
	inSentence := false
	for i, t := range toks {
		for t.Start >= sentEnd && rest != "" {
			var sentence string
			sentence, rest, state = uniseg.FirstSentenceInString(rest, state)
			if sentEnd < 0 {
				sentEnd = 0
			}
			sentEnd += utf8.RuneCountInString(sentence)
			if inSentence {
				b.WriteString("\n")
				inSentence = false
			}
		}
		for pos < t.Start {
			_, size := utf8.DecodeRuneInString(text[off:])
			off, pos = off+size, pos+1
		}
		begin := off
		for pos < t.End {
			_, size := utf8.DecodeRuneInString(text[off:])
			off, pos = off+size, pos+1
		}
		b.WriteString(text[begin:off])
		for _, tag := range tags[i] {
			b.WriteByte('\t')
			b.WriteString(tag)
		}
		b.WriteByte('\n')
		inSentence = true
	}
	if inSentence {
		b.WriteString("\n")
	}
	return nil
}

// splitTokens cuts tokens at span boundaries that fall inside them.
func splitTokens(toks []annotate.Token, spans []annotate.Span) []annotate.Token {
	cuts := make([]int, 0, 2*len(spans))
	for _, s := range spans {
		cuts = append(cuts, s.Start, s.End)
	}
	sort.Ints(cuts)
	out := make([]annotate.Token, 0, len(toks))
	for _, t := range toks {
		k := sort.SearchInts(cuts, t.Start+1)
		start := t.Start
		for ; k < len(cuts) && cuts[k] < t.End; k++ {
			if cuts[k] > start {
				out = append(out, annotate.Token{Start: start, End: cuts[k]})
				start = cuts[k]
			}
		}
		out = append(out, annotate.Token{Start: start, End: t.End})
	}
	return out
}
