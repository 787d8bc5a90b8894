package app

import (
	"image/color"

	"fyne.io/fyne/v2"

	"hashiya/annotate"
	"hashiya/app/textview"
)

// textView is what the workspace needs from the text widget: show a
// frozen text with coloured marks and search hits, and report the
// annotator's selection and caret. All offsets are code points from 0,
// end exclusive, as in package annotate. It is an interface so the
// workspace can be built and tested apart from the widget's drawing.
type textView interface {
	// Object is the widget to lay out and to give the focus to.
	Object() fyne.CanvasObject
	SetText(text string, tokens []annotate.Token)
	SetMarks(marks []mark)
	SetHits(hits [][2]int)
	// SetCurrentHit paints hits[i] as the one Enter went to; -1: none.
	SetCurrentHit(i int)
	// Selection is the selected range, start <= end; start == end when
	// nothing is selected.
	Selection() (start, end int)
	SetSelection(start, end int)
	// Caret is the caret's code point offset.
	Caret() int
	SetTextSize(size float32)
}

// mark is one span as the text view draws it.
type mark struct {
	ID int64
	// Start and End are code point offsets, end exclusive.
	Start, End int
	Label      string
	Color      color.Color
	// Secondary: another annotator's span, drawn greyed under one's own.
	Secondary bool
	Evidence  bool
	// Band, from 1, is the strip row of a compared annotator's span in
	// curation (textview.Mark.Band); 0 for none.
	Band int
}

// viewHooks are the workspace's handlers for what happens in the text
// view. Keys the view does not use itself come here, so hotkeys work
// while the text keeps the keyboard focus; each reports whether it used
// the key.
type viewHooks struct {
	rune       func(r rune) bool
	key        func(ev *fyne.KeyEvent) bool
	shortcut   func(s fyne.Shortcut) bool
	selection  func(start, end int)
	markTapped func(id int64)
}

// textArea adapts textview.TextView to textView.
type textArea struct {
	*textview.TextView
	// last are the marks last shown and size the text size, kept for
	// tests, which cannot see inside the widget.
	last     []mark
	lastHits [][2]int
	textSize float32
}

// newTextView makes the real text view wired to h.
func newTextView(h viewHooks) textView {
	tv := textview.New()
	tv.OnTypedRune = func(r rune) { h.rune(r) }
	tv.OnTypedKey = h.key
	tv.OnTypedShortcut = h.shortcut
	tv.OnSelectionChanged = h.selection
	tv.OnMarkTapped = h.markTapped
	return &textArea{TextView: tv}
}

func (t *textArea) Object() fyne.CanvasObject { return t.TextView }

func (t *textArea) SetMarks(marks []mark) {
	t.last = marks
	ms := make([]textview.Mark, len(marks))
	for i, m := range marks {
		ms[i] = textview.Mark{ID: m.ID, Start: m.Start, End: m.End, Label: m.Label, Color: m.Color, Secondary: m.Secondary, Evidence: m.Evidence, Band: m.Band}
	}
	t.TextView.SetMarks(ms)
}

func (t *textArea) SetTextSize(size float32) {
	t.textSize = size
	t.TextView.SetTextSize(size)
}

func (t *textArea) SetHits(hits [][2]int) {
	t.lastHits = hits
	t.TextView.SetHits(hits)
}
