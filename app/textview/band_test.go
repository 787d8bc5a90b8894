package textview

import (
	"image/color"
	"testing"
)

// TestBandsStackUnderTheText: two annotators' marks on the same word
// (curation) get a bar each, in their colours, one row under the other
// below the text, and the line grows to hold them.
func TestBandsStackUnderTheText(t *testing.T) {
	const text = "قال المتحدث باسم الوزارة"
	red := color.NRGBA{R: 0xff, A: 0xff}
	blue := color.NRGBA{B: 0xff, A: 0xff}
	for _, tc := range []struct {
		name  string
		marks []Mark
		rows  []color.NRGBA // bars from the top down
	}{
		{"no bands", []Mark{{Start: 4, End: 11, Color: red, Secondary: true}}, nil},
		{"two annotators", []Mark{
			{Start: 4, End: 11, Color: blue, Secondary: true, Band: 2},
			{Start: 4, End: 11, Color: red, Secondary: true, Band: 1},
		}, []color.NRGBA{red, blue}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tv, win := newTestView(t, text, 420, 160)
			plain := tv.lineBand(0, len([]rune(text)))
			tv.SetMarks(tc.marks)
			img := win.Canvas().Capture()
			top := map[color.NRGBA]int{}
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
					if _, seen := top[c]; !seen && (c == red || c == blue) {
						top[c] = y
					}
				}
			}
			if len(top) != len(tc.rows) {
				t.Fatalf("bars in %v, want %v", top, tc.rows)
			}
			for i := 1; i < len(tc.rows); i++ {
				if top[tc.rows[i-1]] >= top[tc.rows[i]] {
					t.Fatalf("bar %v at y %d is not above %v at y %d", tc.rows[i-1], top[tc.rows[i-1]], tc.rows[i], top[tc.rows[i]])
				}
			}
			if got := tv.lineBand(0, len([]rune(text))); len(tc.rows) > 0 && got < plain+stripRoom(len(tc.rows)) {
				t.Fatalf("the line keeps %v under the text, want at least %v", got, plain+stripRoom(len(tc.rows)))
			}
		})
	}
}
