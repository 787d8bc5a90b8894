package agree

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"hashiya/annotate"
)

// at returns the code point range of the n-th (from 0) occurrence of sub
// in text.
func at(t *testing.T, text, sub string, n int) (int, int) {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q not in %q", sub, text)
		}
		if n == 0 {
			s := len([]rune(text[:from+i]))
			return s, s + len([]rune(sub))
		}
		n--
		from += i + len(sub)
	}
}

func span(t *testing.T, text, sub string, n int, label string, id int64) annotate.Span {
	s, e := at(t, text, sub, n)
	return annotate.Span{ID: id, Start: s, End: e, Label: label}
}

func only(t *testing.T, rep Report) Pair {
	t.Helper()
	if len(rep.Pairs) != 1 {
		t.Fatalf("%d pairs, want 1", len(rep.Pairs))
	}
	return rep.Pairs[0]
}

// TestTokensKrippendorff1995 digitises the first pair of Krippendorff's
// (1995) example into 24 one-letter tokens:
//
//	Bertha: 0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0
//	Bill:   0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0
//
// By hand: both 1 on 6 tokens, Bertha 1 Bill 0 on 8, both 0 on 10.
// Cohen's κ: po = 16/24, pe = (14·6 + 10·18)/24² = 11/24, κ = 5/13 =
// 0.3846 (DKPro's test: 0.385). Fleiss' κ with two raters is Scott's π:
// pe = (20/48)² + (28/48)² = 1184/2304, κ = 11/35 = 0.3143 (DKPro: 0.314).
// Krippendorff's α: o_01 = o_10 = 8, n_1 = 20, n_0 = 28, α = 1 − 47·16 /
// (2·20·28) = 23/70 = 0.3286 (DKPro: 0.329). Spans: no exact match, both
// of Bill's spans inside Bertha's: overlap F1 = 1.
func TestTokensKrippendorff1995(t *testing.T) {
	text := strings.TrimSpace(strings.Repeat("w ", 24))
	tok := func(i, j int) annotate.Span { return annotate.Span{Start: 2 * i, End: 2*j + 1, Label: "A"} }
	doc := Doc{ID: 1, Text: text, Work: []Work{
		{Annotator: "bertha", Done: true, Spans: []annotate.Span{tok(2, 9), tok(14, 19)}},
		{Annotator: "bill", Done: true, Spans: []annotate.Span{tok(4, 7), tok(15, 16)}},
	}}
	rep, err := Compute([]Doc{doc}, Options{Annotators: []string{"bertha", "bill"}, Labels: []string{"A"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := only(t, rep)
	near(t, "κ", float64(p.Tokens.Kappa), 5.0/13, 1e-12)
	near(t, "observed", float64(p.Tokens.Observed), 16.0/24, 1e-12)
	near(t, "Fleiss κ", float64(rep.Overall.FleissKappa), 11.0/35, 1e-12)
	near(t, "α", float64(rep.Overall.KrippendorffAlpha), 23.0/70, 1e-12)
	if p.Tokens.Tokens != 24 || rep.Overall.Tokens != 24 {
		t.Errorf("tokens = %d, %d, want 24", p.Tokens.Tokens, rep.Overall.Tokens)
	}
	if p.Spans.Exact.Matches != 0 || p.Spans.Overlap.Matches != 2 {
		t.Errorf("exact %d, overlap %d matches; want 0, 2", p.Spans.Exact.Matches, p.Spans.Overlap.Matches)
	}
	near(t, "overlap F1", float64(p.Spans.Overlap.F1), 1, 0)
	// Confusion: rows Bertha, columns Bill, labels A then O.
	want := [][]int{{6, 8}, {0, 10}}
	for i := range want {
		for j := range want[i] {
			if p.Confusion.Counts[i][j] != want[i][j] {
				t.Errorf("confusion = %v, want %v", p.Confusion.Counts, want)
			}
		}
	}
}

const arabic = "زار الرئيس واشنطن والولايات المتحدة أمس"

// TestSpansArabic checks span matching on Arabic text.
//
// A: PER الرئيس, LOC واشنطن, LOC والولايات المتحدة (with و).
// B: PER الرئيس, ORG واشنطن, LOC الولايات المتحدة (without و).
//
// Exact: PER only, 1 of 3 each way: P = R = F1 = 1/3. With clitics the
// two LOC spans are a boundary match: 2 of 3, F1 = 2/3, boundary 1.
// Overlap: the same 2 (واشنطن has two labels: no match), F1 = 2/3.
// Tokens (6): A = O PER LOC LOC LOC O, B = O PER ORG LOC LOC O; the LOC
// span of B starts at the break after و, inside the token, and still
// labels it. Labels PER LOC ORG O: rows A 1 3 0 2, columns B 1 2 1 2;
// po = 30/36, pe = (1 + 6 + 0 + 4)/36 = 11/36, κ = 19/25 = 0.76. Without
// the 2 O–O tokens: po = 3/4, pe = (1 + 6)/16, κ = 5/9.
func TestSpansArabic(t *testing.T) {
	a := []annotate.Span{span(t, arabic, "الرئيس", 0, "PER", 1), span(t, arabic, "واشنطن", 0, "LOC", 2),
		span(t, arabic, "والولايات المتحدة", 0, "LOC", 3)}
	b := []annotate.Span{span(t, arabic, "الرئيس", 0, "PER", 11), span(t, arabic, "واشنطن", 0, "ORG", 12),
		span(t, arabic, "الولايات المتحدة", 0, "LOC", 13)}
	doc := Doc{ID: 7, Title: "t", Text: arabic, Work: []Work{
		{Annotator: "a", Done: true, Spans: a}, {Annotator: "b", Done: true, Spans: b}}}
	for _, clitics := range []bool{false, true} {
		rep, err := Compute([]Doc{doc}, Options{Annotators: []string{"a", "b"}, Labels: []string{"PER", "LOC", "ORG"}, ArabicClitics: clitics}, 1)
		if err != nil {
			t.Fatal(err)
		}
		p := only(t, rep)
		near(t, "exact P", float64(p.Spans.Exact.Precision), 1.0/3, 1e-12)
		near(t, "exact R", float64(p.Spans.Exact.Recall), 1.0/3, 1e-12)
		near(t, "exact F1", float64(p.Spans.Exact.F1), 1.0/3, 1e-12)
		near(t, "overlap F1", float64(p.Spans.Overlap.F1), 2.0/3, 1e-12)
		near(t, "κ", float64(p.Tokens.Kappa), 0.76, 1e-12)
		near(t, "κ annotated", float64(p.Tokens.KappaAnnotated), 5.0/9, 1e-12)
		if clitics {
			if p.Spans.Clitic == nil {
				t.Fatal("no clitic figures with ArabicClitics")
			}
			near(t, "clitic F1", float64(p.Spans.Clitic.F1), 2.0/3, 1e-12)
			if p.Spans.Boundary != 1 {
				t.Errorf("boundary = %d, want 1", p.Spans.Boundary)
			}
		} else if p.Spans.Clitic != nil {
			t.Error("clitic figures without ArabicClitics")
		}
		// Per label: LOC 1 span each, overlap 1; ORG only B; PER exact.
		loc := p.ByLabel[1]
		if loc.Label != "LOC" || loc.Exact.A != 2 || loc.Exact.B != 1 || loc.Overlap.Matches != 1 {
			t.Errorf("LOC = %+v", loc)
		}
		if !p.ByLabel[2].Exact.Precision.Undefined() {
			t.Errorf("ORG precision with no A spans = %v, want undefined", p.ByLabel[2].Exact.Precision)
		}
	}
}

func TestBoundaryMatch(t *testing.T) {
	text := "قال إن للحكومة وبالمدينة مدينةً كتاب"
	sub := func(s string) (int, int) { return at(t, text, s, 0) }
	for _, c := range []struct {
		long, short string
		want        bool
	}{
		{"للحكومة", "حكومة", true},
		{"وبالمدينة", "المدينة", true},
		{"وبالمدينة", "مدينة", true},
		{"وبالمدينة", "بالمدينة", true},
		// Form alone cannot tell ك the proclitic from ك the first letter
		// of كتاب: the two count as a boundary match.
		{"كتاب", "تاب", true},
		{"إن للحكومة", "للحكومة", false},
		{"وبالمدينة", "دينة", false},
	} {
		s1, e1 := sub(c.long)
		s2, e2 := sub(c.short)
		cur := annotate.NewTextCursor(text)
		if got := boundaryMatch(&cur, entity{start: s1, end: e1}, entity{start: s2, end: e2}); got != c.want {
			t.Errorf("boundaryMatch(%q, %q) = %v, want %v", c.long, c.short, got, c.want)
		}
	}
	// A tanwin at the end: مدينةً against مدينة without it.
	s, e := sub("مدينةً")
	cur := annotate.NewTextCursor(text)
	if !boundaryMatch(&cur, entity{start: s, end: e}, entity{start: s, end: e - 1}) {
		t.Error("a span without the final tanwin is not a boundary match")
	}
}

// TestStances checks target matching and stance agreement.
//
// A: T1 الولايات المتحدة (mention LOC) AGAINST, author; T2 الحكومة
// FAVOR, held by T3; T3 الرئيس (mention PER), no stance; T4 الشعب
// NEUTRAL, author.
// B: U1 أمريكا (mention overlapping A's LOC) AGAINST, author; U2
// الحكومه FAVOR, author; U3 شخص NEUTRAL; U4 الشعب, no stance.
//
// Matched: T1–U1 by mention, T2–U2 by normalised name (ة = ه), T4–U4 by
// name: 3. Items (AGAINST, AGAINST), (FAVOR, FAVOR), (NEUTRAL, none):
// agreed 2 of 3; categories AGAINST FAVOR NEUTRAL none, rows 1 1 1 0,
// columns 1 1 0 1: po = 2/3, pe = 2/9, κ = (4/9)/(7/9) = 4/7. Holders:
// compared on T1 and T2; T1 both author, T2 T3 against author: 1/2.
func TestStances(t *testing.T) {
	text := "قال الرئيس إن الولايات المتحدة تدعم الحكومة والشعب"
	a := Work{Annotator: "a", Done: true,
		Spans: []annotate.Span{span(t, text, "الولايات المتحدة", 0, "LOC", 1), span(t, text, "الرئيس", 0, "PER", 2)},
		Targets: []annotate.Target{{ID: 1, Name: "الولايات المتحدة", Mentions: []int64{1}}, {ID: 2, Name: "الحكومة"},
			{ID: 3, Name: "الرئيس", Mentions: []int64{2}}, {ID: 4, Name: "الشعب"}},
		Stances: []annotate.Stance{{ID: 1, TargetID: 1, Label: "AGAINST"}, {ID: 2, TargetID: 2, Holder: 3, Label: "FAVOR"},
			{ID: 3, TargetID: 4, Label: "NEUTRAL"}},
	}
	b := Work{Annotator: "b", Done: true,
		Spans: []annotate.Span{span(t, text, "المتحدة", 0, "LOC", 11)},
		Targets: []annotate.Target{{ID: 11, Name: "أمريكا", Mentions: []int64{11}}, {ID: 12, Name: "الحكومه"},
			{ID: 13, Name: "شخص"}, {ID: 14, Name: " الشعب "}},
		Stances: []annotate.Stance{{ID: 11, TargetID: 11, Label: "AGAINST"}, {ID: 12, TargetID: 12, Label: "FAVOR"},
			{ID: 13, TargetID: 13, Label: "NEUTRAL"}},
	}
	rep, err := Compute([]Doc{{ID: 1, Text: text, Work: []Work{a, b}}}, Options{Annotators: []string{"a", "b"}, Labels: []string{"PER", "LOC"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := only(t, rep).Stances
	if s.TargetsA != 4 || s.TargetsB != 4 || s.Matched != 3 || s.Compared != 3 || s.Agreed != 2 {
		t.Errorf("stances = %+v", s)
	}
	near(t, "stance κ", float64(s.Kappa), 4.0/7, 1e-12)
	near(t, "holder agreement", float64(s.HolderAgreement), 0.5, 0)
}

// TestDocumentsCounted checks which documents count, and the ranking.
func TestDocumentsCounted(t *testing.T) {
	text := "w x y z"
	sp := func(s, e int) []annotate.Span { return []annotate.Span{{Start: s, End: e, Label: "A"}} }
	docs := []Doc{
		{ID: 1, Text: text, Work: []Work{{Annotator: "a", Done: true, Spans: sp(0, 1)}, {Annotator: "b", Done: true, Spans: sp(0, 1)}}},
		{ID: 2, Text: text, Work: []Work{{Annotator: "a", Done: true, Spans: sp(0, 1)}, {Annotator: "b", Done: false, Spans: sp(2, 3)}}},
		{ID: 3, Text: text, Work: []Work{{Annotator: "a", Done: true, Spans: sp(0, 1)}, {Annotator: "b", Done: true, Spans: sp(2, 3)}}},
		{ID: 4, Text: text, Work: []Work{{Annotator: "a", Done: true}, {Annotator: "b", Done: true}}},
		{ID: 5, Text: text, Work: []Work{{Annotator: "a", Done: true, Spans: sp(0, 3)}, {Annotator: "b", Done: true, Spans: sp(0, 1)}}},
	}
	opts := Options{Annotators: []string{"a", "b"}, Labels: []string{"A"}}
	rep, err := Compute(docs, opts, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 4 || rep.Pairs[0].Documents != 4 {
		t.Errorf("documents = %d, pair %d; want 4 (document 2 is not done by b)", rep.Documents, rep.Pairs[0].Documents)
	}
	// 3 and 5 have F1 0; 3 leaves 2 spans unmatched, 5 none (they
	// overlap); 1 has F1 1; 4 has no spans and comes last.
	var order []int64
	for _, d := range rep.ByDocument {
		order = append(order, d.ID)
	}
	if want := []int64{3, 5, 1, 4}; !equal(order, want) {
		t.Errorf("documents by agreement = %v, want %v", order, want)
	}
	opts.All = true
	rep, _ = Compute(docs, opts, 1)
	if rep.Documents != 5 {
		t.Errorf("with All, documents = %d, want 5", rep.Documents)
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestEvidenceSpansIgnored(t *testing.T) {
	text := "w x y z"
	docs := []Doc{{ID: 1, Text: text, Work: []Work{
		{Annotator: "a", Done: true, Spans: []annotate.Span{{Start: 0, End: 1, Label: "PER"}, {Start: 2, End: 7, Label: "EVIDENCE"}}},
		{Annotator: "b", Done: true, Spans: []annotate.Span{{Start: 0, End: 1, Label: "PER"}}}}}}
	rep, _ := Compute(docs, Options{Annotators: []string{"a", "b"}, Labels: []string{"PER"}}, 1)
	p := only(t, rep)
	if p.Spans.Exact.A != 1 || p.Spans.Exact.F1 != 1 {
		t.Errorf("a span of a label outside Labels counted: %+v", p.Spans.Exact)
	}
}

func TestNewStudyErrors(t *testing.T) {
	for _, names := range [][]string{nil, {"a"}, {"a", "a"}, {"a", ""}} {
		if _, err := NewStudy(Options{Annotators: names}); err == nil || annotate.ErrorMessage(err) == "" {
			t.Errorf("NewStudy(%q) = %v, want a sentence", names, err)
		}
	}
}

func TestScoreJSON(t *testing.T) {
	b, err := json.Marshal([]Score{0.5, Score(math.NaN()), 1})
	if err != nil || string(b) != "[0.5,null,1]" {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	var s []Score
	if err := json.Unmarshal(b, &s); err != nil || len(s) != 3 || !s[1].Undefined() || s[0] != 0.5 {
		t.Errorf("Unmarshal = %v, %v", s, err)
	}
}
