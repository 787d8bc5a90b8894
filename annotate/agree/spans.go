package agree

import (
	"cmp"
	"slices"

	"hashiya/annotate"
)

// labelCounts are one pair's span matches of one label.
type labelCounts struct {
	a, b     int // spans of the first and second annotator
	exact    int
	boundary int // clitic or harakat boundary matches (not exact)
	overlap  int // exact + boundary + other overlapping matches
}

// matchSpans matches a pair's spans, label by label (see the package
// doc). a and b hold only counted labels.
func matchSpans(text *annotate.TextCursor, a, b []entity, nl int) []labelCounts {
	out := make([]labelCounts, nl)
	as := byLabel(a, nl)
	bs := byLabel(b, nl)
	for l := 0; l < nl; l++ {
		out[l] = matchLabel(text, as[l], bs[l])
	}
	return out
}

// byLabel cuts spans, sorted by label, into each label's run.
func byLabel(spans []entity, nl int) [][]entity {
	out := make([][]entity, nl)
	for i := 0; i < len(spans); {
		l := spans[i].label
		j := i + 1
		for j < len(spans) && spans[j].label == l {
			j++
		}
		out[l] = spans[i:j:j]
		i = j
	}
	return out
}

// matchLabel matches spans of one label one to one: exact first, then
// boundary matches, then the longest shared parts. The boundary matches
// are made whether or not they are reported, so that the overlap figure
// does not depend on the option.
func matchLabel(text *annotate.TextCursor, as, bs []entity) labelCounts {
	c := labelCounts{a: len(as), b: len(bs)}
	used := make([]bool, len(as)+len(bs))
	usedA, usedB := used[:len(as)], used[len(as):]
	// Exact matches: a document has a few spans of a label per
	// annotator, so a scan costs less than a map.
	for i, x := range as {
		for j, y := range bs {
			if !usedB[j] && x.start == y.start && x.end == y.end {
				usedA[i], usedB[j] = true, true
				c.exact++
				break
			}
		}
	}
	type cand struct{ i, j, shared int }
	var cands []cand
	for i, x := range as {
		if usedA[i] {
			continue
		}
		for j, y := range bs {
			if usedB[j] || y.start >= x.end || x.start >= y.end {
				continue
			}
			if boundaryMatch(text, x, y) {
				if !usedA[i] && !usedB[j] {
					usedA[i], usedB[j] = true, true
					c.boundary++
				}
				continue
			}
			cands = append(cands, cand{i, j, min(x.end, y.end) - max(x.start, y.start)})
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(y.shared, x.shared), cmp.Compare(x.i, y.i), cmp.Compare(x.j, y.j))
	})
	other := 0
	for _, k := range cands {
		if !usedA[k.i] && !usedB[k.j] {
			usedA[k.i], usedB[k.j] = true, true
			other++
		}
	}
	c.overlap = c.exact + c.boundary + other
	return c
}

// boundaryMatch reports whether two overlapping, different spans differ
// only by proclitics at the start and harakat or tatweel at either edge.
// text cuts the document's text; offsets are code points.
func boundaryMatch(text *annotate.TextCursor, x, y entity) bool {
	s1, s2 := min(x.start, y.start), max(x.start, y.start)
	e1, e2 := min(x.end, y.end), max(x.end, y.end)
	// The longest run of proclitics is four letters (وبال), and a letter
	// carries at most a few marks: anything longer differs in more.
	if s2 >= e1 || s1 < 0 || s2-s1 > 12 || e2-e1 > 12 || e2-s1 > 4096 {
		return false
	}
	// The cursor walks on from the last piece: a document's spans come
	// in order, label by label.
	cut, err := text.Slice(s1, e2)
	if err != nil {
		return false
	}
	piece := []rune(cut)
	if !isProclitics(piece[:s2-s1]) {
		return false
	}
	for _, r := range piece[e1-s1:] {
		if !isMark(r) {
			return false
		}
	}
	return true
}

// isMark reports harakat, the dagger alif, Quranic marks and tatweel: what
// Arabic writers add or leave out without changing the word.
func isMark(r rune) bool {
	return r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640
}

// isProclitics reports whether p, marks aside, is a run of proclitics a
// word may start with: و or ف, then ب ل or ك, then the article ال; or
// لل (ل and the article, whose alif is dropped). Empty p is one.
func isProclitics(p []rune) bool {
	q := make([]rune, 0, len(p))
	for _, r := range p {
		if !isMark(r) {
			q = append(q, r)
		}
	}
	i := 0
	if i < len(q) && (q[i] == 'و' || q[i] == 'ف') {
		i++
	}
	if rest := q[i:]; len(rest) == 2 && rest[0] == 'ل' && rest[1] == 'ل' {
		return true
	}
	if i < len(q) && (q[i] == 'ب' || q[i] == 'ل' || q[i] == 'ك') {
		i++
	}
	if i+1 < len(q) && q[i] == 'ا' && q[i+1] == 'ل' {
		i += 2
	}
	return i == len(q)
}

