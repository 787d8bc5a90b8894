package dataset

import (
	"io/fs"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/assets"
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

// TestCoNLLSentencesNeverStartInside puts an entity over the two tokens
// around every sentence break in the bundled sample articles and the
// test corpus: the export must then start no sentence with an I- tag.
func TestCoNLLSentencesNeverStartInside(t *testing.T) {
	var texts []string
	err := fs.WalkDir(assets.Corpus, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") {
			return err
		}
		b, err := fs.ReadFile(assets.Corpus, path)
		texts = append(texts, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range corpus {
		texts = append(texts, d.text)
	}
	if len(texts) < 8 {
		t.Fatalf("only %d texts to try", len(texts))
	}
	tried := 0
	for n, text := range texts {
		toks := annotate.Tokenize(text)
		it := Item{Doc: annotate.Document{ID: 1, Text: text}, Annotator: "a"}
		for _, b := range annotate.SentenceBreaks(text, toks) {
			j, _ := annotate.TokenAt(toks, b)
			if j == 0 || j >= len(toks) {
				continue
			}
			s, e := toks[j-1].Start, toks[j].End
			it.Annotations.Spans = append(it.Annotations.Spans, annotate.Span{ID: int64(len(it.Annotations.Spans) + 1), Start: s, End: e, Label: "X", Text: annotate.Slice(text, s, e)})
		}
		tried += len(it.Annotations.Spans)
		if len(it.Annotations.Spans) == 0 {
			continue
		}
		out := string(export(t, []Item{it}, CoNLL, Codepoint))
		for _, sent := range strings.Split(strings.TrimSpace(out), "\n\n")[1:] { // after -DOCSTART-
			if first := strings.SplitN(sent, "\n", 2)[0]; strings.Contains(first, "\tI-") {
				t.Errorf("text %d: a sentence starts inside an entity: %q", n, first)
			}
		}
	}
	if tried < 20 {
		t.Errorf("only %d sentence breaks tried", tried)
	}
}
