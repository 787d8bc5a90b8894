package textview

import (
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/typesetting/bidi"
	"github.com/rivo/uniseg"
)

// labelOrderCases are lines that fit, with their pieces left to right.
var labelOrderCases = []struct {
	name, text string
	want       []string
	rtl        bool
}{
	{"arabic", "قال المتحدث باسم الوزارة", []string{"الوزارة", "باسم", "المتحدث", "قال"}, true},
	{"arabic with latin", "الأردن يوقّع اتفاقاً مع HydroCore لبناء محطة",
		[]string{"محطة", "لبناء", "HydroCore", "مع", "اتفاقاً", "يوقّع", "الأردن"}, true},
	{"arabic with numbers", "الثلاثاء 7 كانون الثاني 2020",
		[]string{"2020", "الثاني", "كانون", "7", "الثلاثاء"}, true},
	{"english", "Ahmed met the envoy", []string{"Ahmed", "met", "the", "envoy"}, false},
	{"english with arabic", "Ahmed met وزير الخارجية today",
		[]string{"Ahmed", "met", "الخارجية", "وزير", "today"}, false},
	{"line break shows as a space", "قال\nالمتحدث", []string{"المتحدث", "قال"}, true},
}

// pieceTexts returns the strings of ln's pieces, left to right, without
// the RLMs that keep right-to-left pieces right-to-left.
func pieceTexts(ln *labelLine) []string {
	var out []string
	for _, pc := range ln.pieces {
		out = append(out, strings.Trim(pc.str, "\u200f"))
	}
	return out
}

// lineExtent returns the left and right edges of everything ln draws.
func lineExtent(ln *labelLine) (x0, x1 float32) {
	if len(ln.pieces) == 0 {
		return 0, 0
	}
	x0, x1 = ln.pieces[0].x, ln.pieces[0].x+ln.pieces[0].w
	for _, pc := range ln.pieces {
		x0, x1 = min(x0, pc.x), max(x1, pc.x+pc.w)
	}
	return x0, x1
}

func TestLabelVisualOrder(t *testing.T) {
	sh := testShaper(t, 14)
	const width = 500
	for _, c := range labelOrderCases {
		t.Run(c.name, func(t *testing.T) {
			ln := layoutLabel(sh, c.text, width)
			if got := pieceTexts(ln); strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("pieces left to right %q, want %q", got, c.want)
			}
			if ln.truncated || ln.kept != utf8.RuneCountInString(c.text) || ln.rtl != c.rtl {
				t.Errorf("truncated %v, kept %d, rtl %v; want false, %d, %v",
					ln.truncated, ln.kept, ln.rtl, utf8.RuneCountInString(c.text), c.rtl)
			}
			for i := 1; i < len(ln.pieces); i++ {
				if ln.pieces[i].x < ln.pieces[i-1].x+ln.pieces[i-1].w-0.01 {
					t.Errorf("piece %d at x=%v overlaps the one before, which ends at %v",
						i, ln.pieces[i].x, ln.pieces[i-1].x+ln.pieces[i-1].w)
				}
			}
			// Alignment follows direction.
			x0, x1 := lineExtent(ln)
			if c.rtl && abs32(x1-width) > 0.5 {
				t.Errorf("right-to-left line ends at x=%v, want the right edge %v", x1, width)
			}
			if !c.rtl && abs32(x0) > 0.5 {
				t.Errorf("left-to-right line starts at x=%v, want 0", x0)
			}
		})
	}
}

// labelTruncCases are lines too wide for width. atWord: the cut must be at
// a word boundary.
var labelTruncCases = []struct {
	name, text string
	width      float32
	rtl        bool
	atWord     bool
}{
	{"arabic title", "الأردن يوقّع اتفاقاً مع HydroCore لبناء محطة تحلية مياه في العقبة بقيمة 1.2 مليار دولار", 260, true, true},
	{"arabic ending in latin", "الأردن يوقّع اتفاقاً مع HydroCore International Holdings", 200, true, true},
	{"english", "Jordan signs an agreement with HydroCore to build a desalination plant in Aqaba", 240, false, true},
	{"english ending in arabic", "Ahmed met وزير الخارجية الأردني في العقبة يوم الثلاثاء", 200, false, true},
	{"one long arabic word", strings.Repeat("سيُوقَّعُ", 12), 120, true, false},
	{"one long latin word", strings.Repeat("HydroCore", 12), 120, false, false},
	{"very narrow", "قال المتحدث باسم الوزارة", 30, true, false},
}

