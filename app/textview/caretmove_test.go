package textview

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

const (
	// An Arabic line with a Latin run and a number. On screen, left to
	// right: مهم 2020 عام إن سام OpenAI Labs مدير قال.
	arabicMixed = "قال مدير OpenAI Labs سام إن عام 2020 مهم"
	// An English line with an Arabic name. On screen: Ahmed met علي سام in
	// Baghdad.
	englishMixed = "Ahmed met سام علي in Baghdad"
)

// edge resolves "^word" (its start) and "word$" (its end) in text to a
// code point offset; "" is the text's end.
func edge(t *testing.T, text, spec string) int {
	t.Helper()
	switch {
	case spec == "":
		return len([]rune(text))
	case strings.HasPrefix(spec, "^"):
		return runeIndex(t, text, spec[1:])
	case strings.HasSuffix(spec, "$"):
		w := strings.TrimSuffix(spec, "$")
		return runeIndex(t, text, w) + len([]rune(w))
	}
	t.Fatalf("bad edge %q", spec)
	return 0
}

// visualMoveCases are the mixed lines, where Left and Right follow the
// screen; each press must move the drawn caret towards that side until
// the line's end.
var visualMoveCases = []struct {
	name  string
	text  string
	from  string // where the caret starts
	key   fyne.KeyName
	mods  fyne.KeyModifier
	want  []string // caret after each press
	sel   [2]string
	isSel bool // check the selection [sel[0], sel[1]) after the last press
}{
	{
		name: "Arabic line, Left", text: arabicMixed, from: "^قال", key: fyne.KeyLeft,
		want: []string{"قال$", "مدير$", "^Labs", "^OpenAI", "سام$", "إن$", "عام$", "2020$", "", ""},
	},
	{
		name: "Arabic line, Right", text: arabicMixed, from: "", key: fyne.KeyRight,
		// The start of OpenAI, after the space before it, is drawn at the
		// right of Labs too, and is farther from where the caret was.
		want: []string{"^مهم", "^2020", "^عام", "^إن", "^سام", "OpenAI$", "^OpenAI", "^مدير", "^قال", "^قال"},
	},
	{
		name: "Arabic line, Shift+Left across the number selects it", text: arabicMixed,
		from: "عام$", key: fyne.KeyLeft, mods: fyne.KeyModifierShift,
		want: []string{"2020$"}, sel: [2]string{"^2020", "2020$"}, isSel: true,
	},
	{
		name: "Arabic line, Shift+Left across the Latin run selects it", text: arabicMixed,
		from: "مدير$", key: fyne.KeyLeft, mods: fyne.KeyModifierShift,
		want: []string{"^Labs", "Labs$", "سام$"}, sel: [2]string{"^OpenAI", "سام$"}, isSel: true,
	},
	{
		name: "Arabic line, Shift+Left by character crosses the space before the Latin run, which the selection leaves out", text: arabicMixed,
		from: "مدير$", key: fyne.KeyLeft, mods: fyne.KeyModifierShift | fyne.KeyModifierAlt,
		want: []string{"^OpenAI"}, sel: [2]string{"^OpenAI", "^OpenAI"}, isSel: true,
	},
	{
		name: "English line, Right", text: englishMixed, from: "^Ahmed", key: fyne.KeyRight,
		want: []string{"Ahmed$", "met$", "^علي", "^سام", "in$", "", ""},
	},
	{
		name: "English line, Left", text: englishMixed, from: "", key: fyne.KeyLeft,
		want: []string{"^Baghdad", "^in", "سام$", "علي$", "^met", "^Ahmed", "^Ahmed"},
	},
	{
		name: "English line, Shift+Right across the Arabic name selects it", text: englishMixed,
		from: "met$", key: fyne.KeyRight, mods: fyne.KeyModifierShift,
		want: []string{"^علي", "علي$"}, sel: [2]string{"^سام", "علي$"}, isSel: true,
	},
}

// keyMods turns a case's modifiers, written as moves by token unless
// Alt asks for characters, into the keys that do that: Ctrl for a token,
// nothing for a character.
func keyMods(m fyne.KeyModifier) fyne.KeyModifier {
	if m&fyne.KeyModifierAlt != 0 {
		return m &^ fyne.KeyModifierAlt
	}
	return m | fyne.KeyModifierControl
}

