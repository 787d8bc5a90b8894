package agree

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"hashiya/annotate"
)

// Work is one annotator's work on one document.
type Work struct {
	Annotator string
	// Done is true when the annotator marked the document done.
	Done bool
	// Spans, Targets and Stances are the annotator's, as storage returns
	// them; span offsets are code points, from 0, end exclusive.
	Spans   []annotate.Span
	Targets []annotate.Target
	Stances []annotate.Stance
}

// Doc is a document with the work of each annotator who has any.
type Doc struct {
	ID    int64
	Title string
	// Text is the document's frozen text.
	Text string
	// Length is the text's length in code points; 0 counts it from Text
	// (storage has it already, and counting costs).
	Length int
	Work   []Work
}

// Options choose what a Study compares.
type Options struct {
	// Annotators are the annotators to compare, at least two, in the order
	// the report lists them.
	Annotators []string
	// Labels are the entity labels that count, in report order; spans
	// of any other label are ignored (evidence spans, say).
	Labels []string
	// All counts documents an annotator has not marked done but worked on.
	All bool
	// ArabicClitics reports clitic and harakat boundary matches.
	ArabicClitics bool
}

// Score is a figure that may be undefined (NaN): JSON writes it as null.
type Score float64

// Undefined reports whether the score could not be computed (for
// instance F1 with no spans at all, or κ when every token is O).
func (s Score) Undefined() bool { return math.IsNaN(float64(s)) || math.IsInf(float64(s), 0) }

// MarshalJSON writes the number in full precision, or null.
func (s Score) MarshalJSON() ([]byte, error) {
	if s.Undefined() {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(s), 'g', -1, 64), nil
}

// UnmarshalJSON reads a number or null.
func (s *Score) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = Score(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*s = Score(f)
	return nil
}

// String formats the score with three decimals, or "–" when undefined.
func (s Score) String() string {
	if s.Undefined() {
		return "–"
	}
	return strconv.FormatFloat(float64(s), 'f', 3, 64)
}

func ratio(n, d float64) Score {
	if d == 0 {
		return Score(math.NaN())
	}
	return Score(n / d)
}

// Match counts how a pair's spans match one way of matching.
type Match struct {
	Matches int `json:"matches"`
	// A and B are the spans of the first and second annotator.
	A int `json:"a_spans"`
	B int `json:"b_spans"`
	// Precision is Matches/A (B as the reference), Recall Matches/B.
	Precision Score `json:"precision"`
	Recall    Score `json:"recall"`
	F1        Score `json:"f1"`
}

func newMatch(m, a, b int) Match {
	return Match{Matches: m, A: a, B: b,
		Precision: ratio(float64(m), float64(a)),
		Recall:    ratio(float64(m), float64(b)),
		F1:        ratio(2*float64(m), float64(a+b))}
}

// SpanAgreement is a pair's span agreement under each way of matching.
type SpanAgreement struct {
	Label   string `json:"label,omitempty"`
	Exact   Match  `json:"exact"`
	Overlap Match  `json:"overlap"`
	// Clitic counts exact matches and boundary matches together; nil
	// unless Options.ArabicClitics.
	Clitic *Match `json:"clitic,omitempty"`
	// Boundary is the number of matches that differ only by proclitics,
	// harakat or tatweel (with Options.ArabicClitics).
	Boundary int `json:"boundary_matches"`
}

// TokenAgreement is a pair's agreement on token labels.
type TokenAgreement struct {
	Tokens int `json:"tokens"`
	// Observed is the share of tokens both gave the same label (O included).
	Observed Score `json:"observed"`
	Kappa    Score `json:"kappa"`
	// AnnotatedTokens and KappaAnnotated leave out tokens both left O.
	AnnotatedTokens int   `json:"annotated_tokens"`
	KappaAnnotated  Score `json:"kappa_annotated"`
}

// Confusion is a matrix of token labels: Counts[i][j] tokens the first
// annotator labelled Labels[i] and the second Labels[j]. The last label is O.
type Confusion struct {
	Labels []string `json:"labels"`
	Counts [][]int  `json:"counts"`
}

