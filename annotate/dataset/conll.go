package dataset

import (
	"slices"
	"sort"

	"hashiya/annotate"
)

// conll writes one token per line: the token, a tab, and one BIO tag per
// nesting level, outermost first, the way nested NER corpora are
// published. Each document starts with a "-DOCSTART-" line and a blank
// line; sentences (see sentenceBreaks) are separated by a blank line.
// Tokens are the other exports' tokens without the white space: words
// cut at their proclitic breaks and wherever a span starts or ends
// inside them, so a span cut at a clitic (لائتلاف in للائتلاف) keeps its
// exact extent.
// A document has as many tag columns as its deepest nesting, at least one.
func (w *Encoder) conll(it *Item) error {
	text := it.Doc.Text
	spans, level, cols := levels(it.Annotations.Spans)

	all := w.tokens(text, spans)
	toks := make([]xtoken, 0, len(all))
	for _, t := range all {
		if !t.gap {
			toks = append(toks, t)
		}
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
		first := sort.Search(len(toks), func(k int) bool { return toks[k].start >= s.Start })
		for k := first; k < len(toks) && toks[k].end <= s.End; k++ {
			if k == first {
				tags[k][level[i]] = "B-" + s.Label
			} else {
				tags[k][level[i]] = "I-" + s.Label
			}
		}
	}
	breaks := w.sentenceBreaks(text, toks, spans)

	b := &w.buf
	b.WriteString("-DOCSTART-")
	for range cols {
		b.WriteString("\tO")
	}
	b.WriteString("\n\n")
	inSentence := false
	for i, t := range toks {
		if len(breaks) > 0 && t.start >= breaks[0] {
			for len(breaks) > 0 && t.start >= breaks[0] {
				breaks = breaks[1:]
			}
			if inSentence {
				b.WriteString("\n")
			}
		}
		b.WriteString(text[t.b0:t.b1])
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

// sentenceBreaks are where CoNLL's sentences begin after the first:
// annotate.SentenceBreaks (UAX #29, never inside a word, so a dot between
// letters as in "جـ.رائم" ends no sentence), without the boundaries that
// fall inside one of toks or inside a span, so that no entity is cut in
// two and no sentence starts with an I- tag.
func (w *Encoder) sentenceBreaks(text string, toks []xtoken, spans []annotate.Span) []int {
	words := w.toks // annotate's tokens, which w.tokens left there under Words
	if w.opts.Tokens != Words {
		words = annotate.Tokenize(text)
	}
	all := annotate.SentenceBreaks(text, words)
	out := all[:0]
	for _, at := range all {
		if i, ok := slices.BinarySearchFunc(toks, at, func(t xtoken, at int) int {
			switch {
			case t.end <= at:
				return -1
			case t.start > at:
				return 1
			}
			return 0
		}); ok && toks[i].start < at {
			continue
		}
		inside := false
		for _, s := range spans {
			if s.Start >= at {
				break // spans are sorted by start
			}
			if at < s.End {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, at)
		}
	}
	return out
}

// levels sorts spans by start, longest first, and puts each on the
// first level free at its start: level 0 holds the outermost spans,
// which never overlap; nested spans land below the spans that contain
// them, and of two crossing spans the later goes below. cols is the
// number of levels, at least one.
func levels(in []annotate.Span) (spans []annotate.Span, level []int, cols int) {
	spans = append([]annotate.Span(nil), in...)
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	var levelEnd []int
	level = make([]int, len(spans))
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
	return spans, level, max(1, len(levelEnd))
}
