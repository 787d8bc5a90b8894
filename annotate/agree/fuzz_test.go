package agree

import (
	"math"
	"testing"

	"hashiya/annotate"
)

// FuzzStudy builds documents with arbitrary spans, targets and stances
// from the fuzzer's bytes and checks that a study never panics and that
// every figure is undefined or in its range.
func FuzzStudy(f *testing.F) {
	f.Add([]byte{3, 0, 1, 2, 5, 1, 0, 1, 2, 9}, "زار الرئيس واشنطن والولايات المتحدة أمس")
	f.Add([]byte{255, 0, 255, 7, 7, 7, 1, 2, 3, 4, 5, 6}, "w x y z")
	f.Add([]byte{}, "")
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		text = string([]rune(text)) // valid UTF-8, as frozen texts are
		n := len([]rune(text))
		labels := []string{"PER", "LOC", "ORG"}
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := int(data[0])
			data = data[1:]
			return b
		}
		names := []string{"a", "b", "c"}
		var docs []Doc
		for d := 0; d < 3; d++ {
			doc := Doc{ID: int64(d + 1), Text: text}
			for r, name := range names {
				w := Work{Annotator: name, Done: next()%4 != 0}
				for s := next() % 6; s > 0; s-- {
					start, end := 0, 0
					if n > 0 {
						start = next() % n
						end = start + 1 + next()%(n-start)
					}
					w.Spans = append(w.Spans, annotate.Span{ID: int64(100*r + s), Start: start, End: end, Label: labels[next()%3]})
				}
				for tg := next() % 3; tg > 0; tg-- {
					tt := annotate.Target{ID: int64(10*r + tg), Name: []string{"الحكومة", "الحكومه", "x"}[next()%3]}
					if len(w.Spans) > 0 {
						tt.Mentions = []int64{w.Spans[next()%len(w.Spans)].ID}
					}
					w.Targets = append(w.Targets, tt)
					w.Stances = append(w.Stances, annotate.Stance{ID: tt.ID, TargetID: tt.ID, Holder: int64(next() % 2 * (10*r + 1)),
						Label: []string{"FAVOR", "AGAINST"}[next()%2]})
				}
				doc.Work = append(doc.Work, w)
			}
			docs = append(docs, doc)
		}
		rep, err := Compute(docs, Options{Annotators: names, Labels: labels, ArabicClitics: true, All: next()%2 == 0}, 2)
		if err != nil {
			t.Fatal(err)
		}
		in := func(what string, s Score, lo, hi float64) {
			if s.Undefined() {
				return
			}
			if v := float64(s); v < lo-1e-9 || v > hi+1e-9 || math.IsNaN(v) {
				t.Errorf("%s = %v, outside [%g, %g]", what, v, lo, hi)
			}
		}
		match := func(what string, m Match) {
			in(what+" precision", m.Precision, 0, 1)
			in(what+" recall", m.Recall, 0, 1)
			in(what+" F1", m.F1, 0, 1)
			if m.Matches > m.A || m.Matches > m.B {
				t.Errorf("%s: %d matches of %d and %d spans", what, m.Matches, m.A, m.B)
			}
		}
		for _, p := range rep.Pairs {
			match("exact", p.Spans.Exact)
			match("overlap", p.Spans.Overlap)
			if p.Spans.Clitic != nil {
				match("clitic", *p.Spans.Clitic)
			}
			if p.Spans.Exact.Matches > p.Spans.Overlap.Matches {
				t.Errorf("more exact matches (%d) than overlap matches (%d)", p.Spans.Exact.Matches, p.Spans.Overlap.Matches)
			}
			in("κ", p.Tokens.Kappa, -1, 1)
			in("κ annotated", p.Tokens.KappaAnnotated, -1, 1)
			in("observed", p.Tokens.Observed, 0, 1)
			in("stance κ", p.Stances.Kappa, -1, 1)
			in("holder agreement", p.Stances.HolderAgreement, 0, 1)
		}
		in("Fleiss κ", rep.Overall.FleissKappa, -1, 1)
		in("α", rep.Overall.KrippendorffAlpha, -math.MaxFloat64, 1)
		in("αu", rep.Overall.AlphaU, -math.MaxFloat64, 1)
		for _, d := range rep.ByDocument {
			in("document F1", d.ExactF1, 0, 1)
			in("document αu", d.AlphaU, -math.MaxFloat64, 1)
		}
	})
}