func TestLabelTruncation(t *testing.T) {
	sh := testShaper(t, 14)
	for _, c := range labelTruncCases {
		t.Run(c.name, func(t *testing.T) {
			ln := layoutLabel(sh, c.text, c.width)
			checkLabelLine(t, c.text, c.width, ln)
			text := []rune(c.text)
			if !ln.truncated || ln.kept == 0 || ln.kept >= len(text) {
				t.Fatalf("truncated %v, kept %d of %d code points; want a cut inside the text",
					ln.truncated, ln.kept, len(text))
			}
			if ln.rtl != c.rtl {
				t.Errorf("rtl %v, want %v", ln.rtl, c.rtl)
			}
			if c.atWord && text[ln.kept] != ' ' {
				t.Errorf("cut after %q, inside a word", string(text[:ln.kept]))
			}
			// The ellipsis ends the text in reading order: on the left of
			// a right-to-left line, on the right of a left-to-right one.
			x0, x1 := lineExtent(ln)
			ellW := sh.shape([]rune{ellipsis}, c.rtl).width
			if c.rtl && abs32(ln.ellipsisX-x0) > 0.5 {
				t.Errorf("ellipsis at x=%v, want the line's left edge %v", ln.ellipsisX, x0)
			}
			if !c.rtl && abs32(ln.ellipsisX+ellW-x1) > 0.5 {
				t.Errorf("ellipsis ends at x=%v, want the line's right edge %v", ln.ellipsisX+ellW, x1)
			}
			// Nothing much more would have fitted.
			if x1-x0 < 0.5*c.width && c.width > 100 {
				t.Errorf("the cut line is %v wide, less than half of %v", x1-x0, c.width)
			}
		})
	}
}

// checkLabelLine checks what holds for any text at any width: the line
// fits unless a single grapheme and the ellipsis cannot, and the cut is at
// a grapheme boundary.
func checkLabelLine(t *testing.T, text string, width float32, ln *labelLine) {
	t.Helper()
	runes := []rune(text)
	if ln.kept < 0 || ln.kept > len(runes) {
		t.Fatalf("kept %d of %d code points", ln.kept, len(runes))
	}
	if ln.truncated != (ln.kept < len(runes)) {
		t.Fatalf("truncated %v but kept %d of %d code points", ln.truncated, ln.kept, len(runes))
	}
	x0, x1 := lineExtent(ln)
	if ln.kept > 0 && (x0 < -0.5 || x1 > width+0.5) {
		t.Errorf("line drawn from x=%v to %v, outside [0, %v]", x0, x1, width)
	}
	if ln.truncated && !isGraphemeBoundary(runes, ln.kept) {
		t.Errorf("cut at %d splits a grapheme of %q", ln.kept, text)
	}
}

// isGraphemeBoundary reports whether offset off of text is between two
// grapheme clusters.
func isGraphemeBoundary(text []rune, off int) bool {
	if off == 0 || off == len(text) {
		return true
	}
	n := 0
	g := uniseg.NewGraphemes(string(text))
	for g.Next() && n < off {
		n += len(g.Runes())
	}
	return n == off
}

func FuzzLabelLayout(f *testing.F) {
	for _, c := range labelOrderCases {
		f.Add(c.text, float32(500))
	}
	for _, c := range labelTruncCases {
		f.Add(c.text, c.width)
	}
	sh := testShaper(f, 14)
	f.Fuzz(func(t *testing.T, text string, width float32) {
		if !utf8.ValidString(text) || width != width || width < 0 || width > 5000 {
			t.Skip()
		}
		// Invalid UTF-8 aside, the widget shows any string.
		checkLabelLine(t, text, width, layoutLabel(sh, text, width))
	})
}

func TestLabelMinSizeMatchesWidgetLabel(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(arabicTheme{theme.DefaultTheme()})
	for _, s := range []string{"Ahmed", "قال المتحدث", ""} {
		for _, bold := range []bool{false, true} {
			ours := NewLabel(s)
			ours.TextStyle.Bold = bold
			theirs := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold})
			if got, want := ours.MinSize().Height, theirs.MinSize().Height; got != want {
				t.Errorf("%q bold %v: MinSize height %v, widget.Label's %v", s, bold, got, want)
			}
			if w := ours.MinSize().Width; w > 40 {
				t.Errorf("%q: MinSize width %v, want a small one (it truncates)", s, w)
			}
		}
	}
}

