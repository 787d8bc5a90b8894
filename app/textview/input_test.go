package textview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
)

// at is the point on the page at the start edge of code point off, half
// way down its line.
func at(tv *TextView, off int) fyne.Position {
	x, y := tv.lay.caretPos(off)
	pad := tv.pad()
	return fyne.NewPos(pad+x, pad+y+tv.lay.sh.lineHeight/2)
}

// mid is the point between the start edges of off and off+1: inside the
// code point off.
func mid(tv *TextView, off int) fyne.Position {
	a, b := at(tv, off), at(tv, off+1)
	return fyne.NewPos((a.X+b.X)/2, a.Y)
}

func drag(tv *TextView, from, to fyne.Position) {
	tv.page.Dragged(&fyne.DragEvent{
		PointEvent: fyne.PointEvent{Position: to},
		Dragged:    fyne.Delta{DX: to.X - from.X, DY: to.Y - from.Y},
	})
	tv.page.DragEnd()
}

// word returns the code point range of the first s in mixedSample.
func word(t *testing.T, s string) (int, int) {
	i := runeIndex(t, mixedSample, s)
	return i, i + len([]rune(s))
}

func wantSel(t *testing.T, tv *TextView, what string, s, e int) {
	t.Helper()
	gs, ge := tv.Selection()
	if gs != s || ge != e {
		t.Errorf("%s: selection [%d,%d) %q, want [%d,%d) %q", what, gs, ge,
			string(tv.text[gs:ge]), s, e, string(tv.text[s:e]))
	}
}

func TestDragSelects(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	var reported [2]int
	tv.OnSelectionChanged = func(s, e int) { reported = [2]int{s, e} }

	rs, _ := word(t, "رئيس")
	_, we := word(t, "الوزراء")
	// Right to left over Arabic, from inside the first word to inside the
	// second: both snap to whole tokens.
	drag(tv, mid(tv, rs+1), mid(tv, we-2))
	wantSel(t, tv, "RTL drag leftwards", rs, we)
	if reported != [2]int{rs, we} {
		t.Errorf("OnSelectionChanged got %v, want [%d %d]", reported, rs, we)
	}
	// The other way round gives the same logical range.
	drag(tv, mid(tv, we-2), mid(tv, rs+1))
	wantSel(t, tv, "RTL drag rightwards", rs, we)

	us, _ := word(t, "UN")
	_, ee := word(t, "envoy")
	drag(tv, mid(tv, us), mid(tv, ee-2))
	wantSel(t, tv, "LTR drag", us, ee)
	drag(tv, mid(tv, ee-2), mid(tv, us))
	wantSel(t, tv, "LTR drag backwards", us, ee)
}

