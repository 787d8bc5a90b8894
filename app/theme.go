package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hashiya/app/textview"
	"hashiya/assets"
)

// hashiyaTheme is Fyne's default theme with the bundled Arabic font for
// text, so Arabic shows on machines that have no Arabic system font.
// Fyne tries the theme's font first and falls back to its own default
// font for glyphs the Arabic font lacks (Latin letters, ASCII brackets),
// which keeps Latin text in Fyne's usual face.
type hashiyaTheme struct{}

var _ fyne.Theme = hashiyaTheme{}

// Theme returns the app theme.
func Theme() fyne.Theme { return hashiyaTheme{} }

func (hashiyaTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground && v == theme.VariantLight {
		// Near black rather than Fyne's grey: hours of reading, and the
		// text must stay readable on the dark grey selection.
		return color.NRGBA{R: 0x14, G: 0x14, B: 0x14, A: 0xff}
	}
	return theme.DefaultTheme().Color(n, v)
}

var _ textview.SelectionTheme = hashiyaTheme{}

// TextSelectionColor is neutral and strong, so a selection never looks
// like an entity fill (TestPaletteContrast): light grey on the dark
// page, dark grey on the light one, the text still readable on it.
func (hashiyaTheme) TextSelectionColor(v fyne.ThemeVariant) color.Color {
	if v == theme.VariantLight {
		return color.NRGBA{A: 0x91}
	}
	return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x80}
}

func (hashiyaTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace, s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold:
		return assets.FontArabicBold
	default:
		return assets.FontArabicRegular
	}
}

func (hashiyaTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

func (hashiyaTheme) Size(n fyne.ThemeSizeName) float32 {
	return theme.DefaultTheme().Size(n)
}
