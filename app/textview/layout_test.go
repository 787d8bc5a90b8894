package textview

import (
	"testing"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/shaping"

	"hashiya/assets"
)

// testShaper measures with the fonts the app theme gives Fyne: the bundled
// Arabic font, then Fyne's default font, then its emoji font.
func testShaper(t testing.TB, size float32) *shaper {
	t.Helper()
	fonts, err := loadFaces(assets.FontArabicRegular, theme.DefaultTextFont(), theme.DefaultEmojiFont())
	if err != nil {
		t.Fatal(err)
	}
	return newShaper(fonts, size)
}

func testLayout(t testing.TB, text string, width float32) *layout {
	t.Helper()
	sh := testShaper(t, 14)
	l := newLayout(sh, sh.lineHeight)
	l.setText([]rune(text))
	l.setWidth(width)
	l.ensure(0, l.height()+1e6)
	return l
}

// extentOf returns the extent of the code point range [s, e) on line 0 of
// paragraph 0.
func extentOf(t *testing.T, l *layout, s, e int) rect {
	t.Helper()
	rs := l.rangeRects(nil, 0, 0, s, e)
	if len(rs) != 1 {
		t.Fatalf("range [%d,%d) has %d extents, want 1: %v", s, e, len(rs), rs)
	}
	return rs[0]
}

func TestLineVisualOrder(t *testing.T) {
	const text = "الثلاثاء 7 كانون الثاني 2020"
	l := testLayout(t, text, 800)
	p := l.para(0)
	if p.base != 1 || len(p.lines) != 1 {
		t.Fatalf("base %d, %d lines; want 1, 1", p.base, len(p.lines))
	}
	r := []rune(text)
	idx := func(s string) (int, int) {
		sr := []rune(s)
		for i := 0; i+len(sr) <= len(r); i++ {
			if string(r[i:i+len(sr)]) == s {
				return i, i + len(sr)
			}
		}
		t.Fatalf("%q not in text", s)
		return 0, 0
	}
	tue := extentOf(t, l, 0, 8)
	s7, e7 := idx("7")
	seven := extentOf(t, l, s7, e7)
	s20, e20 := idx("2020")
	y2020 := extentOf(t, l, s20, e20)
	if !(y2020.x1 <= seven.x0 && seven.x1 <= tue.x0) {
		t.Errorf("want 2020 < 7 < الثلاثاء left to right, got 2020 %v, 7 %v, الثلاثاء %v", y2020, seven, tue)
	}
	if d := 800 - tue.x1; d < 0 || d > 0.5 {
		t.Errorf("first Arabic word ends at x=%v, want the right edge 800", tue.x1)
	}
}

// TestDrawAscent checks the shortcut drawAscent takes against the face of
// the first run Fyne's Segmenter.Split gives for the drawn string.
func TestDrawAscent(t *testing.T) {
	sh := testShaper(t, 14)
	for _, tc := range []struct {
		text string
		rtl  bool
	}{
		{"(", true}, {"كلمة", true}, {"«كلمة»", true}, {"\"", true}, {"%", true},
		{"Siemens", false}, {"(the", false}, {"2020", false}, {"3.5%", false},
	} {
		run := sh.shape([]rune(tc.text), tc.rtl)
		for _, pc := range run.pieces {
			text := []rune(pc.str)
			ins := sh.seg.Split(shaping.Input{
				Text: text, RunEnd: len(text), Direction: di.DirectionLTR,
				Face: sh.fonts.ResolveFace(' '), Size: sh.size,
			}, sh.fonts)
			want := sh.drawAscent(ins[0].Face, false)
			if pc.ascent != want {
				t.Errorf("%q (rtl %v) piece %q: ascent %v, Fyne's first run has %v", tc.text, tc.rtl, pc.str, pc.ascent, want)
			}
		}
	}
}