// StanceAgreement is a pair's agreement on targets and stances.
type StanceAgreement struct {
	TargetsA int `json:"targets_a"`
	TargetsB int `json:"targets_b"`
	// Matched are the target pairs matched by mention or name.
	Matched int `json:"matched_targets"`
	// Compared are matched targets at least one of the pair gave a stance.
	Compared int   `json:"compared"`
	Agreed   int   `json:"agreed"`
	Kappa    Score `json:"kappa"`
	// HolderCompared are matched targets both gave a stance; HolderAgreed
	// those whose holders correspond.
	HolderCompared  int   `json:"holder_compared"`
	HolderAgreed    int   `json:"holder_agreed"`
	HolderAgreement Score `json:"holder_agreement"`
}

// Pair is the agreement of two annotators.
type Pair struct {
	A         string          `json:"a"`
	B         string          `json:"b"`
	Documents int             `json:"documents"`
	Spans     SpanAgreement   `json:"spans"`
	ByLabel   []SpanAgreement `json:"spans_by_label"`
	Tokens    TokenAgreement  `json:"tokens"`
	Confusion Confusion       `json:"confusion"`
	Stances   StanceAgreement `json:"stances"`
}

// LabelScore is a score for one label.
type LabelScore struct {
	Label string `json:"label"`
	Score Score  `json:"score"`
}

// Overall are the figures across all selected annotators.
type Overall struct {
	// Documents every selected annotator counts on: Fleiss' κ and αu.
	Documents   int   `json:"documents"`
	Tokens      int   `json:"tokens"`
	FleissKappa Score `json:"fleiss_kappa"`
	// AlphaDocuments at least two annotators count on: Krippendorff's α.
	AlphaDocuments    int   `json:"alpha_documents"`
	AlphaTokens       int   `json:"alpha_tokens"`
	KrippendorffAlpha Score `json:"krippendorff_alpha"`
	// AlphaU is unitizing αu over the Documents' characters laid end to
	// end (ContinuumLength code points).
	ContinuumLength int          `json:"continuum_length"`
	AlphaU          Score        `json:"alpha_u"`
	AlphaUByLabel   []LabelScore `json:"alpha_u_by_label"`
}

// DocAgreement is one document's agreement, for finding where a team
// disagrees most.
type DocAgreement struct {
	ID    int64  `json:"document_id"`
	Title string `json:"title"`
	// Annotators who count on the document.
	Annotators []string `json:"annotators"`
	// ExactF1 and OverlapF1 are micro F1 over the pairs compared on it.
	ExactF1   Score `json:"exact_f1"`
	OverlapF1 Score `json:"overlap_f1"`
	// Unmatched spans under overlap matching, summed over the pairs.
	Unmatched int   `json:"unmatched_spans"`
	Kappa     Score `json:"kappa"`
	AlphaU    Score `json:"alpha_u"`
}

// Report is what a Study found.
type Report struct {
	Annotators    []string `json:"annotators"`
	Labels        []string `json:"labels"`
	All           bool     `json:"all_documents"`
	ArabicClitics bool     `json:"arabic_clitics"`
	// Documents at least one pair is compared on.
	Documents int     `json:"documents"`
	Pairs     []Pair  `json:"pairs"`
	Overall   Overall `json:"overall"`
	// ByDocument lists the documents compared, lowest agreement first.
	ByDocument []DocAgreement `json:"documents_by_agreement"`
}

// Study gathers agreement over documents added one at a time, in
// document order. A Study is not safe for concurrent use; Analyze is,
// for callers that spread the per-document work over cores.
type Study struct {
	opts   Options
	labels map[string]int
	pairs  []pairAcc
	fleiss fleissAcc
	alpha  alphaAcc
	unit   unitizingAcc
	docs   []DocAgreement
	n      int
}

// NewStudy starts a study. It needs at least two distinct annotators.
func NewStudy(opts Options) (*Study, error) {
	seen := map[string]bool{}
	for _, a := range opts.Annotators {
		if a == "" {
			return nil, annotate.Errorf(annotate.ECodeInvalid, "An annotator name is empty; list names separated by commas.")
		}
		if seen[a] {
			return nil, annotate.Errorf(annotate.ECodeDuplicate, "Annotator %q is listed twice.", a)
		}
		seen[a] = true
	}
	if len(opts.Annotators) < 2 {
		return nil, annotate.Errorf(annotate.ECodeInvalid, "Agreement needs at least two annotators; this database has work by %d.", len(opts.Annotators))
	}
	s := &Study{opts: opts, labels: map[string]int{}}
	for i, l := range opts.Labels {
		s.labels[l] = i
	}
	k := len(opts.Labels) + 1
	for i := range opts.Annotators {
		for j := i + 1; j < len(opts.Annotators); j++ {
			s.pairs = append(s.pairs, newPairAcc(i, j, len(opts.Labels)))
		}
	}
	s.fleiss = fleissAcc{raters: len(opts.Annotators), totals: make([]float64, k)}
	s.alpha = alphaAcc{o: make([]float64, k*k), k: k}
	s.unit = newUnitizingAcc(len(opts.Annotators), len(opts.Labels))
	return s, nil
}

