// Package assets embeds what Hashiya ships inside its binary: the app
// icon, the bundled Arabic font (Noto Sans Arabic, SIL OFL 1.1: see
// fonts/OFL.txt) and the sample corpus a new database is seeded with.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

//go:embed fonts/NotoSansArabic-Regular.ttf
var arabicRegular []byte

//go:embed fonts/NotoSansArabic-Bold.ttf
var arabicBold []byte

// Icon is the application icon.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

// FontArabicRegular is Noto Sans Arabic Regular. It has no Latin letters,
// so Fyne falls back to its own default font for them.
var FontArabicRegular fyne.Resource = fyne.NewStaticResource("NotoSansArabic-Regular.ttf", arabicRegular)

// FontArabicBold is Noto Sans Arabic Bold.
var FontArabicBold fyne.Resource = fyne.NewStaticResource("NotoSansArabic-Bold.ttf", arabicBold)

// Corpus holds the sample articles (corpus/*.txt) a new database is
// seeded with: fictional news written for Hashiya, six in Arabic and two
// in English.
//
//go:embed corpus/*.txt
var Corpus embed.FS
