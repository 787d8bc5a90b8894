package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
)

// enter presses Enter in the search box.
func (f *fixture) enter() {
	f.ws.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// TestEnterMarksTheCurrentHit: each Enter makes the next hit current,
// the first Enter the first hit, wrapping round; the current hit is
// selected and painted as current, and the count says where Enter is.
func TestEnterMarksTheCurrentHit(t *testing.T) {
	f := newFixture(t, "Aleppo, then Idlib, then Aleppo, then aleppo again.")
	f.ws.search.SetText("aleppo")
	if got := f.ws.hitCount.Text; got != "3 in this document" {
		t.Fatalf("before Enter the count reads %q", got)
	}
	if cur := f.text.(*testText).CurrentHit(); cur != -1 {
		t.Fatalf("hit %d is current before Enter", cur)
	}
	steps := []struct {
		sel   [2]int
		count string
	}{
		{[2]int{0, 6}, "1 of 3"},
		{[2]int{25, 31}, "2 of 3"},
		{[2]int{38, 44}, "3 of 3"},
		{[2]int{0, 6}, "1 of 3"},
	}
	for i, s := range steps {
		f.enter()
		if a, b := f.text.Selection(); [2]int{a, b} != s.sel {
			t.Errorf("Enter %d selects %v, want %v", i+1, [2]int{a, b}, s.sel)
		}
		if cur, want := f.text.(*testText).CurrentHit(), (i % 3); cur != want {
			t.Errorf("Enter %d: current hit %d, want %d", i+1, cur, want)
		}
		if got := f.ws.hitCount.Text; got != s.count {
			t.Errorf("Enter %d: the count reads %q, want %q", i+1, got, s.count)
		}
	}
	// A new query starts again from the first hit.
	f.ws.search.SetText("then")
	f.enter()
	if a, b := f.text.Selection(); a != 8 || b != 12 || f.ws.hitCount.Text != "1 of 3" {
		t.Errorf("after a new query Enter selects %d–%d, count %q", a, b, f.ws.hitCount.Text)
	}
}

// TestSearchCounts: the count says how many hits the open document has,
// that there are none here though other documents match, and that
// nothing matches at all; Enter with nothing to go to changes nothing.
func TestSearchCounts(t *testing.T) {
	cases := []struct {
		query, count string
		shown        []int
	}{
		{"الاسد", "1 in this document", []int{1}},
		{"putin", "None in this document; 1 documents listed", []int{0}},
		{"nowhere to be found", "No results", nil},
		{"", "", []int{0, 1, 2}},
		// Two letters: too short for the index, the list stays whole.
		{"في", "1 in this document", []int{0, 1, 2}},
		{"zq", "None in this document", []int{0, 1, 2}},
		{"\u064e", "No results", nil}, // normalises to nothing
	}
	f := newFixture(t, testTexts...)
	f.press(fyne.KeyPageDown) // open the Arabic document
	for _, c := range cases {
		f.ws.search.SetText(c.query)
		if got := f.ws.hitCount.Text; got != c.count {
			t.Errorf("%q: the count reads %q, want %q", c.query, got, c.count)
		}
		if !equalInts(f.ws.shown, c.shown) {
			t.Errorf("%q lists %v, want %v", c.query, f.ws.shown, c.shown)
		}
		a0, b0 := f.text.Selection()
		f.enter()
		if a, b := f.text.Selection(); c.shown == nil && (a != a0 || b != b0) {
			t.Errorf("%q: Enter with no results moved the selection", c.query)
		}
		if f.ws.cur != 1 {
			f.ws.open(1) // Enter went on to a matching document; come back
		}
	}
}

// TestEnterGoesToTheNextDocument: past the open text's last hit, or
// when it has none, Enter opens the next listed document that matches
// with its first hit current, and the search box keeps the focus.
func TestEnterGoesToTheNextDocument(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.press(fyne.KeyPageDown) // the Arabic document, which has no "putin"
	f.ws.search.SetText("putin")
	f.win.Canvas().Focus(f.ws.search)
	f.enter()
	if f.ws.cur != 0 || f.ws.hitCur != 0 || len(f.ws.hitList) == 0 {
		t.Fatalf("after Enter: document %d, hit %d of %d", f.ws.cur, f.ws.hitCur, len(f.ws.hitList))
	}
	if a, b := f.text.Selection(); a != f.ws.hitList[0][0] || b != f.ws.hitList[0][1] {
		t.Errorf("the first hit is not selected: %d–%d", a, b)
	}
	if f.win.Canvas().Focused() != f.ws.search {
		t.Error("the search box lost the focus")
	}
	// The only matching document: Enter wraps round in it.
	f.enter()
	if f.ws.cur != 0 || f.ws.hitCur != 0 {
		t.Errorf("second Enter: document %d, hit %d", f.ws.cur, f.ws.hitCur)
	}
}

// TestSearchUsesTheIndex: the list comes from the database's search,
// not from reading every text, and a failing search says why.
func TestSearchUsesTheIndex(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.store.failOn("EachDocument", errDiskFull)
	f.ws.search.SetText("الاسد")
	if !equalInts(f.ws.shown, []int{1}) {
		t.Fatalf("lists %v", f.ws.shown)
	}
	f.wantNoError()
	f.store.failOn("SearchDocuments", errDiskFull)
	f.ws.search.SetText("ادلب")
	if f.ws.status.lastErr == "" {
		t.Fatal("a failed search said nothing")
	}
	if f.ws.hitCount.Text == "No results" {
		t.Fatal("a failed search claims there are no results")
	}
	// A query too short for the index does not ask the database.
	f.ws.status.lastErr = ""
	f.ws.search.SetText("اد")
	f.wantNoError()
}

// TestHitCountInArabic: the count reads "3 من 12" in Arabic.
func TestHitCountInArabic(t *testing.T) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") }) // as TestLanguageSetting
	t.Setenv("LANGUAGE", "en")
	t.Setenv("LC_ALL", "en_GB.UTF-8")
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, "ar")
	setupLanguage(a.Preferences())
	defer func() {
		a.Preferences().SetString(prefLanguage, "")
		setupLanguage(a.Preferences())
	}()
	if got := tr("{{.N}} of {{.Total}}", map[string]any{"N": 3, "Total": 12}); got != "3 من 12" {
		t.Fatalf("the count reads %q", got)
	}
	if got := tr("No results"); got != "لا نتائج" {
		t.Fatalf("no results reads %q", got)
	}
}