// Analysis is the per-document work of a study, which Analyze does and
// Add takes; it holds nothing the caller needs to read.
type Analysis struct {
	doc     DocAgreement
	present []bool
	// labels[r] are annotator r's token labels (nil when absent).
	labels [][]int32
	pairs  []pairDoc
	units  [][][]section // annotator, label: merged units
	// observed are the document's αu distances over the annotators
	// present, per label (nil: none computed).
	observed []float64
	length   int
}

// Analyze does the work of one document that does not depend on others.
// It is safe to call from several goroutines; pass the results to Add in
// document order.
func (s *Study) Analyze(d *Doc) *Analysis {
	R := len(s.opts.Annotators)
	an := &Analysis{present: make([]bool, R), labels: make([][]int32, R), units: make([][][]section, R)}
	works := make([]*Work, R)
	for i := range d.Work {
		w := &d.Work[i]
		r := slices.Index(s.opts.Annotators, w.Annotator)
		if r < 0 || !(w.Done || s.opts.All) {
			continue
		}
		works[r] = w
		an.present[r] = true
	}
	count := 0
	for _, p := range an.present {
		if p {
			count++
		}
	}
	if count < 2 {
		return an
	}
	an.length = d.Length
	if an.length == 0 {
		an.length = utf8.RuneCountInString(d.Text)
	}
	buf := tokenBufs.Get().(*[]annotate.Token)
	tokens := annotate.AppendTokens((*buf)[:0], d.Text)
	defer func() {
		*buf = tokens
		tokenBufs.Put(buf)
	}()
	spans := make([][]entity, R)
	best := make([]int, 2*len(tokens))
	for r, w := range works {
		if w == nil {
			continue
		}
		spans[r] = s.entitySpans(w.Spans, an.length)
		an.labels[r] = tokenLabels(tokens, spans[r], len(s.opts.Labels), best)
		an.units[r] = mergedUnits(spans[r], len(s.opts.Labels))
	}
	an.doc = DocAgreement{ID: d.ID, Title: d.Title}
	for r, p := range an.present {
		if p {
			an.doc.Annotators = append(an.doc.Annotators, s.opts.Annotators[r])
		}
	}
	text := annotate.NewTextCursor(d.Text)
	var m, mo, tot, unmatched int
	var conf []int
	k := len(s.opts.Labels) + 1
	for pi := range s.pairs {
		p := &s.pairs[pi]
		if works[p.a] == nil || works[p.b] == nil {
			an.pairs = append(an.pairs, pairDoc{})
			continue
		}
		pd := pairDoc{ok: true}
		pd.spans = matchSpans(&text, spans[p.a], spans[p.b], len(s.opts.Labels))
		pd.conf = confusion(an.labels[p.a], an.labels[p.b], k)
		pd.stance = matchStances(works[p.a], works[p.b])
		for _, c := range pd.spans {
			m += c.exact
			mo += c.overlap
			tot += c.a + c.b
			unmatched += c.a + c.b - 2*c.overlap
		}
		if conf == nil {
			conf = make([]int, k*k)
		}
		for i, v := range pd.conf {
			conf[i] += v
		}
		an.pairs = append(an.pairs, pd)
	}
	an.doc.ExactF1 = ratio(2*float64(m), float64(tot))
	an.doc.OverlapF1 = ratio(2*float64(mo), float64(tot))
	an.doc.Unmatched = unmatched
	an.doc.Kappa = kappaOf(conf, k, -1)
	an.doc.AlphaU, an.observed = alphaUOfDoc(an.units, an.length, len(s.opts.Labels))
	return an
}

// tokenBufs reuse token slices across documents: Analyze needs a
// document's tokens only while it runs.
var tokenBufs = sync.Pool{New: func() any { return new([]annotate.Token) }}

// entity is an entity span as agreement sees it: code points [start,
// end) and the index of its label in Options.Labels. A Span is some 160
// bytes and its label a string to look up; the matching loops read
// only these three numbers.
type entity struct{ start, end, label int }

