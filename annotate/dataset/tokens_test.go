package dataset

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"hashiya/annotate"
)

// tokenTests give a text, spans as [start, end) in code points, and the
// export tokens as text with "·" for ws and "⟨…⟩" around gap tokens.
var tokenTests = []struct {
	name  string
	text  string
	spans [][2]int
	want  string
}{
	{"plain words", "قال الوفد", nil, "قال· الوفد"},
	{"proclitic breaks always cut", "والولايات للائتلاف", nil, "و الولايات· ل لائتلاف"},
	{"clitic span", "قال لإيران", [][2]int{{5, 10}}, "قال· ل إيران"},
	{"span ends inside a word", "إدلبي", [][2]int{{0, 4}}, "إدلب ي"},
	{"tatweel dot word stays whole", "جـ.رائم الحـ.رب", [][2]int{{0, 15}}, "جـ.رائم· الحـ.رب"},
	{"harakat", "مُحَمَّدٌ قال", [][2]int{{0, 9}}, "مُحَمَّدٌ· قال"},
	{"emoji", "👍🏽 باريس 🇫🇷!", [][2]int{{3, 8}}, "👍🏽· باريس· 🇫🇷 !"},
	{"newline and double space are tokens", "أ\nب  ج", nil, "أ ⟨\n⟩ ب· ⟨ ⟩ ج"},
	{"leading and trailing white space", " أ ", nil, "⟨ ⟩ أ·"},
	{"rlm between words", "إدلب\u200f، حلب", nil, "إدلب ⟨\u200f⟩ ،· حلب"},
	{"span edge inside a gap", "a  b", [][2]int{{0, 2}}, "a ⟨ ⟩ ⟨ ⟩ b"},
	{"span ending with the space after a word", "a b", [][2]int{{0, 2}}, "a ⟨ ⟩ b"},
	{"span starting at a space", "a b", [][2]int{{1, 3}}, "a ⟨ ⟩ b"},
	{"span inside a grapheme cluster edge", "e\u0301x", [][2]int{{1, 3}}, "e \u0301x"},
	{"empty text", "", nil, ""},
}

// renderTokens writes toks as tokenTests do.
func renderTokens(text string, toks []xtoken) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		p := text[t.b0:t.b1]
		if t.gap {
			p = "⟨" + p + "⟩"
		}
		if t.ws {
			p += "·"
		}
		parts[i] = p
	}
	return strings.Join(parts, " ")
}

func spansOf(text string, offs [][2]int) []annotate.Span {
	spans := make([]annotate.Span, len(offs))
	for i, o := range offs {
		spans[i] = annotate.Span{ID: int64(i + 1), Start: o[0], End: o[1], Label: "ORG", Text: annotate.Slice(text, o[0], o[1])}
	}
	return spans
}

func TestExportTokens(t *testing.T) {
	for _, c := range tokenTests {
		t.Run(c.name, func(t *testing.T) {
			w, _ := NewEncoder(Prodigy, Codepoint)
			toks := w.tokens(c.text, spansOf(c.text, c.spans))
			if got := renderTokens(c.text, toks); got != c.want {
				t.Errorf("tokens of %q:\n got %q\nwant %q", c.text, got, c.want)
			}
			checkTokens(t, c.text, spansOf(c.text, c.spans), toks)
		})
	}
}

// FuzzExportTokens checks the token rule's promises on any text and
// spans: tokens in order, none empty, tokens and their ws rebuild the
// text, byte and code point offsets agree, every word edge and every
// span edge is a token edge.
func FuzzExportTokens(f *testing.F) {
	for _, c := range tokenTests {
		var a, b int
		if len(c.spans) > 0 {
			a, b = c.spans[0][0], c.spans[0][1]
		}
		f.Add(c.text, a, b, 1, 2)
	}
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int) {
		if !utf8.ValidString(text) || len(text) > 1<<10 {
			return // stored texts are valid UTF-8 (frozen on the way in)
		}
		n := utf8.RuneCountInString(text)
		if n == 0 {
			return
		}
		var offs [][2]int
		for _, p := range [][2]int{{a, b}, {c, d}} {
			s, e := ((p[0]%n)+n)%n, ((p[1]%n)+n)%n+1
			if s < e {
				offs = append(offs, [2]int{s, e})
			}
		}
		spans := spansOf(text, offs)
		w, _ := NewEncoder(Prodigy, Codepoint)
		checkTokens(t, text, spans, w.tokens(text, spans))
	})
}

func checkTokens(t *testing.T, text string, spans []annotate.Span, toks []xtoken) {
	t.Helper()
	var rebuilt strings.Builder
	prev := 0
	for i, tk := range toks {
		if tk.start >= tk.end || tk.start < prev {
			t.Fatalf("%q: token %d [%d, %d) is empty or out of order", text, i, tk.start, tk.end)
		}
		if annotate.Slice(text, tk.start, tk.end) != text[tk.b0:tk.b1] {
			t.Fatalf("%q: token %d: code points [%d, %d) and bytes [%d, %d) disagree", text, i, tk.start, tk.end, tk.b0, tk.b1)
		}
		prev = tk.end
		rebuilt.WriteString(text[tk.b0:tk.b1])
		if tk.ws {
			rebuilt.WriteByte(' ')
		}
	}
	if rebuilt.String() != text {
		t.Fatalf("tokens with their ws give %q, not the text %q", rebuilt.String(), text)
	}
	edge := map[int]bool{}
	for _, tk := range toks {
		edge[tk.start], edge[tk.end] = true, true
	}
	for _, s := range spans {
		if _, _, ok := tokenRange(toks, s.Start, s.End); !ok {
			t.Fatalf("%q: span [%d, %d) does not start and end on token edges", text, s.Start, s.End)
		}
	}
	for _, wt := range annotate.Tokenize(text) {
		if !edge[wt.Start] || !edge[wt.End] {
			t.Fatalf("%q: word [%d, %d) is not on token edges", text, wt.Start, wt.End)
		}
		for _, b := range wt.Breaks {
			if !edge[b] {
				t.Fatalf("%q: proclitic break %d is no token edge", text, b)
			}
		}
	}
}

func TestWhitespaceTokens(t *testing.T) {
	text := "قال  للائتلاف\nنعم"
	got := renderTokens(text, whitespaceTokens(nil, text))
	if want := "قال· للائتلاف· نعم"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !reflect.DeepEqual(whitespaceTokens(nil, " \n"), []xtoken(nil)) {
		t.Error("white space alone gave tokens")
	}
}
