package annotate

import (
	"testing"
	"unicode/utf8"
)

func TestTrimSpan(t *testing.T) {
	text := "قال  عبد الأحد اسطيفو\u200f: «نعم»\n"
	for _, tc := range []struct {
		name             string
		start, end       int
		wantStart, wantE int
	}{
		{"leading space (the issue's Shift+Left)", 4, 21, 5, 21},
		{"trailing RLM", 5, 22, 5, 21},
		{"reversed range", 22, 5, 5, 21},
		{"only spaces", 3, 5, 5, 5},
		{"past the end is clamped", 25, 99, 25, 29},
		{"negative start", -3, 3, 0, 3},
		{"already clean", 0, 3, 0, 3},
		{"line break at the end", 24, 30, 24, 29},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e := TrimSpan(text, tc.start, tc.end)
			if s != tc.wantStart || e != tc.wantE {
				t.Errorf("TrimSpan(%d, %d) = %d, %d; want %d, %d (%q)", tc.start, tc.end, s, e, tc.wantStart, tc.wantE, Slice(text, s, e))
			}
		})
	}
}

func TestSpanValidateRefusesEdgeSpace(t *testing.T) {
	doc := Document{ID: 1, Text: "قال عبد الأحد\u200e اسطيفو"}
	schema := DefaultSchema()
	for _, tc := range []struct {
		start, end int
		code       Code
	}{
		{3, 13, ECodeEdgeSpace}, // " عبد الأحد"
		{4, 14, ECodeEdgeSpace}, // "عبد الأحد\u200e"
		{4, 13, ""},             // "عبد الأحد"
	} {
		s := Span{DocumentID: 1, Start: tc.start, End: tc.end, Label: "PER", Annotator: "a", Origin: OriginManual}
		if got := ErrorCode(s.Validate(&doc, &schema)); got != tc.code {
			t.Errorf("span %d–%d %q: code %q, want %q", tc.start, tc.end, Slice(doc.Text, tc.start, tc.end), got, tc.code)
		}
	}
	ev := Span{DocumentID: 1, Start: 0, End: 3, Kind: SpanEvidence, Annotator: "a", Origin: OriginManual}
	if err := ev.Validate(&doc, &schema); err != nil {
		t.Errorf("evidence span without a label: %v", err)
	}
	ev.Label = "MISC"
	if got := ErrorCode(ev.Validate(&doc, &schema)); got != ECodeInvalid {
		t.Errorf("evidence span with a label: code %q, want invalid", got)
	}
	ev.Label, ev.Kind = "", "quote"
	if got := ErrorCode(ev.Validate(&doc, &schema)); got != ECodeInvalid {
		t.Errorf("unknown kind: code %q, want invalid", got)
	}
}

func TestCheckOverlapKinds(t *testing.T) {
	schema := DefaultSchema()
	schema.AllowOverlap = false
	loc := Span{ID: 1, DocumentID: 1, Annotator: "a", Start: 10, End: 15, Label: "LOC"}
	quote := Span{DocumentID: 1, Annotator: "a", Start: 0, End: 58, Kind: SpanEvidence}
	if err := CheckOverlap(&schema, []Span{loc}, quote); err != nil {
		t.Errorf("a quote around a LOC was refused: %v", err)
	}
	quote.ID = 0
	if got := ErrorCode(CheckOverlap(&schema, []Span{{ID: 2, DocumentID: 1, Annotator: "a", Start: 0, End: 58, Kind: SpanEvidence}}, quote)); got != ECodeDuplicate {
		t.Errorf("the same evidence twice: code %q, want duplicate", got)
	}
}

// FuzzTrimSpan: any selection over any text trims to a range that lies in
// the text, inside the selection, with no junk at either edge, and whose
// slice is the selection's slice with junk cut off only at its ends.
func FuzzTrimSpan(f *testing.F) {
	f.Add("قال  عبد الأحد\u200f ", 2, 16)
	f.Add(" \u200e\u2067x\u2069 ", 0, 7)
	f.Add("", 0, 0)
	f.Add("abc", 5, -2)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if !utf8.ValidString(text) {
			return
		}
		n := RuneLen(text)
		s, e := TrimSpan(text, start, end)
		lo, hi := min(start, end), max(start, end)
		lo, hi = min(max(lo, 0), n), min(hi, n)
		if s < 0 || e > n || s > e {
			t.Fatalf("TrimSpan(%q, %d, %d) = %d, %d: outside the text of %d", text, start, end, s, e, n)
		}
		if s == e {
			for _, r := range []rune(text)[lo:max(lo, hi)] {
				if !IsSpanEdgeJunk(r) {
					t.Fatalf("TrimSpan(%q, %d, %d) is empty but the selection holds %q", text, start, end, r)
				}
			}
			return
		}
		if s < lo || e > hi {
			t.Fatalf("TrimSpan(%q, %d, %d) = %d, %d: outside the selection %d–%d", text, start, end, s, e, lo, hi)
		}
		got := Slice(text, s, e)
		if r, _, bad := edgeSpace(got); bad {
			t.Fatalf("TrimSpan(%q, %d, %d) = %q still has %U at an edge", text, start, end, got, r)
		}
		rs := []rune(text)
		if string(rs[s:e]) != got {
			t.Fatalf("text[%d:%d] = %q, Slice says %q", s, e, string(rs[s:e]), got)
		}
		for _, r := range rs[lo:s] {
			if !IsSpanEdgeJunk(r) {
				t.Fatalf("trimmed %U off the start", r)
			}
		}
		for _, r := range rs[e:hi] {
			if !IsSpanEdgeJunk(r) {
				t.Fatalf("trimmed %U off the end", r)
			}
		}
		sp := Span{DocumentID: 1, Start: s, End: e, Label: "PER", Annotator: "a", Origin: OriginManual}
		doc := Document{ID: 1, Text: text}
		schema := DefaultSchema()
		if ErrorCode(sp.Validate(&doc, &schema)) == ECodeEdgeSpace {
			t.Fatalf("Validate refuses the trimmed span %q", got)
		}
	})
}
