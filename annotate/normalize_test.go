package annotate

import (
	"slices"
	"strings"
	"testing"
)

var normalizeTests = []struct {
	name, in, want string
}{
	{"plain", "سورية", "سوريه"},
	{"hamza seats", "الأسد إدلب آمال ٱلله", "الاسد ادلب امال الله"},
	{"alif maqsura", "مصطفى على", "مصطفي علي"},
	{"harakat", "مُحَمَّدٌ وَالعِرَاقِ", "محمد والعراق"},
	{"dagger alif and quranic marks", "هٰذا ٱلرَّحْمَٰنِ ۖ", "هذا الرحمن ۖ"},
	{"tatweel", "الـــســلام", "السلام"},
	{"dot between letters", "جـ.رائم", "جرائم"},
	{"dot after harakah", "جَ.رائم", "جرائم"},
	{"dot at sentence end", "رائم. وقال", "رائم. وقال"},
	{"two dots", "ج..ر", "ج..ر"},
	{"dot between digits", "7.5 ٣.٥", "7.5 3.5"},
	{"dot between latin", "U.S.A", "u.s.a"},
	{"digits", "٢٠٢٠ ۱۳۹۹ 2020", "2020 1399 2020"},
	{"format characters", "\u200fإدلب\u200f\u200b \u061cحلب\u00ad\ufeff\u202bx\u202c\u2066y\u2069", "ادلب حلبxy"},
	{"latin case", "Zahra BELL İstanbul", "zahra bell istanbul"},
	{"decomposed alif madda", "ا\u0653مال", "امال"},
	{"decomposed hamza", "ا\u0654", "ا"},
	{"emoji", "👍🏽 👨‍👩‍👧", "👍🏽 👨👩👧"}, // ZWJ is a format character too
	{"empty", "", ""},
}

func TestNormalize(t *testing.T) {
	for _, tt := range normalizeTests {
		got, m := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("%s: Normalize(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
		if m.Text() != got || m.Len() != RuneLen(got) {
			t.Errorf("%s: map says %q (%d)", tt.name, m.Text(), m.Len())
		}
		checkNormalize(t, tt.in)
		checkNormalizeText(t, tt.in)
	}
}

// checkNormalizeText checks that NormalizeText is Normalize's text.
func checkNormalizeText(t *testing.T, s string) {
	t.Helper()
	if got, want := NormalizeText(s), first(Normalize(s)); got != want {
		t.Fatalf("NormalizeText(%q) = %q, Normalize gives %q", s, got, want)
	}
}

func first(s string, _ *NormMap) string { return s }

// checkNormalize checks that the map of Normalize(s) is monotonic, stays
// inside s, and that the original range of every normalised character
// normalises back to text containing it.
func checkNormalize(t *testing.T, s string) {
	t.Helper()
	norm, m := Normalize(s)
	n := RuneLen(s)
	if again, _ := Normalize(norm); again != norm {
		t.Fatalf("%q: Normalize is not idempotent: %q then %q", s, norm, again)
	}
	nr := []rune(norm)
	prevS, prevE := 0, 0
	for k := range nr {
		a, b := m.Original(k, k+1)
		if a < prevS || b < prevE || a > b || b > n {
			t.Fatalf("%q: char %d maps to %d–%d after %d–%d (text has %d)", s, k, a, b, prevS, prevE, n)
		}
		prevS, prevE = a, b
		if a == b {
			continue // only output NFC adds at the very end has no source
		}
		if back, _ := Normalize(Slice(s, a, b)); !strings.Contains(back, string(nr[k])) {
			t.Fatalf("%q: char %q of the normalised text maps to %q, which normalises to %q", s, nr[k], Slice(s, a, b), back)
		}
	}
	if a, b := m.Original(len(nr), len(nr)); a != n || b != n {
		t.Fatalf("%q: the end maps to %d–%d, want %d", s, a, b, n)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, tt := range normalizeTests {
		f.Add(tt.in, tt.want)
	}
	for _, tt := range searchTests {
		f.Add(tt.text, tt.query)
	}
	f.Fuzz(func(t *testing.T, text, query string) {
		checkNormalize(t, text)
		checkNormalizeText(t, text)
		checkSearch(t, text, query)
	})
}

var searchTests = []struct {
	name, text, query string
	want              []string // the original text of each hit
}{
	{"stray dot", "ارتكب جـ.رائم حرب", "جرائم", []string{"جـ.رائم"}},
	{"hamza", "قال الأسد إن", "الاسد", []string{"الأسد"}},
	{"hamza in query", "قال الاسد إن", "الأسد", []string{"الاسد"}},
	{"kasra hamza", "في إدلب وادلب", "ادلب", []string{"إدلب", "ادلب"}},
	{"harakat kept on the last letter", "مُحَمَّدٌ قال", "محمد", []string{"مُحَمَّدٌ"}},
	{"harakat in query", "محمد", "مُحَمَّد", []string{"محمد"}},
	{"harakat inside", "الوِلايات", "الولايات", []string{"الوِلايات"}},
	{"digits", "في ٢٠٢٠ و2020", "2020", []string{"٢٠٢٠", "2020"}},
	{"arabic digits in query", "عام 2020", "٢٠٢٠", []string{"2020"}},
	{"ta marbuta", "سورية وسوريه", "سوريه", []string{"سورية", "سوريه"}},
	{"case", "Zahra Bell, zahra bell", "ZAHRA", []string{"Zahra", "zahra"}},
	{"rlm outside", "\u200fإدلب\u200f", "ادلب", []string{"إدلب"}},
	{"tatweel outside", "بـالعراق", "العراق", []string{"العراق"}},
	{"non-overlapping", "ااااا", "اا", []string{"اا", "اا"}},
	{"none", "دمشق", "حلب", nil},
	{"empty query", "دمشق", "\u064e", nil},
	{"emoji", "جيد 👍🏽!", "👍🏽", []string{"👍🏽"}},
}

func TestSearch(t *testing.T) {
	for _, tt := range searchTests {
		var got []string
		for _, h := range Search(tt.text, tt.query) {
			got = append(got, Slice(tt.text, h[0], h[1]))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Search(%q, %q) = %q, want %q", tt.name, tt.text, tt.query, got, tt.want)
		}
		checkSearch(t, tt.text, tt.query)
	}
}

// checkSearch checks that hits are in order, inside the text, and cover
// text that normalises to something containing the normalised query.
func checkSearch(t *testing.T, text, query string) {
	t.Helper()
	q, _ := Normalize(query)
	prev := 0
	for _, h := range Search(text, query) {
		if h[0] < prev || h[0] >= h[1] || h[1] > RuneLen(text) {
			t.Fatalf("Search(%q, %q): hit %v after %d", text, query, h, prev)
		}
		prev = h[1]
		if back, _ := Normalize(Slice(text, h[0], h[1])); !strings.Contains(back, q) {
			t.Fatalf("Search(%q, %q): hit %q normalises to %q, not containing %q", text, query, Slice(text, h[0], h[1]), back, q)
		}
	}
}

func TestSearchCorpus(t *testing.T) {
	text := readCorpus(t)
	hits := Search(text, "الائتلاف")
	if len(hits) < 2 {
		t.Fatalf("found الائتلاف %d times", len(hits))
	}
	for _, h := range hits {
		if got := Slice(text, h[0], h[1]); got != "الائتلاف" {
			t.Errorf("hit %v is %q", h, got)
		}
	}
	if hits := Search(text, "اسطنبول"); len(hits) == 0 {
		t.Error("اسطنبول not found")
	}
}
