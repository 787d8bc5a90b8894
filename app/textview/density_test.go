package textview

import (
	"io/fs"
	"testing"

	"fyne.io/fyne/v2"

	"hashiya/assets"
)

// The text pane of a 1280×800 window at the default text size, as
// measured in the real window under Xvfb (the workspace's splits give
// the text about 600×705 units).
const (
	paneW, paneH    = 600, 705
	defaultTextSize = 18
	minVisibleLines = 20
)

// visibleLines counts the lines of tv's text wholly inside its view.
func visibleLines(tv *TextView) int {
	l := tv.lay
	top, bottom := tv.scroll.Offset.Y, tv.scroll.Offset.Y+tv.scroll.Size().Height-2*tv.pad()
	n := 0
	for pi := range l.paras {
		p := l.para(pi)
		if p.empty() {
			continue
		}
		for li := range p.lines {
			y := l.lineTop(pi, li)
			if y >= top && y+l.lineH <= bottom {
				n++
			}
		}
	}
	return n
}

func sampleArticle(t testing.TB) string {
	t.Helper()
	data, err := fs.ReadFile(assets.Corpus, "corpus/01_ar_aqaba_desalination.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestVisibleLines lays the first sample article out in a view of the
// window's text-pane size and counts the lines one screen shows, normal
// and compact, and with a span on every line (whose captions take room).
func TestVisibleLines(t *testing.T) {
	tv, _ := newView(t, paneW, paneH)
	tv.SetTextSize(defaultTextSize)
	tv.SetText(sampleArticle(t), nil)
	normal := visibleLines(tv)
	t.Logf("%d lines visible at %v×%v, text size %v (line %v, paragraph gap %v)", normal, paneW, paneH, defaultTextSize, tv.lay.lineH, tv.lay.paraGap)
	if normal < minVisibleLines {
		t.Errorf("%d lines visible, want at least %d", normal, minVisibleLines)
	}
	tv.SetCompact(true)
	compact := visibleLines(tv)
	t.Logf("compact: %d lines visible (line %v, paragraph gap %v)", compact, tv.lay.lineH, tv.lay.paraGap)
	if compact <= normal {
		t.Errorf("compact shows %d lines, normal %d", compact, normal)
	}
	tv.SetCompact(false)

	// A labelled span starting on every line: each line gets a caption
	// row, and one without spans gets none.
	var marks []Mark
	l := tv.lay
	for pi := range l.paras {
		p := l.para(pi)
		for _, ln := range p.lines {
			if ln.end > ln.start+1 {
				marks = append(marks, Mark{Start: ln.start, End: ln.start + 1, Label: "PER"})
			}
		}
	}
	tv.SetMarks(marks)
	p := l.para(0)
	if h := p.lines[0].h; h <= l.lineH {
		t.Errorf("a line with a caption is %v tall, no taller than its text (%v)", h, l.lineH)
	}
	t.Logf("with a caption on every line: %d lines visible", visibleLines(tv))
	tv.SetMarks(nil)
	if h := l.para(0).lines[0].h; h != l.lineH {
		t.Errorf("a line without marks is %v tall, want its text's %v", h, l.lineH)
	}
}

// TestWheelNotch scrolls by one notch of Fyne's desktop driver: about
// three lines.
func TestWheelNotch(t *testing.T) {
	tv, _ := newView(t, paneW, paneH)
	tv.SetTextSize(defaultTextSize)
	tv.SetText(sampleArticle(t), nil)
	ev := &fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -notchDelta)}
	tv.page.Scrolled(ev)
	got := tv.scroll.Offset.Y
	t.Logf("one notch scrolls %v units (line %v)", got, tv.lay.lineH)
	if lines := got / tv.lay.lineH; lines < 2.5 || lines > 3.5 {
		t.Errorf("one notch scrolled %v units, %.1f lines; want about 3", got, lines)
	}
}

// TestTextSizeKeepsCaretLine: Ctrl+= and Ctrl+- (SetTextSize) and the
// compact setting keep the caret's line where it was on the screen,
// instead of showing another part of the article.
func TestTextSizeKeepsCaretLine(t *testing.T) {
	tv, _ := newView(t, paneW, paneH)
	tv.SetTextSize(defaultTextSize)
	text := articleOf(t, 20_000)
	tv.SetText(text, nil)
	off := len([]rune(text)) * 2 / 3
	tv.SetSelection(off, off)
	rel := func() float32 {
		_, y, _, _ := tv.lay.caretAt(tv.caret, tv.caretAfter)
		return y - tv.scroll.Offset.Y
	}
	// The caret's line in the middle of the view.
	tv.scroll.Offset.Y += rel() - paneH/2
	tv.scroll.Refresh()
	before := rel()
	if before < 0 || before > paneH {
		t.Fatalf("the caret is at %v in the view, want it in view", before)
	}
	for _, change := range []struct {
		name string
		do   func()
	}{
		{"larger", func() { tv.SetTextSize(defaultTextSize + 4) }},
		{"smaller", func() { tv.SetTextSize(defaultTextSize - 4) }},
		{"compact", func() { tv.SetCompact(true) }},
		{"back", func() { tv.SetTextSize(defaultTextSize); tv.SetCompact(false) }},
	} {
		change.do()
		if got := rel(); got < before-2 || got > before+2 {
			t.Errorf("%s: the caret's line moved from %v to %v in the view", change.name, before, got)
		}
	}
}
