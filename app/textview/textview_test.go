package textview

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
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
	a := test.NewTempApp(t)
	a.Settings().SetTheme(arabicTheme{theme.DefaultTheme()})
	tv := New()
	tv.SetText(text, nil)
	win := test.NewTempWindow(t, tv)
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
