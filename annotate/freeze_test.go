package annotate

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// freezeTests give a text, its frozen form and, for each offset of the
// text, where Map and MapEnd send it.
var freezeTests = []struct {
	name, in, want string
	lo, hi         []int
}{
	{"frozen already", "قال", "قال", []int{0, 1, 2, 3}, []int{0, 1, 2, 3}},
	{"crlf", "a\r\nb", "a\nb", []int{0, 1, 1, 2, 3}, []int{0, 1, 2, 2, 3}},
	{"lone cr", "a\rb\r", "a\nb\n", []int{0, 1, 2, 3, 4}, []int{0, 1, 2, 3, 4}},
	{"decomposed e", "e\u0301x", "éx", []int{0, 0, 1, 2}, []int{0, 1, 1, 2}},
	{"alef madda", "ب\u0627\u0653", "بآ", []int{0, 1, 1, 2}, []int{0, 1, 2, 2}},
	{"crlf and nfc", "\r\n\u0627\u0654ب", "\nأب", []int{0, 0, 1, 1, 2, 3}, []int{0, 1, 1, 2, 2, 3}},
	{"harakat stay", "مُحَمَّد", "مُحَمَّد", []int{0, 1, 2, 3, 4, 5, 6, 7, 8}, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}},
	// Shadda and fatha are put in canonical order (fatha, ccc 30, before
	// shadda, ccc 33): the reordered pair is one merged block.
	{"reordered marks", "م\u0651\u064eد", "م\u064e\u0651د", []int{0, 1, 1, 3, 4}, []int{0, 1, 3, 3, 4}},
	{"emoji", "👍🏽\r\n", "👍🏽\n", []int{0, 1, 2, 2, 3}, []int{0, 1, 2, 3, 3}},
}

func TestFreeze(t *testing.T) {
	for _, tt := range freezeTests {
		got, m := Freeze(tt.in)
		if got != tt.want || FreezeText(tt.in) != tt.want {
			t.Errorf("%s: Freeze = %q, FreezeText = %q; want %q", tt.name, got, FreezeText(tt.in), tt.want)
			continue
		}
		for o := range tt.lo {
			lo, ok1 := m.Map(o)
			hi, ok2 := m.MapEnd(o)
			if !ok1 || !ok2 || lo != tt.lo[o] || hi != tt.hi[o] {
				t.Errorf("%s: offset %d maps to %d, %d (%v %v); want %d, %d", tt.name, o, lo, hi, ok1, ok2, tt.lo[o], tt.hi[o])
			}
		}
		if _, ok := m.Map(len(tt.lo)); ok {
			t.Errorf("%s: offset past the end maps", tt.name)
		}
		checkFreeze(t, tt.in)
	}
}

// checkFreeze checks the properties every Freeze must have: the result is
// FreezeText's, the map is monotonic and covers both texts, and a span
// between exact offsets keeps its text (up to freezing).
func checkFreeze(t *testing.T, s string) {
	t.Helper()
	frozen, m := Freeze(s)
	// On invalid UTF-8 (which Document.Validate refuses) norm's String and
	// Iter disagree about what follows a bad byte; only the map matters.
	if frozen != FreezeText(s) && utf8.ValidString(s) {
		t.Fatalf("%q: Freeze = %q, FreezeText = %q", s, frozen, FreezeText(s))
	}
	if FreezeText(frozen) != frozen && utf8.ValidString(s) {
		t.Fatalf("%q: FreezeText is not idempotent", s)
	}
	n := RuneLen(s)
	if m.Len() != n || m.OutLen() != RuneLen(frozen) {
		t.Fatalf("%q: map lengths %d→%d, texts %d→%d", s, m.Len(), m.OutLen(), n, RuneLen(frozen))
	}
	if lo, _ := m.Map(0); lo != 0 {
		t.Errorf("%q: 0 maps to %d", s, lo)
	}
	if hi, _ := m.MapEnd(n); hi != m.OutLen() {
		t.Errorf("%q: end maps to %d", s, hi)
	}
	var exact []int
	prev := 0
	for o := 0; o <= n; o++ {
		lo, ok1 := m.Map(o)
		hi, ok2 := m.MapEnd(o)
		if !ok1 || !ok2 || lo > hi || lo < prev || hi > m.OutLen() {
			t.Fatalf("%q: offset %d maps to [%d, %d] (%v %v) after %d", s, o, lo, hi, ok1, ok2, prev)
		}
		prev = lo
		if lo == hi {
			exact = append(exact, o)
		}
	}
	if !utf8.ValidString(s) {
		return
	}
	for i, a := range exact {
		for _, b := range exact[i:] {
			x, y, ok := m.MapSpan(a, b)
			if !ok {
				t.Fatalf("%q: MapSpan(%d, %d) refused", s, a, b)
			}
			if got, want := Slice(frozen, x, y), FreezeText(Slice(s, a, b)); got != want {
				t.Fatalf("%q: span %d–%d became %q, want %q", s, a, b, got, want)
			}
		}
	}
}

