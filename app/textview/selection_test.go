package textview

import (
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// moveKeys are the keys FuzzCaretMovesSelection presses, by their index
// in a fuzzed byte: arrows, Home and End.
var moveKeys = []fyne.KeyName{fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd}

// FuzzCaretMovesSelection places the caret anywhere in any text, presses
// a sequence of arrows, Home and End with Shift and maybe Ctrl, and
// checks every selection a span could be made from: inside the text,
// start <= end, never starting or ending with white space or an
// invisible control, never parting a letter from its marks where the
// caret did not.
func FuzzCaretMovesSelection(f *testing.F) {
	f.Add("ووصف منسق الدائرة عبد الأحد اسطيفو اللقاء", uint8(20), []byte{0, 0, 0})
	f.Add("قال\u200f: \u2066Reuters\u2069 نقلاً عن مصدر\u200cمطلع.", uint8(3), []byte{1, 1, 7, 7, 0, 2, 3})
	f.Add("Ahmed met  the UN envoy\nفي بغداد 2020م", uint8(40), []byte{6, 6, 1, 9, 4, 5, 11})
	f.Add("   \t  ", uint8(2), []byte{0, 1, 6, 7})
	tv, _ := newView(f, 180, 300)
	f.Fuzz(func(t *testing.T, text string, from uint8, presses []byte) {
		if !utf8.ValidString(text) || utf8.RuneCountInString(text) > 150 || len(presses) > 40 {
			t.Skip("not a short valid text")
		}
		tv.SetText(text, nil)
		runes := []rune(text)
		start := min(int(from), len(runes))
		tv.SetSelection(start, start)
		for i, b := range presses {
			k := moveKeys[int(b>>1)%len(moveKeys)]
			mods := fyne.KeyModifierShift
			if b&1 != 0 {
				mods |= fyne.KeyModifierControl
			}
			tv.moveKey(k, mods)
			s, e := tv.Selection()
			if s < 0 || e > len(runes) || s > e {
				t.Fatalf("%q press %d (%s): selection [%d,%d) outside the text", text, i, k, s, e)
			}
			if s == e {
				continue
			}
			if isTrimmed(runes[s]) || isTrimmed(runes[e-1]) {
				t.Fatalf("%q press %d (%s %v): selection [%d,%d) %q has white space or a control at an edge", text, i, k, mods, s, e, string(runes[s:e]))
			}
			for _, edge := range []int{s, e} {
				if edge > 0 && edge < len(runes) && nonSpacing(runes[edge]) && !isTrimmed(runes[edge]) && !nonSpacing(runes[edge-1]) && !isTrimmed(runes[edge-1]) {
					t.Fatalf("%q press %d: selection [%d,%d) parts %q from its mark %q", text, i, s, e, runes[edge-1], runes[edge])
				}
			}
		}
	})
}
