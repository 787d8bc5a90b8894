package annotate

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// corpusPath is the real article the tests use when it is present.
const corpusPath = "../../shared/corpus/000_d6582a0628d6bf6e.txt"

// readCorpus returns the real article or skips the test.
func readCorpus(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(corpusPath)
	if err != nil {
		tb.Skipf("the sample article is not here (%v); it lives outside the repository", err)
	}
	return FreezeText(string(b))
}

// tokenizeTests write each token as its text with "|" at its Breaks.
var tokenizeTests = []struct {
	name, text string
	want       []string
}{
	{"empty", "", nil},
	{"blank", " \n\t\u200f ", nil},
	{"words", "الائتلاف السوري يلتقي", []string{"الائتلاف", "السوري", "يلتقي"}},
	{"tatweel and dot", "جـ.رائم الحرب", []string{"جـ.رائم", "الحرب"}},
	{"harakat", "مُحَمَّدٌ وَالعِراق", []string{"مُحَمَّدٌ", "وَ|العِراق"}},
	{"wa", "والولايات المتحدة", []string{"و|الولايات", "المتحدة"}},
	{"lil", "للائتلاف الوطني", []string{"ل|لائتلاف", "الوطني"}},
	{"wa lil", "وللمعارضة", []string{"و|ل|لمعارضة"}},
	{"bi", "بالملف السوري", []string{"ب|الملف", "السوري"}},
	{"fa bi", "فبالتالي", []string{"ف|ب|التالي"}},
	{"ka", "كالعادة", []string{"ك|العادة"}},
	{"no article", "بيت وزير ولد", []string{"بيت", "وزير", "ولد"}},
	{"short stem", "بال لله وال", []string{"بال", "لله", "وال"}},
	{"tatweel after clitic", "بـالعراق", []string{"بـ|العراق"}},
	{"punctuation", "بـ “المثمر والناجح”، مشيراً.", []string{"بـ", "“", "المثمر", "و|الناجح", "”", "،", "مشيراً", "."}},
	{"numbers", "الثلاثاء 7 كانون الثاني 2020، 7.5%", []string{"الثلاثاء", "7", "كانون", "الثاني", "2020", "،", "7.5", "%"}},
	{"arabic digits", "٢٠٢٠ ۱۲", []string{"٢٠٢٠", "۱۲"}},
	{"ellipsis", "ماذا...؟", []string{"ماذا", ".", ".", ".", "؟"}},
	{"emoji", "👍🏽 جيد 👨‍👩‍👧!", []string{"👍🏽", "جيد", "👨‍👩‍👧", "!"}},
	{"rlm", "\u200fإدلب\u200f، \u200fحلب", []string{"إدلب", "،", "حلب"}},
	{"latin", "U.S. don't", []string{"U.S", ".", "don't"}},
	{"lone mark", "\u064eب  \u064e", []string{"\u064e", "ب"}}, // UAX #29 splits a mark with no base
	{"newlines", "أ\n\nب\r\nج", []string{"أ", "ب", "ج"}},
}

// render writes tokens as in tokenizeTests.
func render(text string, tokens []Token) []string {
	var out []string
	for _, t := range tokens {
		var b strings.Builder
		at := t.Start
		for _, br := range t.Breaks {
			b.WriteString(Slice(text, at, br))
			b.WriteString("|")
			at = br
		}
		b.WriteString(Slice(text, at, t.End))
		out = append(out, b.String())
	}
	return out
}

func TestTokenize(t *testing.T) {
	for _, tt := range tokenizeTests {
		tokens := Tokenize(tt.text)
		got := render(tt.text, tokens)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") || len(got) != len(tt.want) {
			t.Errorf("%s: Tokenize(%q)\n got %q\nwant %q", tt.name, tt.text, got, tt.want)
		}
		checkTokens(t, tt.text, tokens)
	}
}

