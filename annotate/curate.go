package annotate

import (
	"cmp"
	"slices"
)

// Curation: several annotators' entity spans on one document, compared
// so that a curator can build the document's gold layer from them.
// Spans are compared by start, end and label (code point offsets, from
// 0, end exclusive); evidence spans are not compared.

// Disagreement is one stretch of text where the compared annotators'
// spans differ: the spans of theirs that overlap one another there and
// are not what all of them marked.
type Disagreement struct {
	// Start and End cover every span of the disagreement, in code
	// points, end exclusive.
	Start, End int
	// Versions[k] are the spans annotator k of the curation has there,
	// in text order; empty when annotator k marked nothing there.
	Versions [][]Span
}

// Curation is what the compared annotators agree and disagree on.
type Curation struct {
	Annotators []string
	// Agreed are the spans all annotators marked alike (one copy each,
	// the first annotator's), in text order.
	Agreed []Span
	// Disagreements are in text order and do not overlap.
	Disagreements []Disagreement
}

// Voted is a span (the first annotator's copy) with the number of
// compared annotators who marked the same start, end and label.
type Voted struct {
	Span  Span
	Votes int
}

type spanKey struct {
	start, end int
	label      string
}

func keyOf(s Span) spanKey { return spanKey{s.Start, s.End, s.Label} }

// compare orders keys by start, then the longer first, then label.
func (k spanKey) compare(o spanKey) int {
	return cmp.Or(cmp.Compare(k.start, o.start), cmp.Compare(o.end, k.end), cmp.Compare(k.label, o.label))
}

// textOrder sorts spans by start, then the longer first, then label.
func textOrder(a, b Span) int { return keyOf(a).compare(keyOf(b)) }

// Votes counts, for every distinct entity span (start, end, label)
// among annotators' spans, how many of the annotators marked it, in
// text order. An annotator's duplicate counts once.
func Votes(annotators []string, spans map[string][]Span) []Voted {
	idx := map[spanKey]int{}
	var out []Voted
	for _, a := range annotators {
		seen := map[spanKey]bool{}
		for _, s := range spans[a] {
			k := keyOf(s)
			if s.Kind != SpanEntity || seen[k] {
				continue
			}
			seen[k] = true
			if i, ok := idx[k]; ok {
				out[i].Votes++
				continue
			}
			idx[k] = len(out)
			out = append(out, Voted{Span: s, Votes: 1})
		}
	}
	slices.SortStableFunc(out, func(a, b Voted) int { return textOrder(a.Span, b.Span) })
	return out
}

// Curate compares annotators' entity spans (spans maps an annotator to
// their spans on the document). A span all of them marked is agreed;
// every other span falls in a disagreement with the spans overlapping
// it, transitively, so each disagreement can be settled on its own.
func Curate(annotators []string, spans map[string][]Span) Curation {
	c := Curation{Annotators: slices.Clone(annotators)}
	if len(annotators) == 0 {
		return c
	}
	agreed := map[spanKey]bool{}
	for _, v := range Votes(annotators, spans) {
		if v.Votes == len(annotators) {
			agreed[keyOf(v.Span)] = true
			c.Agreed = append(c.Agreed, v.Span)
		}
	}
	type owned struct {
		who int
		s   Span
	}
	var rest []owned
	for k, a := range annotators {
		for _, s := range spans[a] {
			if s.Kind == SpanEntity && !agreed[keyOf(s)] {
				rest = append(rest, owned{k, s})
			}
		}
	}
	slices.SortStableFunc(rest, func(a, b owned) int { return textOrder(a.s, b.s) })
	for _, o := range rest {
		n := len(c.Disagreements)
		if n == 0 || o.s.Start >= c.Disagreements[n-1].End {
			c.Disagreements = append(c.Disagreements, Disagreement{Start: o.s.Start, End: o.s.End, Versions: make([][]Span, len(annotators))})
			n++
		}
		d := &c.Disagreements[n-1]
		d.End = max(d.End, o.s.End)
		if !slices.ContainsFunc(d.Versions[o.who], func(s Span) bool { return keyOf(s) == keyOf(o.s) }) {
			d.Versions[o.who] = append(d.Versions[o.who], o.s)
		}
	}
	return c
}

// SameSpans reports whether a and b hold the same entity spans (start,
// end, label), whoever made them and in whatever order.
func SameSpans(a, b []Span) bool {
	ka, kb := entityKeys(a), entityKeys(b)
	return slices.Equal(ka, kb)
}

func entityKeys(spans []Span) []spanKey {
	var ks []spanKey
	for _, s := range spans {
		if s.Kind == SpanEntity {
			ks = append(ks, keyOf(s))
		}
	}
	slices.SortFunc(ks, spanKey.compare)
	return slices.Compact(ks)
}
