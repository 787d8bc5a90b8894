package textview

import (
	"fmt"
	"os"
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

// layoutCases are texts with the substrings line 0 must show left to
// right. They seed FuzzLayout too.
var layoutCases = []struct {
	name  string
	text  string
	order []string // left to right on line 0
	rtl   bool     // paragraph direction
}{
	{"arabic date", "الثلاثاء 7 كانون الثاني 2020", []string{"2020", "الثاني", "كانون", "7", "الثلاثاء"}, true},
	{"arabic with latin phrase", "وقعت شركة Siemens AG العقد", []string{"العقد", "Siemens", "AG", "شركة", "وقعت"}, true},
	{"arabic with brackets and number", "قال (المتحدث 12) أمس", []string{"أمس", "12", "المتحدث", "قال"}, true},
	{"english with arabic phrase", "He said مرحبا بكم twice", []string{"He", "said", "بكم", "مرحبا", "twice"}, false},
	{"english starting with digits", "2020 was the year", []string{"2020", "was", "the", "year"}, false},
	{"neutral start then arabic", "«الاتفاق» مع Siemens", []string{"Siemens", "مع", "الاتفاق"}, true},
	{"arabic-indic digits", "عام ٢٠٢٠ مضى", []string{"مضى", "٢٠٢٠", "عام"}, true},
	{"rlm spoofing", "abc \u202eedcba\u202c xyz", []string{"abc", "edcba", "xyz"}, false},
}

func TestLayoutOrder(t *testing.T) {
	for _, tc := range layoutCases {
		t.Run(tc.name, func(t *testing.T) {
			l := testLayout(t, tc.text, 800)
			p := l.para(0)
			if got := p.base%2 == 1; got != tc.rtl {
				t.Fatalf("paragraph RTL = %v, want %v", got, tc.rtl)
			}
			prev := rect{x0: -1e9, x1: -1e9}
			for _, w := range tc.order {
				s := runeIndexOf(tc.text, w)
				if s < 0 {
					t.Fatalf("%q not in text", w)
				}
				r := extentOf(t, l, s, s+len([]rune(w)))
				if r.x0 < prev.x1-0.01 {
					t.Errorf("%q at [%.1f,%.1f] is not right of the previous word ending at %.1f", w, r.x0, r.x1, prev.x1)
				}
				prev = r
			}
			// Alignment: the line's content touches the start edge.
			ln := &p.lines[0]
			left := ln.x[0]
			last := len(ln.vis) - 1
			right := ln.x[last] + p.atoms[ln.vis[last]].run.width
			if tc.rtl && abs32(right-800) > 0.5 {
				t.Errorf("RTL line ends at %v, want 800", right)
			}
			if !tc.rtl && abs32(left) > 0.5 {
				t.Errorf("LTR line starts at %v, want 0", left)
			}
		})
	}
}

func runeIndexOf(text, s string) int {
	r, sr := []rune(text), []rune(s)
	for i := 0; i+len(sr) <= len(r); i++ {
		if string(r[i:i+len(sr)]) == s {
			return i
		}
	}
	return -1
}

// TestHitTestInsideEveryCodePoint checks, for every code point of the
// samples, that a point in the middle of its painted extent maps to an
// offset next to it, and that the extent lies on the line's y.
func TestHitTestInsideEveryCodePoint(t *testing.T) {
	text := arabicSample + "\n" + englishSample + "\n\n" + "قال\u200f: \u2066Reuters\u2069 نقلاً عن مصدر\u200cمطلع."
	l := testLayout(t, text, 300)
	for pi := range l.paras {
		p := l.para(pi)
		for li, ln := range p.lines {
			for off := ln.start; off < ln.end; off++ {
				rs := l.rangeRects(nil, pi, li, off, off+1)
				if len(rs) != 1 {
					t.Fatalf("offset %d: %d extents", off, len(rs))
				}
				r := rs[0]
				if r.x1-r.x0 < 0.5 {
					continue // zero-width: a trailing space or a dropped ignorable
				}
				got := l.offsetAt((r.x0+r.x1)/2, r.y+l.lineH/3)
				if got != off && got != off+1 {
					t.Errorf("offset %d %q: middle of [%.1f,%.1f] on line %d hits %d", off, string(l.text[off]), r.x0, r.x1, li, got)
				}
			}
		}
	}
}

// FuzzLayout lays out arbitrary text at arbitrary widths and checks the
// invariants everything else relies on.
func FuzzLayout(f *testing.F) {
	for _, tc := range layoutCases {
		f.Add(tc.text, float32(800))
		f.Add(tc.text, float32(40))
	}
	f.Add(arabicSample+"\n\n"+englishSample, float32(120))
	f.Add("\u202b\u2067x\n\t\u00a0y\u2028z\r\u0301", float32(1))
	sh := testShaper(f, 14)
	f.Fuzz(func(t *testing.T, text string, width float32) {
		if width != width || width < 1 || width > 1e5 {
			width = 300
		}
		l := newLayout(sh, sh.lineHeight)
		runes := []rune(text)
		l.setText(runes)
		l.setWidth(width)
		l.ensure(0, l.height()+1e6)
		for pi := range l.paras {
			p := l.para(pi)
			next := p.start
			for li, ln := range p.lines {
				if ln.start != next || ln.end < ln.start {
					t.Fatalf("paragraph %d line %d covers [%d,%d), want start %d", pi, li, ln.start, ln.end, next)
				}
				next = ln.end
				seen := map[int]bool{}
				for _, a := range ln.vis {
					if a < ln.a0 || a >= ln.a1 || seen[a] {
						t.Fatalf("line %d visual order %v is not a permutation of [%d,%d)", li, ln.vis, ln.a0, ln.a1)
					}
					seen[a] = true
				}
				for i := 1; i < len(ln.x); i++ {
					if ln.x[i] < ln.x[i-1] {
						t.Fatalf("line %d atoms overlap: x %v", li, ln.x)
					}
				}
			}
			if next != p.end {
				t.Fatalf("paragraph %d lines end at %d, want %d", pi, next, p.end)
			}
		}
		h := l.height()
		for _, y := range []float32{-5, 0, h / 2, h + 5} {
			for _, x := range []float32{-5, 0, width / 2, width + 5} {
				if o := l.offsetAt(x, y); o < 0 || o > len(runes) {
					t.Fatalf("offsetAt(%v,%v) = %d, outside [0,%d]", x, y, o, len(runes))
				}
			}
		}
		for off := 0; off <= len(runes); off++ {
			x, y := l.caretPos(off)
			if x != x || y != y || y < 0 || y > h {
				t.Fatalf("caretPos(%d) = (%v,%v), height %v", off, x, y, h)
			}
		}
	})
}

// TestDirectInputMatchesSplit checks the shortcut directInput takes
// against Segmenter.Split for every word of the samples and the article.
func TestDirectInputMatchesSplit(t *testing.T) {
	// The bundled corpus is always there, so the count below does not
	// depend on ../shared.
	text := arabicSample + "\n" + englishSample + "\n" + "قال\u200f: \u2066Reuters\u2069 نقلاً عن مصدر\u200cمطلع. «كلمة» (12) [Siemens] ٢٠٢٠ 3.5%" +
		"\n" + arabicCorpus(t)
	if b, err := os.ReadFile(corpusArticle); err == nil {
		text += "\n" + string(b)
	}
	l := testLayout(t, text, 800)
	sh := l.sh
	direct := 0
	for pi := range l.paras {
		p := l.para(pi)
		for _, a := range p.atoms {
			if a.kind != kindText {
				continue
			}
			word := l.text[a.start:a.end]
			rtl := a.level%2 == 1
			in, ok := sh.directInput(word, rtl)
			if !ok {
				continue
			}
			direct++
			dir := di.DirectionLTR
			if rtl {
				dir = di.DirectionRTL
			}
			ins := sh.seg.Split(shaping.Input{Text: word, RunEnd: len(word), Direction: dir, Face: sh.fonts.ResolveFace(word[0]), Size: sh.size}, sh.fonts)
			if len(ins) != 1 {
				t.Errorf("%q: Split gives %d inputs, directInput one", string(word), len(ins))
				continue
			}
			w := ins[0]
			if w.Face != in.Face || w.Script != in.Script || w.Language != in.Language || w.Direction != in.Direction || w.RunStart != in.RunStart || w.RunEnd != in.RunEnd {
				t.Errorf("%q: directInput %+v, Split %+v", string(word), summary(in), summary(w))
			}
		}
	}
	if direct < 100 {
		t.Errorf("only %d words took the direct path", direct)
	}
}

func summary(in shaping.Input) string {
	return fmt.Sprintf("[%d,%d) dir %v script %v lang %q", in.RunStart, in.RunEnd, in.Direction, in.Script, in.Language)
}
