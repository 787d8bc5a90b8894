package app

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// TestWorkspaceGolden renders the whole workspace, in English and in the
// Arabic UI (mirrored: list on the right, panels on the left), with a
// span labelled and the first target picked, and compares it with
// testdata/workspace_LANG.png (rewritten with -update; look at the
// images before committing them).
func TestWorkspaceGolden(t *testing.T) {
	for _, c := range []struct{ lang, file string }{{"en", "workspace_en.png"}, {"ar", "workspace_ar.png"}} {
		t.Run(c.lang, func(t *testing.T) {
			t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
			t.Setenv("LANGUAGE", c.lang)
			t.Setenv("LC_ALL", c.lang)
			sh, a := newTestShell(t, Options{Annotator: "amal"})
			a.Settings().SetTheme(lightTheme{Theme()})
			setupLanguage(a.Preferences())
			sh.begin()
			sh.win.Resize(fyne.NewSize(1280, 760))
			sh.ws.now = func() time.Time { return time.Date(2026, 12, 3, 10, 30, 0, 0, time.UTC) }
			sh.ws.text.SetSelection(0, 12)
			sh.ws.applyLabel("PER")
			// A real window lays a container out again when what it holds
			// asks for a new size; the test canvas does not, so do it here.
			relayout(sh.win.Content())
			img := sh.win.Canvas().Capture()
			if *update {
				writeGolden(t, filepath.Join("testdata", c.file), img)
			}
			test.AssertImageMatches(t, c.file, img)
		})
	}
}

// lightTheme is Hashiya's theme in its light variant, so goldens do not
// depend on the machine's preference.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

func (lightTheme) TextSelectionColor(fyne.ThemeVariant) color.Color {
	return hashiyaTheme{}.TextSelectionColor(theme.VariantLight)
}

func writeGolden(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// relayout lays out every container under o again, innermost first.
func relayout(o fyne.CanvasObject) {
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			relayout(child)
		}
		c.Refresh()
		return
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, child := range test.WidgetRenderer(w).Objects() {
			relayout(child)
		}
		w.Refresh()
	}
}
