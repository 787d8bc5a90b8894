package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

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
	return theme.DefaultTheme().Color(n, v)
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
