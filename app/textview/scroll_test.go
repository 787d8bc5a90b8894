package textview

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestSelectionScrolledFullyIntoView walks a long article's ranges the
// way Enter in the search box walks its hits, forwards and then back to
// the start: after each SetSelection, and once the scroll has laid out
// and drawn what came into view, the lines of the range must be wholly
// inside the view. Paragraph heights above the view are estimates until
// laid out, so a scroll computed from them alone can leave the range on
// the half-hidden bottom line.
func TestSelectionScrolledFullyIntoView(t *testing.T) {
	for _, size := range [][2]float32{{520, 300}, {800, 457}, {380, 211}} {
		checkSelectionsInView(t, size[0], size[1])
	}
}

func checkSelectionsInView(t *testing.T, w, h float32) {
	text := articleOf(t, 40_000)
	tv, _ := newView(t, w, h)
	tv.SetText(text, nil)
	n := len([]rune(text))
	// Marks on many lines make those lines taller than the others (room
	// for underlines and captions).
	var marks []Mark
	for off := 40; off+5 < n; off += 97 {
		marks = append(marks, Mark{ID: int64(off), Start: off, End: off + 5, Label: "PER"})
	}
	tv.SetMarks(marks)
	var ranges [][2]int
	for off := 150; off+8 < n; off += n / 37 {
		ranges = append(ranges, [2]int{off, off + 8})
	}
	ranges = append(ranges, [2]int{3, 9}, [2]int{n - 7, n - 1})
	for _, r := range ranges {
		tv.SetSelection(r[0], r[1])
		// What Fyne does next: the scroll tells the view, the page draws.
		tv.onScrolled()
		test.WidgetRenderer(tv.page).Refresh()
		pad := tv.pad()
		top, bottom := tv.rangeLines(r[0], r[1])
		off, view := tv.scroll.Offset.Y, tv.scroll.Size().Height
		if top+pad < off || bottom+pad > off+view {
			t.Errorf("%vx%v: range %v: its lines are at %.0f–%.0f, the view shows %.0f–%.0f", w, h, r, top+pad, bottom+pad, off, off+view)
		}
	}
}

// TestCurrentHitPaintedApart: the current hit gets a stronger tint than
// the other hits; SetHits and SetText clear it.
func TestCurrentHitPaintedApart(t *testing.T) {
	tv, _ := newTestView(t, englishSample, 460, 240)
	strong := withAlpha(tv.Theme().Color(theme.ColorNameWarning, theme.VariantLight), 0xc0)
	current := func() int {
		test.WidgetRenderer(tv.page).Refresh()
		n := 0
		for _, o := range test.WidgetRenderer(tv.page).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == color.Color(strong) {
				n++
			}
		}
		return n
	}
	hits := [][2]int{{0, 3}, {10, 14}}
	steps := []struct {
		name string
		do   func()
		want bool
	}{
		{"hits, none current", func() { tv.SetHits(hits) }, false},
		{"second current", func() { tv.SetCurrentHit(1) }, true},
		{"out of range", func() { tv.SetCurrentHit(5) }, false},
		{"first current", func() { tv.SetCurrentHit(0) }, true},
		{"new hits", func() { tv.SetHits(hits) }, false},
		{"current, then new text", func() { tv.SetCurrentHit(0); tv.SetText(englishSample, nil); tv.SetHits(hits) }, false},
	}
	for _, s := range steps {
		s.do()
		if got := current() > 0; got != s.want {
			t.Errorf("%s: current hit painted %v, want %v (CurrentHit %d)", s.name, got, s.want, tv.CurrentHit())
		}
	}
}