func TestVisualLeftRight(t *testing.T) {
	for _, tc := range visualMoveCases {
		t.Run(tc.name, func(t *testing.T) {
			tv, _ := newTestView(t, tc.text, 700, 200)
			from := edge(t, tc.text, tc.from)
			tv.SetSelection(from, from)
			if n := len(tv.lay.para(0).lines); n != 1 {
				t.Fatalf("the text takes %d lines, want 1", n)
			}
			x, _, _, _ := tv.lay.caretAt(tv.caret, tv.caretAfter)
			var got []int
			for i, w := range tc.want {
				key(tv, tc.key, keyMods(tc.mods))
				got = append(got, tv.Caret())
				want := edge(t, tc.text, w)
				if tv.Caret() != want {
					t.Fatalf("press %d: caret %d, want %d (%q); carets so far %v", i+1, tv.Caret(), want, w, got)
				}
				nx, _, _, _ := tv.lay.caretAt(tv.caret, tv.caretAfter)
				moved := nx < x-edgeEps
				if tc.key == fyne.KeyRight {
					moved = nx > x+edgeEps
				}
				atEnd := i > 0 && got[i-1] == want
				if !moved && !atEnd {
					t.Errorf("press %d: the caret is drawn at x=%.1f, was at %.1f: it did not move %s on screen", i+1, nx, x, tc.key)
				}
				x = nx
			}
			if tc.isSel {
				wantSel(t, tv, tc.name, edge(t, tc.text, tc.sel[0]), edge(t, tc.text, tc.sel[1]))
			}
		})
	}
}

// TestVisualLeftRightWrapped checks that at a line's visual end Left and
// Right go on to the next or previous line in reading order: through an
// Arabic paragraph wrapped into several lines, Left walks down to its end
// and Right back up to its start.
func TestVisualLeftRightWrapped(t *testing.T) {
	tv, _ := newTestView(t, arabicMixed, 110, 300)
	n := len(tv.lay.para(0).lines)
	if n < 3 {
		t.Fatalf("the text takes %d lines at this width, want at least 3", n)
	}
	for _, tc := range []struct {
		key      fyne.KeyName
		from, to int
	}{
		{fyne.KeyLeft, 0, len([]rune(arabicMixed))},
		{fyne.KeyRight, len([]rune(arabicMixed)), 0},
	} {
		tv.SetSelection(tc.from, tc.from)
		_, _, _, li := tv.lay.caretAt(tv.caret, tv.caretAfter)
		lines := map[int]bool{li: true}
		for i := 0; tv.Caret() != tc.to; i++ {
			if i > 40 {
				t.Fatalf("%s from %d: caret %d after %d presses, want %d", tc.key, tc.from, tv.Caret(), i, tc.to)
			}
			key(tv, tc.key, 0)
			_, _, _, nli := tv.lay.caretAt(tv.caret, tv.caretAfter)
			if tc.key == fyne.KeyLeft && nli < li || tc.key == fyne.KeyRight && nli > li {
				t.Fatalf("%s went from line %d back to line %d", tc.key, li, nli)
			}
			li = nli
			lines[li] = true
		}
		if len(lines) != n {
			t.Errorf("%s from %d visited lines %v, want all %d", tc.key, tc.from, lines, n)
		}
	}
}

// TestVisualMoveAffinityCleared checks that a click after a visual move
// draws the caret where the click put it, not at the old affinity.
func TestVisualMoveAffinityCleared(t *testing.T) {
	tv, _ := newTestView(t, arabicMixed, 700, 200)
	e := edge(t, arabicMixed, "^OpenAI")
	tv.SetSelection(edge(t, arabicMixed, "^سام"), edge(t, arabicMixed, "^سام"))
	key(tv, fyne.KeyRight, fyne.KeyModifierControl) // OpenAI$
	key(tv, fyne.KeyRight, fyne.KeyModifierControl) // ^OpenAI, drawn at the right of Labs
	if tv.Caret() != e || !tv.caretAfter {
		t.Fatalf("caret %d after=%v, want %d with the end-edge affinity", tv.Caret(), tv.caretAfter, e)
	}
	tv.SetSelection(e, e)
	x, _, _, _ := tv.lay.caretAt(tv.caret, tv.caretAfter)
	if px, _ := tv.lay.caretPos(e); tv.caretAfter || x != px {
		t.Errorf("after SetSelection the caret is drawn at %.1f with after=%v, want %.1f", x, tv.caretAfter, px)
	}
}