// entitySpans keeps the spans of counted labels that lie inside the text.
func (s *Study) entitySpans(in []annotate.Span, n int) []entity {
	out := make([]entity, 0, len(in))
	for i := range in {
		sp := &in[i]
		if l, ok := s.labels[sp.Label]; ok && sp.Start >= 0 && sp.Start < sp.End && sp.End <= n {
			out = append(out, entity{sp.Start, sp.End, l})
		}
	}
	// By label, then position: each label's spans are then one run.
	slices.SortFunc(out, func(x, y entity) int {
		return cmp.Or(cmp.Compare(x.label, y.label), cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end))
	})
	// One annotator cannot have the same span twice; drop duplicates a
	// caller might pass.
	return slices.Compact(out)
}

// Add adds a document to the study; documents must come in a fixed
// order (the order of the αu continuum).
func (s *Study) Add(d *Doc) { s.AddAnalysis(s.Analyze(d)) }

// AddAnalysis adds what Analyze found on a document.
func (s *Study) AddAnalysis(an *Analysis) {
	R := len(s.opts.Annotators)
	count := 0
	for _, p := range an.present {
		if p {
			count++
		}
	}
	if count < 2 {
		return
	}
	s.n++
	for pi := range s.pairs {
		if pi < len(an.pairs) && an.pairs[pi].ok {
			s.pairs[pi].add(&an.pairs[pi])
		}
	}
	s.alpha.add(an.labels, an.present)
	if count == R {
		s.fleiss.add(an.labels)
		if an.observed != nil { // everyone is present: the same pairs
			s.unit.addObserved(an.units, an.length, an.observed)
		} else {
			s.unit.add(an.units, an.length)
		}
	}
	s.docs = append(s.docs, an.doc)
}

// Report computes the figures from everything added so far.
func (s *Study) Report() Report {
	rep := Report{
		Annotators:    slices.Clone(s.opts.Annotators),
		Labels:        slices.Clone(s.opts.Labels),
		All:           s.opts.All,
		ArabicClitics: s.opts.ArabicClitics,
		Documents:     s.n,
	}
	for i := range s.pairs {
		rep.Pairs = append(rep.Pairs, s.pairs[i].report(s.opts))
	}
	rep.Overall.Documents = s.fleiss.docs
	rep.Overall.Tokens = s.fleiss.items
	rep.Overall.FleissKappa = s.fleiss.kappa()
	rep.Overall.AlphaDocuments = s.alpha.docs
	rep.Overall.AlphaTokens = s.alpha.items
	rep.Overall.KrippendorffAlpha = s.alpha.value()
	rep.Overall.ContinuumLength = s.unit.length
	all, by := s.unit.alphaU()
	rep.Overall.AlphaU = all
	for i, l := range s.opts.Labels {
		if !by[i].Undefined() {
			rep.Overall.AlphaUByLabel = append(rep.Overall.AlphaUByLabel, LabelScore{Label: l, Score: by[i]})
		}
	}
	rep.ByDocument = slices.Clone(s.docs)
	slices.SortStableFunc(rep.ByDocument, func(x, y DocAgreement) int {
		xu, yu := x.ExactF1.Undefined(), y.ExactF1.Undefined()
		if xu != yu {
			if xu {
				return 1
			}
			return -1
		}
		if !xu {
			if c := cmp.Compare(x.ExactF1, y.ExactF1); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(y.Unmatched, x.Unmatched), cmp.Compare(x.ID, y.ID))
	})
	return rep
}

// Compute runs a study over docs, in their order, spreading the
// per-document work over workers goroutines (1 or less: one).
func Compute(docs []Doc, opts Options, workers int) (Report, error) {
	s, err := NewStudy(opts)
	if err != nil {
		return Report{}, err
	}
	out := make([]*Analysis, len(docs))
	parallel(len(docs), workers, func(i int) { out[i] = s.Analyze(&docs[i]) })
	for _, an := range out {
		s.AddAnalysis(an)
	}
	return s.Report(), nil
}

// parallel calls fn(0..n-1) on up to workers goroutines.
func parallel(n, workers int, fn func(int)) {
	if workers <= 1 || n < 2 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	next := make(chan int)
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			for i := range next {
				fn(i)
			}
			done <- struct{}{}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		<-done
	}
}
