package app

import (
	"strings"

	"fyne.io/fyne/v2/lang"
	"github.com/go-text/typesetting/bidi"

	"hashiya/app/textview"
)

// shown prepares a UI string for a Fyne widget: its bidi runs in visual
// order (textview.VisualRuns), in a right-to-left paragraph when the UI
// speaks Arabic, so that "أُنجز 0 / 8" reads right to left instead of with
// its numbers on the wrong side. Call it last, on the finished string:
// what it returns is for drawing only, never for joining, storing or
// comparing.
func shown(s string) string {
	return textview.VisualRuns(s, uiDirection())
}

// uiDirection is the paragraph direction of the UI language's strings.
func uiDirection() bidi.Direction {
	if strings.HasPrefix(lang.SystemLocale().LanguageString(), "ar") {
		return bidi.RightToLeft
	}
	return bidi.Neutral
}