// FuzzVisualLeftRight presses Left or Right (with Shift, and Ctrl for
// tokens) until the caret stops, in one paragraph of any text wrapped
// into a narrow view. Each press must move the drawn caret towards that
// side on its line or go on to another line, must end, and must never
// part a letter from its marks.
func FuzzVisualLeftRight(f *testing.F) {
	for _, tc := range visualMoveCases {
		f.Add(tc.text, tc.key == fyne.KeyRight, tc.mods&fyne.KeyModifierAlt != 0)
	}
	f.Add("مَرْحَبًا OpenAI‌ 2020م (Labs) بِكُم", false, true)
	f.Add("x́ عَ⁦Reuters⁩ ‏قال", true, false)
	tv, _ := newView(f, 150, 200)
	f.Fuzz(func(t *testing.T, text string, right, char bool) {
		if !utf8.ValidString(text) || utf8.RuneCountInString(text) > 120 {
			t.Skip("not one short valid paragraph")
		}
		// One paragraph: across paragraphs of both directions Left and
		// Right may rightly go back and forth.
		text = strings.Map(func(r rune) rune {
			if isParagraphSeparator(r) {
				return ' '
			}
			return r
		}, text)
		tv.SetText(text, nil)
		runes := []rune(text)
		k, mods := fyne.KeyLeft, fyne.KeyModifierShift
		if right {
			k = fyne.KeyRight
		}
		if !char {
			mods |= fyne.KeyModifierControl
		}
		for _, from := range []int{0, len(runes) / 2, len(runes)} {
			for from > 0 && from < len(runes) && nonSpacing(runes[from]) {
				from-- // a click never parts a letter from its marks either
			}
			tv.SetSelection(from, from)
			for n := 0; ; n++ {
				if n > 2*len(runes)+4 {
					t.Fatalf("%q from %d: %s still moving after %d presses", text, from, k, n)
				}
				c, a := tv.caret, tv.caretAfter
				x, _, pi, li := tv.lay.caretAt(c, a)
				tv.moveKey(k, mods)
				nc := tv.caret
				if nc < 0 || nc > len(runes) {
					t.Fatalf("%q: caret %d outside the text", text, nc)
				}
				if tv.anchor != from {
					t.Fatalf("%q: Shift moved the anchor from %d to %d", text, from, tv.anchor)
				}
				if nc > 0 && nc < len(runes) && nonSpacing(runes[nc]) &&
					!nonSpacing(runes[nc-1]) && !unicode.IsSpace(runes[nc-1]) {
					t.Fatalf("%q: caret %d parts %q from %q", text, nc, runes[nc-1], runes[nc])
				}
				if nc == c && tv.caretAfter == a {
					break
				}
				nx, _, npi, nli := tv.lay.caretAt(nc, tv.caretAfter)
				if npi == pi && nli == li && (right && nx <= x || !right && nx >= x) {
					t.Fatalf("%q: %s moved the caret from %d (x=%.1f) to %d (x=%.1f) on one line", text, k, c, x, nc, nx)
				}
			}
		}
	})
}

// BenchmarkVisualLeft presses Left through a 6,000-character Arabic
// article shown 800 units wide: one op is one press, over every token of
// the article.
func BenchmarkVisualLeft(b *testing.B) {
	tv, _ := newView(b, 800, 600)
	tv.SetText(articleOf(b, 6000), nil)
	end := len(tv.text)
	for b.Loop() {
		if tv.Caret() >= end {
			tv.SetSelection(0, 0)
		}
		tv.moveKey(fyne.KeyLeft, 0)
	}
}