// checkTokens checks what every tokenization must satisfy: tokens in
// range, in order, not overlapping, not blank, with breaks inside, and no
// token edge or break inside a grapheme cluster.
func checkTokens(t *testing.T, text string, tokens []Token) {
	t.Helper()
	n := RuneLen(text)
	edges := map[int]bool{0: true}
	cp := 0
	state := -1
	for rest := text; len(rest) > 0; {
		var g string
		g, rest, _, state = uniseg.StepString(rest, state)
		cp += RuneLen(g)
		edges[cp] = true
	}
	prev := 0
	for i, tk := range tokens {
		if tk.Start < prev || tk.Start >= tk.End || tk.End > n {
			t.Fatalf("%q: token %d is %d–%d after %d (text has %d)", text, i, tk.Start, tk.End, prev, n)
		}
		prev = tk.End
		s := Slice(text, tk.Start, tk.End)
		if strings.TrimSpace(s) == "" {
			t.Fatalf("%q: token %d %q is blank", text, i, s)
		}
		if !edges[tk.Start] || !edges[tk.End] {
			t.Fatalf("%q: token %d %q splits a grapheme cluster", text, i, s)
		}
		bp := tk.Start
		for _, b := range tk.Breaks {
			if b <= bp || b >= tk.End || !edges[b] {
				t.Fatalf("%q: token %d %q has break %d", text, i, s, b)
			}
			bp = b
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, tt := range tokenizeTests {
		f.Add(tt.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tokens := Tokenize(s)
		checkTokens(t, s, tokens)
		// Every Arabic letter and digit ends up in a token.
		for i, r := range []rune(s) {
			if isArabicLetter(r) || r >= '0' && r <= '9' {
				if _, ok := TokenAt(tokens, i); !ok {
					t.Fatalf("%q: letter %q at %d is in no token", s, r, i)
				}
			}
		}
	})
}

func TestTokenizeCorpus(t *testing.T) {
	text := readCorpus(t)
	tokens := Tokenize(text)
	checkTokens(t, text, tokens)
	if len(tokens) < 400 {
		t.Fatalf("only %d tokens in the article", len(tokens))
	}
	got := map[string]bool{}
	for _, s := range render(text, tokens) {
		got[s] = true
	}
	for _, want := range []string{"ل|لائتلاف", "و|الملفات", "اسطيفو", "2020", "“", "،"} {
		if !got[want] {
			t.Errorf("token %q not found in the article", want)
		}
	}
}

// TestTokenizeGolden tokenizes each testdata/tokenize/*.txt and compares
// the tokens, one per line, with the .golden file beside it; run
// `go test ./annotate -run Golden -update` to accept a change.
func TestTokenizeGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/tokenize/*.txt")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata/tokenize (%v)", err)
	}
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		text := FreezeText(string(b))
		got := strings.Join(render(text, Tokenize(text)), "\n") + "\n"
		golden := strings.TrimSuffix(in, ".txt") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s: tokens differ from %s; run with -update if the change is intended\n%s", in, golden, lineDiff(string(want), got))
		}
	}
}

// lineDiff shows the first line where two texts differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ": want " + a + ", got " + b
		}
	}
	return ""
}

func TestTokenAt(t *testing.T) {
	text := "في إدلب، اليوم"
	tokens := Tokenize(text) // في 0–2, إدلب 3–7, ، 7–8, اليوم 9–14
	tests := []struct {
		offset, want int
		ok           bool
	}{
		{0, 0, true}, {1, 0, true}, {2, 1, false}, {3, 1, true}, {6, 1, true},
		{7, 2, true}, {8, 3, false}, {13, 3, true}, {14, 4, false}, {-1, 0, false},
	}
	for _, tt := range tests {
		got, ok := TokenAt(tokens, tt.offset)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TokenAt(%d) = %d, %v; want %d, %v", tt.offset, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSnapToTokens(t *testing.T) {
	text := "قال والولايات  المتحدة."
	tokens := Tokenize(text) // قال 0–3, و|الولايات 4–13 (break 5), المتحدة 15–22, . 22–23
	tests := []struct {
		name             string
		start, end       int
		wantStart, wantE int
	}{
		{"exact", 4, 13, 4, 13},
		{"inside", 6, 8, 4, 13},
		{"at break", 5, 13, 5, 13},
		{"at break, end inside", 5, 9, 5, 13},
		{"click", 7, 7, 4, 13},
		{"click in gap", 14, 14, 14, 14},
		{"gap only", 13, 15, 13, 13},
		{"trailing space", 15, 23, 15, 23},
		{"leading space", 13, 18, 15, 22},
		{"two words", 1, 17, 0, 22},
		{"reversed", 17, 1, 0, 22},
		{"past the end", 20, 40, 15, 23},
		{"end at break", 0, 5, 0, 5},
	}
	for _, tt := range tests {
		s, e := SnapToTokens(tokens, tt.start, tt.end)
		if s != tt.wantStart || e != tt.wantE {
			t.Errorf("%s: SnapToTokens(%d, %d) = %d, %d; want %d, %d", tt.name, tt.start, tt.end, s, e, tt.wantStart, tt.wantE)
		}
	}
}

func FuzzSnapToTokens(f *testing.F) {
	for _, tt := range tokenizeTests {
		f.Add(tt.text, 0, 3)
	}
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		tokens := Tokenize(text)
		s, e := SnapToTokens(tokens, start, end)
		if s == e {
			return
		}
		if s > e {
			t.Fatalf("SnapToTokens(%d, %d) = %d, %d", start, end, s, e)
		}
		// Both ends are token edges or breaks.
		i, ok := TokenAt(tokens, s)
		if !ok || (tokens[i].Start != s && !isBreak(tokens[i], s)) {
			t.Fatalf("%q: start %d is not a token start or break", text, s)
		}
		j, ok := TokenAt(tokens, e-1)
		if !ok || (tokens[j].End != e && !isBreak(tokens[j], e)) {
			t.Fatalf("%q: end %d is not a token end or break", text, e)
		}
	})
}
