package dataset

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"hashiya/annotate"
)

// conll writes one token per line: the token, a tab, and one BIO tag per
// nesting level, outermost first, the way nested NER corpora are
// published. Each document starts with a "-DOCSTART-" line and a blank
// line; sentences (UAX #29, which knows ؟ and ۔) are separated by a blank
// line (see breakBefore). Tokens are cut wherever a span starts or ends
// inside them (annotate.SplitAtEdges), so a span cut at a clitic
// (لائتلاف in للائتلاف) keeps its exact extent.
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

	toks, offs := annotate.AppendTokenBytes(nil, nil, text)
	edges := make([]int, 0, 2*len(spans))
	for _, s := range spans {
		edges = append(edges, s.Start, s.End)
	}
	sort.Ints(edges)
	if annotate.NeedsSplit(toks, edges) {
		toks, offs = annotate.SplitAtEdges(nil, nil, toks, offs, text, edges)
	}
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
	breaks := sentenceBreaks(text)
	for i := range toks {
		if i > 0 && breakBefore(toks, tags, breaks, i) {
			b.WriteString("\n")
		}
		b.WriteString(text[offs[2*i]:offs[2*i+1]])
		for _, tag := range tags[i] {
			b.WriteByte('\t')
			b.WriteString(tag)
		}
		b.WriteByte('\n')
	}
	if len(toks) > 0 {
		b.WriteString("\n")
	}
	return nil
}

// sentenceBreaks returns where UAX #29 starts each sentence of text after
// the first, as ascending code point offsets.
func sentenceBreaks(text string) []int {
	var out []int
	rest, state, at := text, -1, 0
	for rest != "" {
		var sentence string
		sentence, rest, state = uniseg.FirstSentenceInString(rest, state)
		at += utf8.RuneCountInString(sentence)
		if rest != "" {
			out = append(out, at)
		}
	}
	return out
}

// breakBefore reports whether a sentence ends before token i. UAX #29
// ends a sentence at a full stop followed by a letter that is neither
// upper nor lower case, which is every Arabic letter, so it cuts words
// that writers dot to dodge censorship (جـ.رائم, الحـ.رب) in two. A
// break therefore counts only in the gap between two tokens, never
// inside one, and never inside an entity: a sentence never starts with
// an I- tag.
func breakBefore(toks []annotate.Token, tags [][]string, breaks []int, i int) bool {
	k := sort.SearchInts(breaks, toks[i-1].End)
	if k == len(breaks) || breaks[k] > toks[i].Start {
		return false
	}
	for _, tag := range tags[i] {
		if strings.HasPrefix(tag, "I-") {
			return false
		}
	}
	return true
}