func TestCtrlDragSelectsClitic(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	ws, we := word(t, "للائتلاف")
	// Without Ctrl the drag snaps to the whole word.
	drag(tv, at(tv, ws+1), mid(tv, we-1))
	wantSel(t, tv, "drag from the clitic boundary", ws, we)
	// With Ctrl it is by code point: the span لائتلاف inside للائتلاف.
	tv.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	drag(tv, at(tv, ws+1), at(tv, we))
	tv.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	wantSel(t, tv, "Ctrl-drag", ws+1, we)
	// Alt no longer does it: releasing Alt opens Fyne's main menu.
	tv.KeyDown(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	drag(tv, at(tv, ws+1), at(tv, we))
	tv.KeyUp(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	wantSel(t, tv, "Alt-drag snaps to the word", ws, we)
}

func TestDragSnapsToTokenBreaks(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	ws, we := word(t, "للائتلاف")
	tokens := whitespaceTokens([]rune(mixedSample))
	for i := range tokens {
		if tokens[i].Start == ws {
			tokens[i].Breaks = []int{ws + 1}
		}
	}
	tv.SetText(mixedSample, tokens)
	drag(tv, mid(tv, ws+3), mid(tv, we-1))
	wantSel(t, tv, "drag inside the word after its proclitic", ws+1, we)
	test.DoubleTap(tv.page) // at the page's origin: no crash, and...
	tv.page.DoubleTapped(&fyne.PointEvent{Position: mid(tv, ws+3)})
	wantSel(t, tv, "double-click selects the whole token", ws, we)
}

func TestDoubleClickSelectsWord(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	// With nil tokens a word is what lies between spaces, "." included.
	for _, w := range []string{"الوطني", "Baghdad.", "envoy"} {
		s, e := word(t, w)
		tv.page.DoubleTapped(&fyne.PointEvent{Position: mid(tv, s+1)})
		wantSel(t, tv, "double-click "+w, s, e)
	}
}

func TestTapReportsInnermostMark(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	tv.SetMarks(mixedMarks(t))
	var got int64
	tv.OnMarkTapped = func(id int64) { got = id }
	s, _ := word(t, "UN")
	tv.page.Tapped(&fyne.PointEvent{Position: mid(tv, s)})
	if got != 7 {
		t.Errorf("tap on UN reported mark %d, want 7 (UN, nested in UN envoy)", got)
	}
	if c := tv.Caret(); c != s && c != s+1 {
		t.Errorf("caret %d after tap, want near %d", c, s)
	}
}

// key sends a key with modifiers the way drivers do: plain and Shift keys
// through TypedKey with KeyDown/KeyUp around, others as a shortcut.
func key(tv *TextView, name fyne.KeyName, mods fyne.KeyModifier) {
	if mods&(fyne.KeyModifierControl|fyne.KeyModifierAlt) != 0 {
		tv.TypedShortcut(&desktop.CustomShortcut{KeyName: name, Modifier: mods})
		return
	}
	if mods&fyne.KeyModifierShift != 0 {
		tv.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		defer tv.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	tv.TypedKey(&fyne.KeyEvent{Name: name})
}

func TestKeys(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	text := []rune(mixedSample)
	tok := whitespaceTokens(text)
	ar0, ar1, ar2 := tok[0], tok[1], tok[2]            // التقى رئيس الوزراء
	en0, en1 := tok[10], tok[11]                       // Ahmed met
	lastArabicLine := runeIndex(t, mixedSample, "قال") // 4th paragraph
	const none = fyne.KeyModifier(0)
	shift, ctrl := fyne.KeyModifierShift, fyne.KeyModifierControl

	type step struct {
		name       string
		key        fyne.KeyName
		mods       fyne.KeyModifier
		start, end int
	}
	steps := []step{
		{"Ctrl+Left goes forward in Arabic", fyne.KeyLeft, ctrl, ar0.End, ar0.End},
		{"Ctrl+Left again", fyne.KeyLeft, ctrl, ar1.End, ar1.End},
		{"Ctrl+Right goes back in Arabic", fyne.KeyRight, ctrl, ar1.Start, ar1.Start},
		{"Ctrl+Shift+Left extends forward", fyne.KeyLeft, ctrl | shift, ar1.Start, ar1.End},
		{"Ctrl+Shift+Left extends by a token", fyne.KeyLeft, ctrl | shift, ar1.Start, ar2.End},
		{"Shift+Right gives back one character", fyne.KeyRight, shift, ar1.Start, ar2.End - 1},
		{"Shift+Left takes one character", fyne.KeyLeft, shift, ar1.Start, ar2.End},
		{"Esc clears", fyne.KeyEscape, none, ar2.End, ar2.End},
		{"Home: line start", fyne.KeyHome, none, 0, 0},
		{"Shift+End: to line end", fyne.KeyEnd, shift, 0, runeIndex(t, mixedSample, "\n")},
		{"Down: next line, an English one", fyne.KeyDown, none, -1, -1},
		{"Ctrl+Home: document start", fyne.KeyHome, ctrl, 0, 0},
		{"Ctrl+End: document end", fyne.KeyEnd, ctrl, len(text), len(text)},
		{"Up from the last line", fyne.KeyUp, none, -2, -2},
		{"Ctrl+End again", fyne.KeyEnd, ctrl, len(text), len(text)},
		{"Shift+Ctrl+Home selects all", fyne.KeyHome, ctrl | shift, 0, len(text)},
	}
	for _, st := range steps {
		key(tv, st.key, st.mods)
		s, e := tv.Selection()
		switch st.start {
		case -1: // on the English line
			if s != e || s < en0.Start || s > tok[16].End {
				t.Errorf("%s: selection [%d,%d), want a caret in the English line [%d,%d]", st.name, s, e, en0.Start, tok[16].End)
			}
			// In English Right goes forward.
			tv.SetSelection(en0.Start, en0.Start)
			key(tv, fyne.KeyRight, ctrl)
			wantSel(t, tv, "Ctrl+Right goes forward in English", en0.End, en0.End)
			key(tv, fyne.KeyRight, ctrl|shift)
			// The space the caret crossed is not part of the selection.
			wantSel(t, tv, "Ctrl+Shift+Right extends in English", en1.Start, en1.End)
			key(tv, fyne.KeyLeft, ctrl)
			wantSel(t, tv, "Ctrl+Left goes back in English", en1.Start, en1.Start)
			continue
		case -2:
			if s != e || s > lastArabicLine || s < runeIndex(t, mixedSample, "Ahmed") {
				t.Errorf("%s: caret %d, want one on the empty line or the English line before %d", st.name, s, lastArabicLine)
			}
			continue
		}
		wantSel(t, tv, st.name, st.start, st.end)
	}
}

func TestHostKeysPassThrough(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	var keys []fyne.KeyName
	var runes []rune
	tv.OnTypedKey = func(ev *fyne.KeyEvent) bool {
		keys = append(keys, ev.Name)
		return ev.Name == fyne.KeyDelete || ev.Name == fyne.KeyLeft
	}
	tv.OnTypedRune = func(r rune) { runes = append(runes, r) }
	tv.SetSelection(0, 5)
	tv.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	tv.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft}) // consumed by the host
	test.Type(tv, "1p")
	if len(keys) != 2 || string(runes) != "1p" {
		t.Errorf("host saw keys %v runes %q, want [Delete Left] \"1p\"", keys, string(runes))
	}
	wantSel(t, tv, "keys the host consumed", 0, 5)
}

func TestNilTokensFallback(t *testing.T) {
	got := whitespaceTokens([]rune(" ab  c\nd "))
	want := []annotate.Token{{Start: 1, End: 3}, {Start: 5, End: 6}, {Start: 7, End: 8}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Start != want[i].Start || got[i].End != want[i].End {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestHoverOutlinesMark(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	tv.SetMarks(mixedMarks(t))
	s, _ := word(t, "Baghdad")
	tv.page.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: mid(tv, s+2)}})
	if tv.hover < 0 || tv.marks[tv.hover].ID != 8 {
		t.Fatalf("hovering Baghdad: hover = %d, want the LOC mark 8", tv.hover)
	}
	outlined := 0
	for _, o := range test.WidgetRenderer(tv.page).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.StrokeWidth > 0 {
			outlined++
		}
	}
	if outlined != 1 {
		t.Errorf("%d outlined rectangles, want 1", outlined)
	}
	tv.page.MouseOut()
	if tv.hover != -1 {
		t.Errorf("hover %d after the pointer left", tv.hover)
	}
}