// labelTexts returns the strings a label's renderer draws, left to
// right, without RLMs.
func labelTexts(t *testing.T, l *Label) []string {
	t.Helper()
	var out []string
	for _, o := range test.TempWidgetRenderer(t, l).Objects() {
		out = append(out, strings.Trim(o.(*canvas.Text).Text, "\u200f"))
	}
	return out
}

func TestLabelSetTextAndResize(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(arabicTheme{theme.DefaultTheme()})
	l := NewLabel("قال المتحدث")
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 40))
	if got := strings.Join(labelTexts(t, l), "|"); got != "المتحدث|قال" {
		t.Fatalf("drawn %q, want المتحدث|قال", got)
	}
	l.SetText("Ahmed met the envoy")
	if got := strings.Join(labelTexts(t, l), "|"); got != "Ahmed|met|the|envoy" {
		t.Fatalf("after SetText drawn %q, want Ahmed|met|the|envoy", got)
	}
	// Narrower: Layout cuts the text again.
	l.Resize(fyne.NewSize(80, l.MinSize().Height))
	got := labelTexts(t, l)
	if len(got) == 0 || !strings.HasSuffix(got[len(got)-1], "…") || strings.Contains(strings.Join(got, " "), "envoy") {
		t.Errorf("at 80 wide drawn %q, want a start of the text ending in …", got)
	}
	l.Color = color.NRGBA{R: 0xff, A: 0xff}
	l.Refresh()
	for _, o := range test.TempWidgetRenderer(t, l).Objects() {
		if o.(*canvas.Text).Color != l.Color {
			t.Errorf("a piece is drawn in %v, want the label's colour %v", o.(*canvas.Text).Color, l.Color)
		}
	}
}

// TestRenderLabels is the golden image of labels as a list shows them:
// Arabic, Arabic with Latin and numbers, English, a bold Arabic one and a
// right-to-left one cut on the left.
func TestRenderLabels(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(arabicTheme{theme.DefaultTheme()})
	bold := NewLabel("قائمة الوثائق")
	bold.TextStyle.Bold = true
	box := container.NewVBox(
		NewLabel("قال المتحدث باسم الوزارة"),
		NewLabel("الثلاثاء 7 كانون الثاني 2020 مع HydroCore"),
		NewLabel("Ahmed met the UN envoy in Baghdad"),
		bold,
		NewLabel("الأردن يوقّع اتفاقاً مع HydroCore لبناء محطة تحلية مياه في العقبة بقيمة 1.2 مليار دولار"),
	)
	w := test.NewTempWindow(t, box)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(320, box.MinSize().Height))
	assertGolden(t, w, "labels.png")
}

// BenchmarkLabelLayout lays out a list row's title at a new width, as
// when a list is resized: word shapes are cached, lines are not.
func BenchmarkLabelLayout(b *testing.B) {
	sh := testShaper(b, 14)
	const title = "الأردن يوقّع اتفاقاً مع HydroCore لبناء محطة تحلية مياه في العقبة بقيمة 1.2 مليار دولار"
	w := float32(200)
	for b.Loop() {
		w++
		if w > 600 {
			w = 200
		}
		layoutLabel(sh, title, w)
	}
}

// TestLabelPiecesMatchFyne checks, in each text style, that every piece a
// label draws is as wide as Fyne measures its canvas.Text, including the
// ellipsis piece of a cut text: the premise of placing pieces ourselves.
func TestLabelPiecesMatchFyne(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(arabicTheme{theme.DefaultTheme()})
	texts := []string{labelTruncCases[0].text, labelTruncCases[2].text, labelOrderCases[2].text, labelOrderCases[4].text}
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		for _, s := range texts {
			l := NewLabel(s)
			l.TextStyle = style
			l.Resize(fyne.NewSize(240, l.MinSize().Height))
			objs := test.TempWidgetRenderer(t, l).Objects()
			if len(objs) == 0 {
				t.Fatalf("%q: nothing drawn", s)
			}
			for _, o := range objs {
				txt := o.(*canvas.Text)
				got := fyne.MeasureText(txt.Text, txt.TextSize, style).Width
				if d := got - txt.Size().Width; d > 0.01 || d < -0.01 {
					t.Errorf("style %+v piece %q: placed %v wide, Fyne measures %v", style, txt.Text, txt.Size().Width, got)
				}
			}
		}
	}
}

