package annotate

import (
	"fmt"
	"strings"
	"testing"
)

// sp is a compact span for tables: "start-end:LABEL".
func sp(start, end int, label string) Span { return Span{Start: start, End: end, Label: label} }

// describeCuration writes c as "agreed: ...; [s-e a:... b:...] ...".
func describeCuration(c Curation) string {
	var b strings.Builder
	b.WriteString("agreed:")
	for _, s := range c.Agreed {
		fmt.Fprintf(&b, " %d-%d:%s", s.Start, s.End, s.Label)
	}
	for _, d := range c.Disagreements {
		fmt.Fprintf(&b, "; [%d-%d", d.Start, d.End)
		for k, v := range d.Versions {
			fmt.Fprintf(&b, " %s:", c.Annotators[k])
			for i, s := range v {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%d-%d%s", s.Start, s.End, s.Label)
			}
		}
		b.WriteString("]")
	}
	return b.String()
}

func TestCurate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		names []string
		spans map[string][]Span
		want  string
	}{
		{"nobody", nil, nil, "agreed:"},
		{"all agree", []string{"a", "b"},
			map[string][]Span{"a": {sp(0, 5, "PER"), sp(9, 12, "LOC")}, "b": {sp(9, 12, "LOC"), sp(0, 5, "PER")}},
			"agreed: 0-5:PER 9-12:LOC"},
		{"label differs", []string{"a", "b"},
			map[string][]Span{"a": {sp(0, 5, "PER")}, "b": {sp(0, 5, "ORG")}},
			"agreed:; [0-5 a:0-5PER b:0-5ORG]"},
		{"one missed it", []string{"a", "b", "c"},
			map[string][]Span{"a": {sp(0, 5, "PER")}, "b": {sp(0, 5, "PER")}},
			"agreed:; [0-5 a:0-5PER b:0-5PER c:]"},
		// Overlap is transitive: 0-5 and 3-8 and 7-10 are one stretch;
		// 20-22 is apart though only one annotator marked it.
		{"chained boundaries", []string{"a", "b"},
			map[string][]Span{"a": {sp(0, 5, "ORG"), sp(7, 10, "LOC"), sp(20, 22, "PER")}, "b": {sp(3, 8, "ORG"), sp(30, 31, "LOC")}},
			"agreed:; [0-10 a:0-5ORG,7-10LOC b:3-8ORG]; [20-22 a:20-22PER b:]; [30-31 a: b:30-31LOC]"},
		// Touching spans (end == start) do not overlap.
		{"touching", []string{"a", "b"},
			map[string][]Span{"a": {sp(0, 5, "ORG")}, "b": {sp(5, 8, "ORG")}},
			"agreed:; [0-5 a:0-5ORG b:]; [5-8 a: b:5-8ORG]"},
		{"evidence is not compared", []string{"a", "b"},
			map[string][]Span{"a": {{Start: 0, End: 9, Kind: SpanEvidence}}, "b": {}},
			"agreed:"},
		{"duplicates count once", []string{"a", "b"},
			map[string][]Span{"a": {sp(0, 5, "PER"), sp(0, 5, "PER")}, "b": {sp(0, 5, "PER")}},
			"agreed: 0-5:PER"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := describeCuration(Curate(tc.names, tc.spans)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestVotes(t *testing.T) {
	names := []string{"a", "b", "c"}
	spans := map[string][]Span{
		"a": {sp(0, 5, "PER"), sp(9, 12, "LOC")},
		"b": {sp(0, 5, "PER"), sp(9, 12, "ORG")},
		"c": {sp(0, 5, "PER"), sp(9, 12, "LOC"), sp(20, 21, "PER")},
	}
	var got []string
	for _, v := range Votes(names, spans) {
		got = append(got, fmt.Sprintf("%d-%d:%s=%d", v.Span.Start, v.Span.End, v.Span.Label, v.Votes))
	}
	if s := strings.Join(got, " "); s != "0-5:PER=3 9-12:LOC=2 9-12:ORG=1 20-21:PER=1" {
		t.Fatal(s)
	}
}

func TestSameSpans(t *testing.T) {
	a := []Span{sp(0, 5, "PER"), sp(9, 12, "LOC")}
	if !SameSpans(a, []Span{sp(9, 12, "LOC"), {Start: 0, End: 5, Label: "PER", Annotator: "gold"}}) {
		t.Error("same spans in another order and annotator differ")
	}
	if SameSpans(a, a[:1]) || SameSpans(nil, a) || !SameSpans(nil, nil) {
		t.Error("different spans are the same")
	}
}