// tokenLabels gives each token an annotator's label index (see the
// package doc): the longest span touching it, then the earliest, then
// the label listed first; O is len(labels).
func tokenLabels(tokens []annotate.Token, spans []entity, nl int, best []int) []int32 {
	o := int32(nl)
	out := make([]int32, len(tokens))
	// best[2i], best[2i+1]: length and start of the span that gave
	// token i its label; the caller's scratch, 2·len(tokens) long, reused
	// across annotators (only tokens labelled already read it).
	for i := range out {
		out[i] = o
	}
	for _, s := range spans {
		l := int32(s.label)
		n := s.end - s.start
		i, _ := annotate.TokenAt(tokens, s.start)
		for ; i < len(tokens) && tokens[i].Start < s.end; i++ {
			bn, bs := best[2*i], best[2*i+1]
			if out[i] == o || n > bn || n == bn && (s.start < bs || s.start == bs && l < out[i]) {
				best[2*i], best[2*i+1], out[i] = n, s.start, l
			}
		}
	}
	return out
}

// confusion counts token label pairs into a k×k matrix.
func confusion(a, b []int32, k int) []int {
	m := make([]int, k*k)
	for i := range a {
		m[int(a[i])*k+int(b[i])]++
	}
	return m
}

// kappaOf is Cohen's κ of a k×k confusion matrix; when skip >= 0 the
// cell (skip, skip) is left out (the tokens both left O).
func kappaOf(m []int, k, skip int) Score {
	if m == nil {
		return ratio(0, 0)
	}
	rows := make([]float64, k)
	cols := make([]float64, k)
	var n, agree float64
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			v := float64(m[i*k+j])
			if i == skip && j == skip {
				continue
			}
			rows[i] += v
			cols[j] += v
			n += v
			if i == j {
				agree += v
			}
		}
	}
	if n == 0 {
		return ratio(0, 0)
	}
	po := agree / n
	pe := 0.0
	for i := 0; i < k; i++ {
		pe += rows[i] / n * cols[i] / n
	}
	return ratio(po-pe, 1-pe)
}

// pairDoc is a pair's findings on one document.
type pairDoc struct {
	ok     bool
	spans  []labelCounts
	conf   []int
	stance stanceDoc
}

// pairAcc sums a pair's findings over documents.
type pairAcc struct {
	a, b   int
	docs   int
	spans  []labelCounts
	conf   []int
	stance stanceAcc
}

func newPairAcc(a, b, nl int) pairAcc {
	return pairAcc{a: a, b: b, spans: make([]labelCounts, nl), conf: make([]int, (nl+1)*(nl+1)),
		stance: stanceAcc{stanceDoc{labels: map[[2]string]int{}}}}
}

func (p *pairAcc) add(d *pairDoc) {
	p.docs++
	for i, c := range d.spans {
		s := &p.spans[i]
		s.a += c.a
		s.b += c.b
		s.exact += c.exact
		s.boundary += c.boundary
		s.overlap += c.overlap
	}
	for i, v := range d.conf {
		p.conf[i] += v
	}
	p.stance.add(&d.stance)
}

func spanAgreement(label string, c labelCounts, clitic bool) SpanAgreement {
	sa := SpanAgreement{Label: label, Exact: newMatch(c.exact, c.a, c.b), Overlap: newMatch(c.overlap, c.a, c.b)}
	if clitic {
		m := newMatch(c.exact+c.boundary, c.a, c.b)
		sa.Clitic = &m
		sa.Boundary = c.boundary
	}
	return sa
}

func (p *pairAcc) report(opts Options) Pair {
	out := Pair{A: opts.Annotators[p.a], B: opts.Annotators[p.b], Documents: p.docs}
	var all labelCounts
	for i, c := range p.spans {
		out.ByLabel = append(out.ByLabel, spanAgreement(opts.Labels[i], c, opts.ArabicClitics))
		all.a += c.a
		all.b += c.b
		all.exact += c.exact
		all.boundary += c.boundary
		all.overlap += c.overlap
	}
	out.Spans = spanAgreement("", all, opts.ArabicClitics)
	k := len(opts.Labels) + 1
	o := k - 1
	var n, same int
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			n += p.conf[i*k+j]
		}
		same += p.conf[i*k+i]
	}
	out.Tokens = TokenAgreement{
		Tokens:          n,
		Observed:        ratio(float64(same), float64(n)),
		Kappa:           kappaOf(p.conf, k, -1),
		AnnotatedTokens: n - p.conf[o*k+o],
		KappaAnnotated:  kappaOf(p.conf, k, o),
	}
	out.Confusion.Labels = append(slices.Clone(opts.Labels), "O")
	for i := 0; i < k; i++ {
		out.Confusion.Counts = append(out.Confusion.Counts, slices.Clone(p.conf[i*k:(i+1)*k]))
	}
	out.Stances = p.stance.report()
	return out
}
