package textview

import (
	"reflect"
	"testing"
)

// shapeCacheCases are words whose pieces recur in one another, so that
// shaping them in order goes through every cache: whole words, single
// code points (spaces, punctuation, a letter) and the pieces Split cuts
// words into.
var shapeCacheCases = []struct {
	text string
	rtl  bool
}{
	{"\"الشرق", true},
	{"الشرق\"", true},
	{"\"يد", true},
	{"\"", true},
	{"(باسم", true},
	{"باسم)", true},
	{"دولار).", true},
	{"«الاتفاق»", true},
	{" ", true},
	{" ", false},
	{".", true},
	{"و", true},
	{"4", false},
	{"www.parliament.example/", false},
	{"example/", false},
	{"١٥", false},
	{"\u00a0", true},
	// Words in brackets and quotes: with a lam-alef ligature (a cluster
	// of two), harakat, and a ligature of three letters.
	{"(لا)", true},
	{"\"سيُوقَّع\"", true},
	{"(الله)", true},
	// The same piece, "((", in both directions (Arabic script and
	// language both times) and in two languages: HarfBuzz gives its
	// glyphs in different orders.
	{"((الشرق", true},
	{"((١٥", false},
	{"((الشرق", false},
	{"((😀", false},
}

// TestShapeCachesMatchUncached shapes the table twice through the caches,
// with the word cache emptied in between, and checks every result
// against shaping the word afresh.
func TestShapeCachesMatchUncached(t *testing.T) {
	sh := testShaper(t, 14)
	fresh := testShaper(t, 14)
	for round := range 3 {
		for _, tc := range shapeCacheCases {
			text := []rune(tc.text)
			got := sh.shape(text, tc.rtl)
			clear(fresh.pieces)
			want := fresh.shapeUncached(text, tc.rtl)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round %d: %q rtl %v: cached %+v, afresh %+v", round, tc.text, tc.rtl, *got, *want)
			}
		}
		sh.forgetWords()
	}
	if len(sh.pieces) == 0 {
		t.Error("no piece was cached")
	}
}

// TestForgetWordsKeepsMarks checks that emptying the word cache keeps
// spaces and punctuation, which are the fonts' and not the text's, and
// drops words, letters, digits and the pieces of words.
func TestForgetWordsKeepsMarks(t *testing.T) {
	sh := testShaper(t, 14)
	for _, tc := range shapeCacheCases {
		sh.shape([]rune(tc.text), tc.rtl)
	}
	sh.forgetWords()
	for _, r := range []rune{' ', '.', '\u00a0'} {
		if sh.single[1][r] == nil {
			t.Errorf("%q was forgotten", r)
		}
	}
	if sh.single[1]['و'] != nil || sh.single[0]['4'] != nil {
		t.Error("a letter or digit shaped alone was kept")
	}
	if len(sh.cache[0])+len(sh.cache[1]) != 0 {
		t.Errorf("%d words kept", len(sh.cache[0])+len(sh.cache[1]))
	}
	if len(sh.pieces) == 0 {
		t.Error("every piece was forgotten, the quote and brackets too")
	}
	for k := range sh.pieces {
		if text := []rune(k[pieceKeyLen(k):]); len(text) != 1 || !fontData(text[0]) {
			t.Errorf("piece %q kept", string(text))
		}
	}
}

// FuzzShapeCache checks that a word shaped through the caches, after any
// other word, is what shaping it afresh gives.
func FuzzShapeCache(f *testing.F) {
	for i, tc := range shapeCacheCases {
		prev := shapeCacheCases[(i+1)%len(shapeCacheCases)].text
		f.Add(prev, tc.text, tc.rtl)
	}
	sh := testShaper(f, 14)
	fresh := testShaper(f, 14)
	f.Fuzz(func(t *testing.T, prev, text string, rtl bool) {
		sh.shape([]rune(prev), rtl)
		got := sh.shape([]rune(text), rtl)
		clear(fresh.pieces)
		want := fresh.shapeUncached([]rune(text), rtl)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q after %q rtl %v: cached %+v, afresh %+v", text, prev, rtl, *got, *want)
		}
	})
}