func TestCopyAndTextSize(t *testing.T) {
	tv, win := newTestView(t, mixedSample, 460, 300)
	s, e := word(t, "Baghdad")
	tv.SetSelection(s, e)
	tv.TypedShortcut(&fyne.ShortcutCopy{Clipboard: win.Clipboard()})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "Baghdad" {
		t.Errorf("clipboard %q after copy, want Baghdad", got)
	}
	h := tv.lay.lineH
	tv.SetTextSize(28)
	if tv.lay.lineH <= h {
		t.Errorf("line height %v after SetTextSize(28), was %v", tv.lay.lineH, h)
	}
	// Offsets survive a re-layout.
	if a, b := tv.Selection(); a != s || b != e {
		t.Errorf("selection [%d,%d) after resizing text, want [%d,%d)", a, b, s, e)
	}
}

func TestKeysLTRLine(t *testing.T) {
	tv, _ := newTestView(t, mixedSample, 460, 300)
	const none = fyne.KeyModifier(0)
	shift := fyne.KeyModifierShift
	ms, _ := word(t, "met")
	enStart, _ := word(t, "Ahmed")
	enEnd := runeIndex(t, mixedSample, "Baghdad.\n") + len("Baghdad.")
	firstLF := runeIndex(t, mixedSample, "\n")

	tv.SetSelection(ms, ms)
	key(tv, fyne.KeyEnd, none)
	wantSel(t, tv, "End in English", enEnd, enEnd)
	key(tv, fyne.KeyHome, shift)
	wantSel(t, tv, "Shift+Home in English", enStart, enEnd)
	key(tv, fyne.KeyEscape, none)
	wantSel(t, tv, "Esc", enStart, enStart)
	key(tv, fyne.KeyRight, shift)
	wantSel(t, tv, "Shift+Right in English takes one character", enStart, enStart+1)
	key(tv, fyne.KeyLeft, shift)
	wantSel(t, tv, "Shift+Left in English gives it back", enStart, enStart)

	// Down from the start of the Arabic line (its right edge) lands past
	// the end of the shorter English line below: its end.
	tv.SetSelection(0, 0)
	key(tv, fyne.KeyDown, none)
	wantSel(t, tv, "Down from the Arabic line", enEnd, enEnd)
	key(tv, fyne.KeyUp, shift)
	if s, e := tv.Selection(); e != enEnd || s < 0 || s > firstLF {
		t.Errorf("Shift+Up back into the Arabic line: selection [%d,%d), want [x,%d) with x on the first line", s, e, enEnd)
	}
}
