package app

import (
	"image/color"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
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
// Arabic run, no digits, Latin or brackets between the letters; see
// fyneText and TestFyneStringsReadRight): menus, select options and
// dialog buttons.

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
			row = append(row, layout.NewSpacer())
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

// atLeast keeps o at least min big (0 for either side: o's own).
func atLeast(o fyne.CanvasObject, min fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(min)
	return container.NewStack(r, o)
}

// readingScroll puts o in a scroll that asks for min and no more. Fyne's
// scroll shows the left of wider content first, which in a right-to-left
// UI is where lines end, their starts out of sight: so it moves the view
// to the content's right end whenever the room or the content changes
// width, and leaves the user's scrolling alone otherwise. The scroll is
// for callers that hold on to it; the object is what to place.
func readingScroll(o fyne.CanvasObject, min fyne.Size) (*container.Scroll, fyne.CanvasObject) {
	s := container.NewScroll(o)
	s.SetMinSize(min)
	return s, container.New(&readingStart{s: s}, s)
}

// readingStart is readingScroll's layout.
type readingStart struct {
	s            *container.Scroll
	room, inside float32 // the widths it last scrolled for
}

func (l *readingStart) MinSize([]fyne.CanvasObject) fyne.Size { return l.s.MinSize() }

func (l *readingStart) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	l.s.Move(fyne.Position{})
	l.s.Resize(size) // lays the content out: its width is known below
	cw := l.s.Content.Size().Width
	if uiRTL() && (size.Width != l.room || cw != l.inside) {
		l.room, l.inside = size.Width, cw
		l.s.ScrollToOffset(fyne.NewPos(max(0, cw-size.Width), l.s.Offset.Y))
	}
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

// fyneText is a UI string as handed to a Fyne widget that draws it
// itself: menus, select options, dialog titles and buttons, check boxes,
// placeholders. Fyne lays every string out as a left-to-right paragraph,
// so whatever follows the last Arabic letter of a right-to-left string
// (closing punctuation, "…", a hotkey such as "[Y]" or "(F1)") lands on
// its right, where Arabic reads first. In a right-to-left UI that tail
// is moved to the front, which a left-to-right paragraph puts on the
// left, where it belongs: as it is when it holds a Latin letter or a
// digit (Fyne keeps its order), reversed and mirrored when it is only
// punctuation (as the right-to-left paragraph would show it). Digits,
// Latin words or brackets between Arabic words cannot be fixed this
// way; such strings are drawn by textview.Label instead, and
// TestFyneStringsReadRight keeps them out of Fyne's widgets.
func fyneText(s string) string {
	if !uiRTL() {
		return s
	}
	runes := []rune(s)
	last := -1
	for i, r := range runes {
		if arabicLetter(r) {
			last = i
		}
	}
	if last < 0 || last == len(runes)-1 {
		return s
	}
	head, tail := runes[:last+1], slices.Clone(runes[last+1:])
	if !slices.ContainsFunc(tail, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		slices.Reverse(tail)
		for i, r := range tail {
			tail[i] = textview.Mirror(r)
		}
	} else {
		// " (F1)" goes in front as "(F1) ": the space still parts it
		// from the words.
		n := 0
		for n < len(tail) && unicode.IsSpace(tail[n]) {
			n++
		}
		tail = append(tail[n:], tail[:n]...)
	}
	return string(append(tail, head...))
}

// arabicLetter reports whether r is a letter or mark of a right-to-left
// script (Arabic, Hebrew, Syriac, Thaana, N'Ko).
func arabicLetter(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsMark(r)) && unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// shortcutGap ends the label of a menu item with a shortcut.
const shortcutGap = "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"

// fyneMenu passes the labels of m and its submenus through fyneText:
// Fyne draws menus itself.
func fyneMenu(m *fyne.Menu) {
	m.Label = fyneText(m.Label)
	for _, it := range m.Items {
		it.Label = fyneText(it.Label)
		if it.Shortcut != nil && !strings.HasSuffix(it.Label, shortcutGap) {
			// Fyne sizes a menu from the label's measured width and then
			// draws the shortcut over the end of a long Arabic label
			// ("تخطَّ وافتح التالية" under "Ctrl+Shift+Return"): room
			// between them keeps both readable.
			it.Label += shortcutGap
		}
		if it.ChildMenu != nil {
			fyneMenu(it.ChildMenu)
		}
	}
}

// uiEntry is a text field for words the annotator types (names, notes,
// searches), laid out by textview.Entry so Arabic edits right to left;
// its direction is that of what is typed, or of the placeholder while
// nothing is.
func uiEntry(placeholder string) *textview.Entry {
	e := &textview.Entry{PlaceHolder: placeholder}
	e.ExtendBaseWidget(e)
	return e
}
