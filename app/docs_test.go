package app

import (
	"fyne.io/fyne/v2"
	"testing"

	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
)

// TestSearchNormalisesArabic: the query is matched against the texts
// after the model's normalisation; the list shrinks to the matching
// documents and the hits in the open one are painted.
func TestSearchNormalisesArabic(t *testing.T) {
	cases := []struct {
		query string
		shown []int  // indices of the documents listed
		hit   string // the text of the first hit in document 1
	}{
		{"الاسد", []int{1}, "الأسد"},
		{"جرائم", []int{1}, "جـ.رائم"},
		{"ادلب", []int{1}, "إدلب"},
		{"putin", []int{0}, ""},
		{"", []int{0, 1, 2}, ""},
		{"nowhere to be found", nil, ""},
	}
	f := newFixture(t, testTexts...)
	f.press(fyne.KeyPageDown) // open the Arabic document
	for _, c := range cases {
		f.ws.search.SetText(c.query)
		if !equalInts(f.ws.shown, c.shown) {
			t.Errorf("%q lists %v, want %v", c.query, f.ws.shown, c.shown)
		}
		hits := f.text.(*testText).lastHits
		if c.hit == "" {
			continue
		}
		if len(hits) == 0 {
			t.Errorf("%q: no hits painted", c.query)
			continue
		}
		if got := string(f.ws.runes[hits[0][0]:hits[0][1]]); got != c.hit {
			t.Errorf("%q: first hit %q, want %q", c.query, got, c.hit)
		}
	}
}

// TestSearchHitsFollowTheOpenDocument: opening another document paints
// its own hits.
func TestSearchHitsFollowTheOpenDocument(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.ws.search.SetText("the")
	if len(f.text.(*testText).lastHits) != 0 {
		t.Fatal("hits painted in a document without the word")
	}
	f.ws.docList.Select(0) // the only document listed is the third
	if f.ws.doc.Text != testTexts[2] {
		t.Fatalf("opened %q", f.ws.doc.Text)
	}
	if hits := f.text.(*testText).lastHits; len(hits) == 0 || string(f.ws.runes[hits[0][0]:hits[0][1]]) == "" {
		t.Fatalf("hits %v", hits)
	}
}

func TestFilterByStatus(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.shortcut(ctrl(fyne.KeyReturn)) // 0 done, 1 open
	f.ws.filters.SetSelected("Done")
	if !equalInts(f.ws.shown, []int{0, 1}) { // the open document stays
		t.Fatalf("done filter lists %v", f.ws.shown)
	}
	f.ws.filters.SetSelected("To do")
	if !equalInts(f.ws.shown, []int{1, 2}) {
		t.Fatalf("to-do filter lists %v", f.ws.shown)
	}
	f.ws.filters.SetSelected("All documents")
	if len(f.ws.shown) != 3 {
		t.Fatalf("all lists %v", f.ws.shown)
	}
	if f.ws.docs[0].Status != annotate.StatusDone {
		t.Fatal("status lost")
	}
	// Picking a row opens it.
	f.ws.filters.SetSelected("Done")
	test.Tap(f.ws.labels["PER"]) // nothing selected: a hint, no change
	f.ws.docList.Select(0)
	if f.ws.cur != 0 {
		t.Fatalf("picking the done document opened %d", f.ws.cur)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestEnterInSearchWalksTheHits: Enter selects each hit in turn and
// wraps round; a label hotkey then labels the hit.
func TestEnterInSearchWalksTheHits(t *testing.T) {
	f := newFixture(t, "Aleppo, then Idlib, then Aleppo again.")
	f.ws.search.SetText("aleppo")
	var got [][2]int
	for range 3 {
		f.ws.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		s, e := f.text.Selection()
		got = append(got, [2]int{s, e})
	}
	want := [][2]int{{0, 6}, {25, 31}, {0, 6}}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Enter selects %v, want %v", got, want)
		}
	}
	f.ws.applyLabel("LOC")
	if f.spans() != "LOC:Aleppo" {
		t.Fatalf("spans %q", f.spans())
	}
}
