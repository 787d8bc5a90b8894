package annotate

// Span edges make token edges in exports. A span may start after a
// proclitic ("لائتلاف" in "للائتلاف") or end inside a word, and a
// training tool that maps character offsets to tokens strictly (spaCy's
// Doc.char_span with alignment_mode="strict", Hugging Face's BIO tags)
// drops such a span unless the tokens are cut at its edges. SplitAtEdges
// makes that cut.

// SplitAtEdges cuts every token that has one of edges strictly inside it
// (Start < e < End) at that edge, so that each edge that falls within a
// token becomes a token boundary. An edge in the space between tokens,
// or on a token's edge already, changes nothing.
//
// tokens and offs are what AppendTokenBytes returns for text (offs holds
// each token's UTF-8 byte start and end); edges are code point offsets
// in ascending order (duplicates allowed). The result is appended to dst
// and dstOffs, which must not share memory with tokens and offs. Pieces
// keep the Breaks that fall strictly inside them. Cutting never splits a
// code point, but may split a grapheme cluster when an edge does (a span
// that ends between a letter and its haraka), since the span's text must
// stay text[start:end].
func SplitAtEdges(dst []Token, dstOffs []int, tokens []Token, offs []int, text string, edges []int) ([]Token, []int) {
	e := 0
	for i, t := range tokens {
		for e < len(edges) && edges[e] <= t.Start {
			e++
		}
		bs, be := offs[2*i], offs[2*i+1]
		start, bstart := t.Start, bs
		for e < len(edges) && edges[e] < t.End {
			cut := edges[e]
			e++
			if cut <= start {
				continue // a duplicate edge
			}
			bcut, _ := AdvanceCodePoints(text, bstart, cut-start)
			dst = append(dst, Token{Start: start, End: cut, Breaks: breaksWithin(t.Breaks, start, cut)})
			dstOffs = append(dstOffs, bstart, bcut)
			start, bstart = cut, bcut
		}
		if start == t.Start {
			dst = append(dst, t)
		} else {
			dst = append(dst, Token{Start: start, End: t.End, Breaks: breaksWithin(t.Breaks, start, t.End)})
		}
		dstOffs = append(dstOffs, bstart, be)
	}
	return dst, dstOffs
}

// NeedsSplit reports whether any of edges (ascending) falls strictly
// inside one of tokens, that is whether SplitAtEdges would change them.
// Most spans start and end on token edges, and an export asks this first
// so it copies nothing for them.
func NeedsSplit(tokens []Token, edges []int) bool {
	for _, e := range edges {
		if i, ok := TokenAt(tokens, e); ok && tokens[i].Start < e {
			return true
		}
	}
	return false
}

func breaksWithin(breaks []int, start, end int) []int {
	var out []int
	for _, b := range breaks {
		if start < b && b < end {
			out = append(out, b)
		}
	}
	return out
}
