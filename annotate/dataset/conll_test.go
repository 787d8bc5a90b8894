package dataset

import (
	"strings"
	"testing"

	"hashiya/annotate"
)

func TestCoNLL(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		spans [][3]any // start, end, label
		want  string
	}{
		{name: "no spans, two sentences", text: "Hi there. Bye.",
			want: "-DOCSTART-\tO\n\nHi\tO\nthere\tO\n.\tO\n\nBye\tO\n.\tO\n\n"},
		{name: "crossing spans take two columns", text: "New York City Hall",
			spans: [][3]any{{0, 13, "LOC"}, {9, 18, "ORG"}},
			want:  "-DOCSTART-\tO\tO\n\nNew\tB-LOC\tO\nYork\tI-LOC\tO\nCity\tI-LOC\tB-ORG\nHall\tO\tI-ORG\n\n"},
		{name: "three levels, outermost first", text: "Bank of New York",
			spans: [][3]any{{8, 16, "LOC"}, {0, 16, "ORG"}, {12, 16, "MISC"}},
			want:  "-DOCSTART-\tO\tO\tO\n\nBank\tB-ORG\tO\tO\nof\tI-ORG\tO\tO\nNew\tI-ORG\tB-LOC\tO\nYork\tI-ORG\tI-LOC\tB-MISC\n\n"},
		{name: "a span inside a word splits the token", text: "وللائتلاف موقف",
			spans: [][3]any{{2, 9, "ORG"}},
			want:  "-DOCSTART-\tO\n\nو\tO\nل\tO\nلائتلاف\tB-ORG\nموقف\tO\n\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := Item{Doc: annotate.Document{ID: 1, Text: c.text}, Annotator: "a"}
			for i, s := range c.spans {
				start, end := s[0].(int), s[1].(int)
				it.Annotations.Spans = append(it.Annotations.Spans, annotate.Span{ID: int64(i + 1), Start: start, End: end, Label: s[2].(string), Text: annotate.Slice(c.text, start, end)})
			}
			got := string(export(t, []Item{it}, CoNLL, Codepoint))
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", strings.ReplaceAll(got, "\t", "→"), strings.ReplaceAll(c.want, "\t", "→"))
			}
		})
	}
}