func FuzzFreeze(f *testing.F) {
	for _, tt := range freezeTests {
		f.Add(tt.in)
	}
	f.Add("\u1100\u1161\u11a8x")                     // Hangul jamo compose
	f.Add("a\u0316\u0301 a\u0301\u0316")             // reorder, then compose
	f.Add("ب" + strings.Repeat("\u064e", 33) + "\r") // NFC inserts U+034F in long runs
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64 {
			return // checkFreeze is cubic in the worst case
		}
		checkFreeze(t, s)
	})
}

var stripTests = []struct {
	name     string
	in       string
	patterns []string
	want     string
	removed  [][2]int
}{
	{"none", "a\nb", []string{"x"}, "a\nb", nil},
	{"blank patterns", "a\n\nb", []string{"", "  "}, "a\n\nb", nil},
	{"prefix", "عنوان\nاقرأ أيضاً: خبر\nنص\n", []string{" اقرأ أيضاً "}, "عنوان\nنص\n", [][2]int{{6, 22}}},
	{"indented and last", "a\n  Share this\nb\nShare", []string{"Share"}, "a\nb\n", [][2]int{{2, 15}, {17, 22}}},
	{"two in a row", "x\nAD 1\nAD 2\ny", []string{"AD"}, "x\ny", [][2]int{{2, 7}, {7, 12}}},
	{"not a prefix", "the AD\n", []string{"AD"}, "the AD\n", nil},
}

func TestStripLines(t *testing.T) {
	for _, tt := range stripTests {
		got, _, removed := StripLines(tt.in, tt.patterns)
		if got != tt.want || !slices.Equal(removed, tt.removed) {
			t.Errorf("%s: got %q %v, want %q %v", tt.name, got, removed, tt.want, tt.removed)
			continue
		}
		checkStrip(t, tt.in, tt.patterns)
	}
	// A span inside a removed line, or covering part of one, is lost.
	in := "أخبار\nاقرأ أيضاً: الأسد\nإدلب"
	_, m, _ := StripLines(in, []string{"اقرأ"})
	if _, ok := m.Map(20); ok {
		t.Error("an offset inside a removed line maps")
	}
	if _, _, ok := m.MapSpan(17, 21); ok {
		t.Error("a span inside a removed line maps")
	}
	if _, _, ok := m.MapSpan(0, 24); ok {
		t.Error("a span covering a removed line maps")
	}
	if x, y, ok := m.MapSpan(24, 28); !ok || x != 6 || y != 10 {
		t.Errorf("span after the removed line maps to %d–%d %v, want 6–10", x, y, ok)
	}
}

// checkStrip checks that every span StripLines keeps has the same text
// afterwards, and that every span it refuses covers removed text.
func checkStrip(t *testing.T, s string, patterns []string) {
	t.Helper()
	out, m, removed := StripLines(s, patterns)
	n := RuneLen(s)
	if m.Len() != n || m.OutLen() != RuneLen(out) {
		t.Fatalf("%q: map lengths %d→%d, texts %d→%d", s, m.Len(), m.OutLen(), n, RuneLen(out))
	}
	gone := make([]bool, n)
	for _, r := range removed {
		line := Slice(s, r[0], r[1])
		if r[0] >= r[1] || strings.Contains(strings.TrimSuffix(line, "\n"), "\n") {
			t.Fatalf("%q: removed %v is not one line", s, r)
		}
		for c := r[0]; c < r[1]; c++ {
			gone[c] = true
		}
	}
	for a := 0; a <= n; a++ {
		for b := a; b <= n; b++ {
			x, y, ok := m.MapSpan(a, b)
			lost := slices.Contains(gone[a:b], true)
			if ok == lost {
				t.Fatalf("%q: MapSpan(%d, %d) ok=%v but covers removed text=%v", s, a, b, ok, lost)
			}
			if ok && Slice(out, x, y) != Slice(s, a, b) {
				t.Fatalf("%q: span %d–%d %q became %q", s, a, b, Slice(s, a, b), Slice(out, x, y))
			}
		}
	}
}

func FuzzStripLines(f *testing.F) {
	for _, tt := range stripTests {
		f.Add(tt.in, strings.Join(tt.patterns, "|"))
	}
	f.Fuzz(func(t *testing.T, s, patterns string) {
		if len(s) > 64 || !utf8.ValidString(s) {
			return
		}
		checkStrip(t, s, strings.Split(patterns, "|"))
	})
}

func TestFreezeThenStrip(t *testing.T) {
	in := "خبر\r\nاقرأ أيضاً\r\nقال إ\u0653دلب"
	frozen, fm := Freeze(in)
	out, sm, _ := StripLines(frozen, []string{"اقرأ"})
	m := fm.Then(sm)
	if out != "خبر\nقال إٓدلب" && out != FreezeText("خبر\nقال إ\u0653دلب") {
		t.Fatalf("got %q", out)
	}
	// "إ\u0653دلب" is at 21..26 of in.
	x, y, ok := m.MapSpan(21, 26)
	if !ok || Slice(out, x, y) != FreezeText("إ\u0653دلب") {
		t.Errorf("span maps to %d–%d %q %v", x, y, Slice(out, x, y), ok)
	}
	if _, _, ok := m.MapSpan(5, 9); ok {
		t.Error("span in the stripped line maps")
	}
	if x, y, ok := m.MapSpan(3, 5); !ok || Slice(out, x, y) != "\n" {
		t.Errorf("the CRLF of a kept line maps to %d–%d %v", x, y, ok)
	}
	if _, _, ok := m.MapSpan(15, 17); ok {
		t.Error("the CRLF ending a stripped line maps, but its LF was removed")
	}
	if x, y, ok := m.MapSpan(0, 3); !ok || x != 0 || y != 3 {
		t.Errorf("first word maps to %d–%d %v", x, y, ok)
	}
	if fm.Then(identityMap(fm.OutLen()+1)) != nil {
		t.Error("Then accepted a map of another text")
	}
}

