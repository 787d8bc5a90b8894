package app

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hashiya/app/textview"
)

// The window in a right-to-left UI language. Fyne 2.7 has no notion of
// direction: widget.Label draws a mixed string with an LTR paragraph
// level (the period of "اكتب اسمًا." lands on the right, hotkey marks
// and numbers on the wrong side, fyne-io/fyne#90), and every container
// lays out from the left. So the strings Hashiya shows go through
// textview.Label, which lays them out with the project's own bidi code
// in the UI's direction, and the containers of the workspace are built
// mirrored when the UI reads right to left.
//
// Left as Fyne draws them, and so kept to strings Fyne draws right (one
// Arabic run, no digits, Latin or brackets; see bidiSafe): menu items,
// select options, dialog titles and buttons, entry placeholders and
// check boxes.

// uiRTL reports whether the UI language reads right to left. The
// translation says so itself ("ltr" is "rtl" in ar.json), so it always
// agrees with the language Fyne chose for the strings.
func uiRTL() bool { return tr("ltr") == "rtl" }

// uiDirection is the paragraph direction of UI strings.
func uiDirection() textview.Direction {
	if uiRTL() {
		return textview.DirectionRTL
	}
	return textview.DirectionLTR
}

// uiLabel is a label for a UI string: in the UI's direction, as wide as
// its text.
func uiLabel(text string) *textview.Label {
	l := &textview.Label{Text: text, Direction: uiDirection(), Fit: true}
	l.ExtendBaseWidget(l)
	return l
}

// uiTitle is a bold uiLabel, for the headings of panels.
func uiTitle(text string) *textview.Label {
	l := uiLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// uiTruncating is a uiLabel that cuts a text too long for its room with
// "…" instead of widening its container: status messages.
func uiTruncating(text string) *textview.Label {
	l := uiLabel(text)
	l.Fit = false
	return l
}

// uiButton is a button whose caption is laid out by textview.Label, for
// captions Fyne would scramble ("هدف من التحديد [T]"): Fyne's button
// without text underneath, the label on top (a label is not tappable,
// so taps and hovers reach the button). The *widget.Button is for
// tapping and importance; the object is what to place.
func uiButton(text string, tapped func()) (*widget.Button, fyne.CanvasObject) {
	b := &widget.Button{OnTapped: tapped}
	l := uiLabel(text)
	l.Alignment = fyne.TextAlignCenter
	l.TextStyle = fyne.TextStyle{Bold: true}
	return b, container.NewStack(b, l)
}

// leadTrail is container.NewBorder with a leading and a trailing object
// (either may be nil): left and right in a left-to-right UI, right and
// left in a right-to-left one.
func leadTrail(leading, trailing, center fyne.CanvasObject) *fyne.Container {
	if uiRTL() {
		leading, trailing = trailing, leading
	}
	return container.NewBorder(nil, nil, leading, trailing, center)
}

// hbox is container.NewHBox in reading order: the first object is the
// leftmost in a left-to-right UI and the rightmost in a right-to-left one.
func hbox(objs ...fyne.CanvasObject) *fyne.Container {
	if uiRTL() {
		objs = slices.Clone(objs)
		slices.Reverse(objs)
	}
	return container.NewHBox(objs...)
}

// mirrorRows reorders objs, laid out in a grid of cols columns, so that
// each row reads in the UI's direction; a short last row starts on the
// right too.
func mirrorRows(cols int, objs []fyne.CanvasObject) []fyne.CanvasObject {
	if !uiRTL() {
		return objs
	}
	var out []fyne.CanvasObject
	for i := 0; i < len(objs); i += cols {
		row := slices.Clone(objs[i:min(i+cols, len(objs))])
		for len(row) < cols {
			row = append(row, spacer())
		}
		slices.Reverse(row)
		out = append(out, row...)
	}
	return out
}

// grid is container.NewGridWithColumns with rows in reading order.
func grid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.NewGridWithColumns(cols, mirrorRows(cols, objs)...)
}

// hsplit is container.NewHSplit with lead first in reading order, given
// the fraction of the width lead takes.
func hsplit(lead, trail fyne.CanvasObject, leadShare float64) *container.Split {
	if uiRTL() {
		s := container.NewHSplit(trail, lead)
		s.Offset = 1 - leadShare
		return s
	}
	s := container.NewHSplit(lead, trail)
	s.Offset = leadShare
	return s
}

// spacer takes a cell's room and shows nothing.
func spacer() fyne.CanvasObject {
	return &canvasSpacer{}
}

type canvasSpacer struct{ widget.BaseWidget }

func (s *canvasSpacer) CreateRenderer() fyne.WidgetRenderer {
	s.ExtendBaseWidget(s)
	return widget.NewSimpleRenderer(container.NewStack())
}

// dangerColor is the colour of an error message.
func dangerColor() color.Color { return theme.Color(theme.ColorNameError) }

// leadingButton is the alignment of a button caption at the start of
// the line: on the right in a right-to-left UI.
func leadingButton() widget.ButtonAlign {
	if uiRTL() {
		return widget.ButtonAlignTrailing
	}
	return widget.ButtonAlignLeading
}