// TestLabelInList uses labels as widget.List rows, as the document and
// span lists do: rows are re-bound with SetText as the list scrolls.
func TestLabelInList(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(arabicTheme{theme.DefaultTheme()})
	titles := []string{"قال المتحدث باسم الوزارة", "Ahmed met the envoy", "الثلاثاء 7 كانون الثاني 2020"}
	for len(titles) < 60 {
		titles = append(titles, titles[len(titles)%3])
	}
	list := &widget.List{
		Length:     func() int { return len(titles) },
		CreateItem: func() fyne.CanvasObject { return NewLabel("") },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*Label).SetText(titles[i]) },
	}
	w := test.NewTempWindow(t, list)
	w.Resize(fyne.NewSize(300, 200))
	list.ScrollTo(40)
	var shown []*Label
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if l, ok := o.(*Label); ok && l.Visible() && l.Text != "" {
			shown = append(shown, l)
		}
	}
	if len(shown) < 3 {
		t.Fatalf("%d label rows shown in the list, want a screenful", len(shown))
	}
	for _, l := range shown {
		got := strings.Join(labelTexts(t, l), " ")
		want := map[string]string{
			titles[0]: "الوزارة باسم المتحدث قال",
			titles[1]: "Ahmed met the envoy",
			titles[2]: "2020 الثاني كانون 7 الثلاثاء",
		}[l.Text]
		if got != want {
			t.Errorf("row %q drawn as %q, want %q", l.Text, got, want)
		}
	}
}

// TestLabelDirectionAndAlignment: a UI string takes the UI's direction
// whatever its first strong character, and the line sits where the
// alignment says.
func TestLabelDirectionAndAlignment(t *testing.T) {
	sh := testShaper(t, 14)
	const width = 500
	// "Open ملف" in a right-to-left UI reads ملف first, on the right.
	ltr := layoutLabelDir(sh, "Open ملف", bidi.Neutral, width)
	rtl := layoutLabelDir(sh, "Open ملف", bidi.RightToLeft, width)
	if got := pieceTexts(ltr); strings.Join(got, "|") != "Open|ملف" || ltr.rtl {
		t.Errorf("auto direction: pieces %q, rtl %v", got, ltr.rtl)
	}
	if got := pieceTexts(rtl); strings.Join(got, "|") != "ملف|Open" || !rtl.rtl {
		t.Errorf("right to left: pieces %q, rtl %v", got, rtl.rtl)
	}
	cw := rtl.contentWidth()
	for _, c := range []struct {
		align fyne.TextAlign
		left  float32 // where the line's left edge lands
	}{
		{fyne.TextAlignLeading, width - cw},
		{fyne.TextAlignTrailing, 0},
		{fyne.TextAlignCenter, (width - cw) / 2},
	} {
		x0, _ := lineExtent(rtl)
		if got := x0 + rtl.shift(c.align, width); abs32(got-c.left) > 0.01 {
			t.Errorf("align %v: left edge at %.1f, want %.1f", c.align, got, c.left)
		}
	}
	x0, _ := lineExtent(ltr)
	if got := x0 + ltr.shift(fyne.TextAlignLeading, width); abs32(got) > 0.01 {
		t.Errorf("a left-to-right line leads from the left: left edge %.1f", got)
	}
}

// TestLabelFit: a Fit label asks for its whole text's width, so a
// status bar or title is not cut; a default one truncates.
func TestLabelFit(t *testing.T) {
	test.NewTempApp(t)
	const text = "الوثيقة 1 من 8 في القائمة"
	fit := &Label{Text: text, Fit: true, Direction: DirectionRTL}
	fit.ExtendBaseWidget(fit)
	cut := NewLabel(text)
	if fw, cw := fit.MinSize().Width, cut.MinSize().Width; fw <= 2*cw || fw < 100 {
		t.Errorf("Fit label min width %.0f, truncating label %.0f: want the whole text", fw, cw)
	}
}