func TestHashText(t *testing.T) {
	if got := HashText(""); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("HashText(\"\") = %s", got)
	}
	if HashText("الأسد") == HashText("الاسد") {
		t.Error("different texts hash alike")
	}
}

func TestTitle(t *testing.T) {
	long := strings.Repeat("ب", 130)
	tests := []struct{ in, want string }{
		{"", ""},
		{" \n\t\n", ""},
		{"\n\n  أخبار سوريا  \nالنص", "أخبار سوريا"},
		{strings.Repeat("ب", 120), strings.Repeat("ب", 120)},
		{long, strings.Repeat("ب", 119) + "…"},
		{strings.Repeat("ab ", 50), strings.TrimSpace(strings.Repeat("ab ", 40)[:119]) + "…"},
	}
	for _, tt := range tests {
		got := Title(tt.in)
		if got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if RuneLen(got) > 120 {
			t.Errorf("Title(%q) has %d code points", tt.in, RuneLen(got))
		}
	}
}

// isFrozenTests add texts where the table of IsFrozen meets what it does
// not cover.
var isFrozenTests = []string{
	"", "a", "\u0301", "\u0301a", "a\u0301", "Ce\u0301line", "Céline",
	"ا\u0653", "آ", "\u0653ب", "ب\u064e\u0651", "ب\u0651\u064e", // madda composes; marks in and out of order
	"\u212b", "Å", "\u0340x", "x\u0958", // decomposing singletons, a decomposed Devanagari letter
	"ﻻ ﷺ", "한\u1100\u1161", "\u1100\u1161", // presentation forms, Hangul jamo
	"👍🏽 واشنطن", "a\r", "a\nb", "a\xffb", "\xd8", "ب\xd8", // the last three are not UTF-8
	"\u05d0\u05b8\u05b7", "\u05d0\u05b7\u05b8", // Hebrew points in and out of order
	"ب" + strings.Repeat("\u064e", 29), "ب" + strings.Repeat("\u064e", 30) + "ب", // NFC adds U+034F after 30 marks
	"ب" + strings.Repeat("\u064e", 31), strings.Repeat("\u064e", 40),
	"\xc0\x80", "\xc1\xbf", "\xd8a", "\xdf\xbf", "\xdf\xc0", "\xe0\xa0\x80", // two-byte edges: overlong, bad and good second bytes
}

// frozenByNorm is IsFrozen's definition, checked by the norm package
// alone.
func frozenByNorm(s string) bool {
	return !strings.Contains(s, "\r") && norm.NFC.IsNormalString(s)
}

func TestIsFrozen(t *testing.T) {
	texts := slices.Clone(isFrozenTests)
	for _, tt := range freezeTests {
		texts = append(texts, tt.in, tt.want)
	}
	for _, s := range texts {
		if got, want := IsFrozen(s), utf8.ValidString(s) && frozenByNorm(s); got != want {
			t.Errorf("IsFrozen(%+q) = %v, want %v", s, got, want)
		}
		if utf8.ValidString(s) && IsFrozen(s) != (FreezeText(s) == s) {
			t.Errorf("IsFrozen(%+q) = %v, but FreezeText gives %+q", s, IsFrozen(s), FreezeText(s))
		}
	}
}

func FuzzIsFrozen(f *testing.F) {
	for _, s := range isFrozenTests {
		f.Add(s)
	}
	for _, tt := range freezeTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			if IsFrozen(s) {
				t.Fatalf("IsFrozen(%+q) on invalid UTF-8", s)
			}
			return
		}
		if got, want := IsFrozen(s), frozenByNorm(s); got != want {
			t.Fatalf("IsFrozen(%+q) = %v, want %v", s, got, want)
		}
		if n, ok := FrozenLen(s); ok && n != RuneLen(s) {
			t.Fatalf("FrozenLen(%+q) = %d, want %d code points", s, n, RuneLen(s))
		}
	})
}

// BenchmarkIsFrozen compares IsFrozen with the norm package's own check
// on a frozen text, the case every stored document takes.
func BenchmarkIsFrozen(b *testing.B) {
	text := benchText(b)
	b.Run("IsFrozen", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if !IsFrozen(text) {
				b.Fatal("not frozen")
			}
		}
	})
	b.Run("norm", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if !frozenByNorm(text) {
				b.Fatal("not frozen")
			}
		}
	})
}
