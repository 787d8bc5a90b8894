package annotate

import (
	"slices"
	"testing"
	"unicode/utf8"
)

var splitCases = []struct {
	text  string
	edges []int
	want  []string // the tokens' texts after the cut
}{
	{"دعا للائتلاف", []int{5, 12}, []string{"دعا", "ل", "لائتلاف"}},
	{"والولايات المتحدة", []int{1, 17}, []string{"و", "الولايات", "المتحدة"}},
	{"الأمريكيّون غاضبون", []int{0, 8}, []string{"الأمريكي", "ّون", "غاضبون"}},
	{"👍🏽غاضبون", []int{2, 8}, []string{"👍🏽", "غاضبون"}},
	{"Obama", []int{0, 2, 2, 5}, []string{"Ob", "ama"}},
	{"a b", []int{1, 2}, []string{"a", "b"}},
	{"", []int{0}, nil},
}

func TestSplitAtEdges(t *testing.T) {
	for _, c := range splitCases {
		toks, offs := AppendTokenBytes(nil, nil, c.text)
		got, gotOffs := SplitAtEdges(nil, nil, toks, offs, c.text, c.edges)
		var texts []string
		for i := range got {
			texts = append(texts, c.text[gotOffs[2*i]:gotOffs[2*i+1]])
		}
		if !slices.Equal(texts, c.want) {
			t.Errorf("%q cut at %v: got %q, want %q", c.text, c.edges, texts, c.want)
		}
		if NeedsSplit(toks, c.edges) != (len(got) != len(toks)) {
			t.Errorf("%q cut at %v: NeedsSplit disagrees with SplitAtEdges", c.text, c.edges)
		}
		checkSplit(t, c.text, c.edges, toks, got, gotOffs)
	}
}

// FuzzSplitAtEdges cuts arbitrary text at arbitrary edges: the pieces
// tile the same characters as the tokens did, every edge inside a token
// is now a token edge, and byte offsets agree with code point offsets.
func FuzzSplitAtEdges(f *testing.F) {
	for _, c := range splitCases {
		var b []byte
		for _, e := range c.edges {
			b = append(b, byte(e))
		}
		f.Add(c.text, b)
	}
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		if !utf8.ValidString(text) {
			return
		}
		n := utf8.RuneCountInString(text)
		var edges []int
		for _, b := range raw {
			if n > 0 {
				edges = append(edges, int(b)%(n+1))
			}
		}
		slices.Sort(edges)
		toks, offs := AppendTokenBytes(nil, nil, text)
		got, gotOffs := SplitAtEdges(nil, nil, toks, offs, text, edges)
		checkSplit(t, text, edges, toks, got, gotOffs)
	})
}

func checkSplit(t *testing.T, text string, edges []int, toks, got []Token, offs []int) {
	t.Helper()
	covered := func(ts []Token) []int {
		var cps []int
		for _, tk := range ts {
			for i := tk.Start; i < tk.End; i++ {
				cps = append(cps, i)
			}
		}
		return cps
	}
	if !slices.Equal(covered(toks), covered(got)) {
		t.Fatalf("%q cut at %v: pieces cover other characters than the tokens", text, edges)
	}
	for i, tk := range got {
		if tk.Start >= tk.End || (i > 0 && tk.Start < got[i-1].End) {
			t.Fatalf("%q cut at %v: piece %d %+v empty or out of order", text, edges, i, tk)
		}
		if cp, _ := ByteToCodePoint(text, offs[2*i]); cp != tk.Start {
			t.Fatalf("%q: piece %d starts at byte %d, code point %d, not %d", text, i, offs[2*i], cp, tk.Start)
		}
		if cp, _ := ByteToCodePoint(text, offs[2*i+1]); cp != tk.End {
			t.Fatalf("%q: piece %d ends at byte %d, code point %d, not %d", text, i, offs[2*i+1], cp, tk.End)
		}
		for _, b := range tk.Breaks {
			if b <= tk.Start || b >= tk.End {
				t.Fatalf("%q: piece %d keeps break %d outside it", text, i, b)
			}
		}
	}
	for _, e := range edges {
		if j, ok := TokenAt(got, e); ok && got[j].Start != e {
			t.Fatalf("%q cut at %v: edge %d is still inside piece %+v", text, edges, e, got[j])
		}
	}
}
