package textview

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"hashiya/assets"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// arabicTheme is the app's theme as far as text goes: the bundled Arabic
// font first (Fyne falls back to its default font for Latin), on the
// light variant so goldens do not depend on the machine's preference.
type arabicTheme struct{ fyne.Theme }

func (arabicTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return assets.FontArabicBold
	}
	return assets.FontArabicRegular
}

func (a arabicTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return a.Theme.Color(n, theme.VariantLight)
}

// newTestView shows a TextView with text in a headless window of the given
// size.
func newTestView(t *testing.T, text string, w, h float32) (*TextView, fyne.Window) {
	t.Helper()
	tv, win := newView(t, w, h)
	tv.SetText(text, nil)
	return tv, win
}

// newView shows an empty TextView in a headless window of the given size.
func newView(tb testing.TB, w, h float32) (*TextView, fyne.Window) {
	tb.Helper()
	a := test.NewTempApp(tb)
	a.Settings().SetTheme(arabicTheme{theme.DefaultTheme()})
	tv := New()
	win := test.NewTempWindow(tb, tv)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	return tv, win
}

// assertGolden compares the window's rendering with testdata/name, or
// rewrites it with -update.
func assertGolden(t *testing.T, win fyne.Window, name string) {
	t.Helper()
	img := win.Canvas().Capture()
	if *update {
		writePNG(t, filepath.Join("testdata", name), img)
	}
	test.AssertImageMatches(t, name, img)
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

const arabicSample = "قال المتحدث (باسم الوزارة) يوم الثلاثاء 7 كانون الثاني 2020 إن «الاتفاق» مع شركة Siemens AG سيُوقَّع قريباً، وأضاف: \"لا تراجع\" عن 3.5% من الحصة [المقررة]."

func TestRenderArabic(t *testing.T) {
	_, win := newTestView(t, arabicSample, 420, 200)
	assertGolden(t, win, "arabic.png")
}

const englishSample = "The ministry said on Tuesday, 7 January 2020, that the agreement with Siemens AG (the German group) would be signed \"soon\"."

func TestRenderEnglish(t *testing.T) {
	_, win := newTestView(t, englishSample, 420, 120)
	assertGolden(t, win, "english.png")
}

// mixedSample has an Arabic and an English paragraph, an empty line, and
// a paragraph with invisible controls (RLM, ZWNJ, LRI…PDI).
const mixedSample = "التقى رئيس الوزراء بوفد من للائتلاف الوطني في بغداد.\n" +
	"Ahmed met the UN envoy in Baghdad.\n" +
	"\n" +
	"قال\u200f: \u2066Reuters\u2069 نقلاً عن مصدر\u200cمطلع."

// runeIndex returns the code point offset of the first s in text.
func runeIndex(t *testing.T, text, s string) int {
	t.Helper()
	r, sr := []rune(text), []rune(s)
	for i := 0; i+len(sr) <= len(r); i++ {
		if string(r[i:i+len(sr)]) == s {
			return i
		}
	}
	t.Fatalf("%q not in text", s)
	return 0
}

func mixedMarks(t *testing.T) []Mark {
	per := color.NRGBA{0xe4, 0x57, 0x2e, 0xff}
	org := color.NRGBA{0x2e, 0x86, 0xde, 0xff}
	loc := color.NRGBA{0x28, 0xa7, 0x45, 0xff}
	at := func(s string) (int, int) {
		i := runeIndex(t, mixedSample, s)
		return i, i + len([]rune(s))
	}
	var ms []Mark
	add := func(id int64, s, label string, c color.Color) {
		a, b := at(s)
		ms = append(ms, Mark{ID: id, Start: a, End: b, Label: label, Color: c})
	}
	add(1, "رئيس الوزراء", "PER", per)
	add(2, "لائتلاف الوطني", "ORG", org) // starts inside للائتلاف
	add(3, "الوطني", "MISC", color.NRGBA{0xa0, 0x5f, 0xd0, 0xff})
	add(4, "بغداد", "LOC", loc)
	add(5, "Ahmed", "PER", per)
	add(6, "UN envoy", "PER", per)
	add(7, "UN", "ORG", org) // nested in "UN envoy"
	add(8, "Baghdad", "LOC", loc)
	return ms
}

func TestRenderMixed(t *testing.T) {
	tv, win := newTestView(t, mixedSample, 460, 240)
	tv.SetMarks(mixedMarks(t))
	i := runeIndex(t, mixedSample, "مصدر")
	tv.SetHits([][2]int{{i, i + 4}})
	assertGolden(t, win, "mixed.png")
}

func TestRenderSelection(t *testing.T) {
	tv, win := newTestView(t, mixedSample, 460, 240)
	i := runeIndex(t, mixedSample, "بوفد من")
	tv.SetSelection(i, i+len([]rune("بوفد من")))
	win.Canvas().Focus(tv)
	assertGolden(t, win, "selection.png")
}

const corpusArticle = "../../../shared/corpus/000_d6582a0628d6bf6e.txt"

// readArticle returns the real news article of the shared corpus, or skips.
func readArticle(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(corpusArticle)
	if err != nil {
		t.Skipf("the shared corpus article is not here (%v); it lives outside the repository", err)
	}
	return string(b)
}

func TestRenderArticle(t *testing.T) {
	text := readArticle(t)
	_, win := newTestView(t, text, 800, 600)
	assertGolden(t, win, "article.png")
}

// TestPiecesMatchFyne checks that every piece measured here is exactly as
// wide as Fyne measures the canvas.Text that draws it: the premise of
// placing runs ourselves.
func TestPiecesMatchFyne(t *testing.T) {
	text := arabicSample + "\n" + englishSample + "\n" + mixedSample
	if b, err := os.ReadFile(corpusArticle); err == nil {
		text += "\n" + string(b)
	}
	tv, _ := newTestView(t, text, 800, 600)
	l := tv.lay
	l.ensure(0, l.height()+1e6)
	n := 0
	for pi := range l.paras {
		p := l.para(pi)
		for _, a := range p.atoms {
			if a.kind != kindText {
				continue
			}
			for _, pc := range a.run.pieces {
				n++
				got := fyne.MeasureText(pc.str, tv.size(), fyne.TextStyle{}).Width
				if d := got - pc.w; d > 0.01 || d < -0.01 {
					t.Errorf("piece %q: measured %v here, Fyne measures %v", pc.str, pc.w, got)
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d pieces checked", n)
	}
}

// TestLargeDocumentBuildsOnlyWhatIsVisible opens a 200,000-character
// document: the page must be as tall as the document but hold objects
// for one screen only, and scrolling to the end must show the end.
func TestLargeDocumentBuildsOnlyWhatIsVisible(t *testing.T) {
	text := articleOf(t, 200_000)
	tv, _ := newView(t, 800, 600)
	tv.SetText(text, nil)
	objs := test.WidgetRenderer(tv.page).Objects()
	if n := len(objs); n == 0 || n > 1500 {
		t.Errorf("first screen has %d canvas objects, want some and at most 1500", n)
	}
	if h := tv.page.MinSize().Height; h < 50*600 {
		t.Errorf("page height %v, want that of a long document", h)
	}
	tail := string([]rune(text)[len([]rune(text))-12:])
	tv.ScrollToOffset(len([]rune(text)))
	if tv.scroll.Offset.Y <= 0 {
		t.Fatalf("ScrollToOffset(end) left the scroll at %v", tv.scroll.Offset.Y)
	}
	objs = test.WidgetRenderer(tv.page).Objects()
	if n := len(objs); n > 1500 {
		t.Errorf("screen at the end has %d canvas objects, want at most 1500", n)
	}
	found := false
	for _, o := range objs {
		if tx, ok := o.(*canvas.Text); ok && tx.Text != "" && strings.Contains(tail, strings.Trim(tx.Text, "\u200f")) {
			found = true
		}
	}
	if !found {
		t.Errorf("no text from the document's end %q is drawn after scrolling there", tail)
	}
	// The caret is placed at the end and is on screen.
	tv.SetSelection(len([]rune(text)), len([]rune(text)))
	if s, e := tv.Selection(); s != e || s != len([]rune(text)) {
		t.Errorf("selection [%d,%d) after SetSelection(end,end)", s, e)
	}
}

// TestResizeReflows narrows the window: lines re-flow to the new width and
// Arabic lines stay right-aligned to it.
func TestResizeReflows(t *testing.T) {
	tv, win := newTestView(t, arabicSample, 420, 300)
	before := len(tv.lay.para(0).lines)
	win.Resize(fyne.NewSize(260, 300))
	p := tv.lay.para(0)
	if len(p.lines) <= before {
		t.Fatalf("%d lines at 260 px, %d at 420 px: no re-flow", len(p.lines), before)
	}
	w := tv.lay.width
	if w > 260 {
		t.Fatalf("layout width %v after resizing to 260", w)
	}
	for i, ln := range p.lines {
		last := len(ln.vis) - 1
		right := ln.x[last] + p.atoms[ln.vis[last]].run.width
		// Trailing spaces hang at the left of an RTL line, so the
		// rightmost atom is real text and must touch the right edge.
		if abs32(right-w) > 0.5 {
			t.Errorf("line %d ends at %v, want the right edge %v", i, right, w)
		}
	}
}

// TestWheelScrollBuildsNewLines scrolls with the mouse wheel and checks
// that the lines that came into view are built.
func TestWheelScrollBuildsNewLines(t *testing.T) {
	text := articleOf(t, 20_000)
	tv, _ := newView(t, 800, 400)
	tv.SetText(text, nil)
	firstY := func() float32 {
		minY := float32(1e9)
		for _, o := range test.WidgetRenderer(tv.page).Objects() {
			if tx, ok := o.(*canvas.Text); ok {
				minY = min(minY, tx.Position().Y)
			}
		}
		return minY
	}
	y0 := firstY()
	tv.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -3000}})
	if tv.scroll.Offset.Y < 2999 {
		t.Fatalf("scroll offset %v after scrolling 3000 down", tv.scroll.Offset.Y)
	}
	if y1 := firstY(); y1 < tv.scroll.Offset.Y-2*tv.lay.lineH || y1 <= y0 {
		t.Errorf("first text object at y=%v after scrolling to %v (was %v): the new screen was not built", y1, tv.scroll.Offset.Y, y0)
	}
}
