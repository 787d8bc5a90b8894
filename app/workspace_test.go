package app

import (
	"context"
	"fyne.io/fyne/v2/driver/desktop"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
	"hashiya/storage"
)

// fixture is a workspace in a headless window over a real database in a
// temporary folder, with database work made synchronous so that each
// step of a flow can be checked as soon as it returns.
type fixture struct {
	t     *testing.T
	db    *storage.DB
	store *flakyStore
	win   fyne.Window
	ws    *workspace
	text  textView
	menu  *fyne.MainMenu
	clock time.Time
}

const annotator = "amal"

var testTexts = []string{
	"Barack Obama met Vladimir Putin in Moscow.",
	"قال الرئيس الأسد إن جـ.رائم الحرب في إدلب مستمرة.",
	"The UN condemned the attack.",
}

// syncRun runs database work at once, on the calling goroutine.
func syncRun(fn func()) { fn() }

func newFixture(t *testing.T, texts ...string) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	db := openTestDB(t, texts...)
	f := &fixture{t: t, db: db, store: &flakyStore{DB: db}, clock: time.Date(2026, 11, 28, 16, 0, 0, 0, time.UTC)}
	f.session(a.Preferences())
	return f
}

// session opens a new window with a new workspace on f's database, as
// starting the program again would.
func (f *fixture) session(prefs fyne.Preferences) {
	f.win = test.NewTempWindow(f.t, nil)
	f.win.Resize(fyne.NewSize(1200, 800))
	ws := newWorkspace(context.Background(), f.win, prefs, f.store, annotator, newTestText, syncRun)
	f.text = ws.text
	ws.now = func() time.Time { return f.clock }
	f.ws = ws
	f.win.SetContent(ws.content())
	f.menu = ws.menu(nil)
	f.win.SetMainMenu(f.menu)
	ws.bindKeys(f.win.Canvas())
	ws.start()
}

// typeKeys types characters into whatever has the focus, as a keyboard
// would.
func (f *fixture) typeKeys(s string) {
	f.t.Helper()
	test.TypeOnCanvas(f.win.Canvas(), s)
}

// press sends a key without a character to the focused widget.
func (f *fixture) press(k fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: k}
	if foc := f.win.Canvas().Focused(); foc != nil {
		foc.TypedKey(ev)
		return
	}
	f.win.Canvas().OnTypedKey()(ev)
}

// shortcut delivers sc the way the desktop driver does: main menu
// first, then the focused widget, then the canvas.
func (f *fixture) shortcut(sc fyne.Shortcut) {
	f.t.Helper()
	for _, m := range f.menu.Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() {
				it.Action()
				return
			}
		}
	}
	if s, ok := f.win.Canvas().Focused().(fyne.Shortcutable); ok {
		s.TypedShortcut(sc)
		return
	}
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
}

func (f *fixture) annotations() annotate.Annotations {
	f.t.Helper()
	a, err := f.db.Annotations(context.Background(), f.ws.doc.ID, annotator)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *fixture) spans() string {
	var out []string
	for _, s := range f.ws.spans {
		out = append(out, s.Label+":"+s.Text)
	}
	return strings.Join(out, ",")
}

func (f *fixture) wantNoError() {
	f.t.Helper()
	if e := f.ws.status.lastErr; e != "" {
		f.t.Fatalf("status bar shows error %q", e)
	}
}

func TestStartOpensFirstDocumentFocused(t *testing.T) {
	f := newFixture(t, testTexts...)
	if f.ws.cur != 0 || f.ws.doc.Text != testTexts[0] {
		t.Fatalf("open document %d %q, want the first", f.ws.cur, f.ws.doc.Text)
	}
	if !focusedIs(f.win, f.text) {
		t.Fatalf("focus is on %T, want the text view", f.win.Canvas().Focused())
	}
	if got := f.ws.count.Text; got != "done 0 / 3" {
		t.Errorf("progress reads %q", got)
	}
	if got := f.ws.status.where.Text; got != "Document 1 of 3" {
		t.Errorf("status bar reads %q", got)
	}
	if len(f.ws.labels) != 4 {
		t.Errorf("palette has %d labels, want the schema's 4", len(f.ws.labels))
	}
	f.wantNoError()
}

func TestLabelRelabelDeleteUndoRedo(t *testing.T) {
	f := newFixture(t, testTexts...)
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"select and 1 makes PER", func() { f.text.SetSelection(0, 12); f.typeKeys("1") }, "PER:Barack Obama"},
		{"second span with 3", func() { f.text.SetSelection(35, 41); f.typeKeys("3") }, "PER:Barack Obama,LOC:Moscow"},
		{"caret on span and 2 relabels", func() { f.text.SetSelection(3, 3); f.typeKeys("2") }, "ORG:Barack Obama,LOC:Moscow"},
		{"undo relabel", func() { f.shortcut(&fyne.ShortcutUndo{}) }, "PER:Barack Obama,LOC:Moscow"},
		{"redo with Ctrl+Shift+Z", func() { f.shortcut(ctrlShift(fyne.KeyZ)) }, "ORG:Barack Obama,LOC:Moscow"},
		{"Delete removes span under caret", func() { f.text.SetSelection(37, 37); f.press(fyne.KeyDelete) }, "ORG:Barack Obama"},
		{"undo delete", func() { f.shortcut(&fyne.ShortcutUndo{}) }, "ORG:Barack Obama,LOC:Moscow"},
		{"redo delete with Ctrl+Y", func() { f.shortcut(&fyne.ShortcutRedo{}) }, "ORG:Barack Obama"},
		{"clicking a label button labels the selection", func() { f.text.SetSelection(17, 31); test.Tap(f.ws.labels["PER"]) }, "ORG:Barack Obama,PER:Vladimir Putin"},
		{"pick in spans list then Backspace", func() { f.ws.spanList.Select(0); f.press(fyne.KeyBackspace) }, "PER:Vladimir Putin"},
	}
	for _, s := range steps {
		s.do()
		f.wantNoError()
		if got := f.spans(); got != s.want {
			t.Fatalf("%s: spans %q, want %q", s.name, got, s.want)
		}
		// What is on screen is what is stored.
		if n := len(f.annotations().Spans); n != len(f.ws.spans) {
			t.Fatalf("%s: %d spans stored, %d shown", s.name, n, len(f.ws.spans))
		}
		if len(f.ws.spans) != len(f.text.(*testText).marks()) {
			t.Fatalf("%s: %d spans but %d marks", s.name, len(f.ws.spans), len(f.text.(*testText).marks()))
		}
	}
	if f.ws.status.when.Text != "Saved 16:00:00" {
		t.Errorf("status bar reads %q", f.ws.status.when.Text)
	}
}

func TestDoneNextAndPaging(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.shortcut(ctrl(fyne.KeyReturn))
	f.wantNoError()
	if f.ws.cur != 1 {
		t.Fatalf("after Ctrl+Enter document %d is open, want 1", f.ws.cur)
	}
	if f.ws.docs[0].Status != annotate.StatusDone || f.ws.count.Text != "done 1 / 3" {
		t.Fatalf("status %q, progress %q", f.ws.docs[0].Status, f.ws.count.Text)
	}
	if !focusedIs(f.win, f.text) {
		t.Fatal("the text view lost the focus")
	}
	f.press(fyne.KeyPageDown)
	if f.ws.cur != 2 {
		t.Fatalf("PageDown opened %d, want 2", f.ws.cur)
	}
	f.press(fyne.KeyPageDown) // the last one: stays
	f.press(fyne.KeyPageUp)
	f.press(fyne.KeyPageUp)
	if f.ws.cur != 0 {
		t.Fatalf("PageUp twice opened %d, want 0", f.ws.cur)
	}
	// Done on the last not-done documents wraps round, then says so.
	f.shortcut(ctrl(fyne.KeyReturn)) // 0 is done already; opens 1
	f.shortcut(ctrl(fyne.KeyReturn)) // 1 done, opens 2
	f.shortcut(ctrl(fyne.KeyReturn)) // 2 done, none left
	if f.ws.count.Text != "done 3 / 3" || f.ws.status.msg.Text != "Every document is done." {
		t.Fatalf("progress %q, message %q", f.ws.count.Text, f.ws.status.msg.Text)
	}
	// Undoing the last "done" reopens that document as it was.
	f.shortcut(&fyne.ShortcutUndo{})
	if f.ws.count.Text != "done 2 / 3" || f.ws.docs[2].Status == annotate.StatusDone {
		t.Fatalf("after undo: progress %q, status %q", f.ws.count.Text, f.ws.docs[2].Status)
	}
}

func TestUndoOpensTheEditsDocument(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(0, 6)
	f.typeKeys("1")
	f.press(fyne.KeyPageDown)
	if f.ws.cur != 1 {
		t.Fatal("PageDown did not move on")
	}
	f.shortcut(&fyne.ShortcutUndo{})
	f.wantNoError()
	if f.ws.cur != 0 || len(f.ws.spans) != 0 {
		t.Fatalf("after undo document %d with %d spans is open, want 0 with none", f.ws.cur, len(f.ws.spans))
	}
	f.shortcut(&fyne.ShortcutUndo{})
	if f.ws.status.lastErr != "There is nothing to undo." {
		t.Fatalf("status %q", f.ws.status.lastErr)
	}
}

func TestFailedWritesKeepTheScreen(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(0, 12)
	f.typeKeys("1")
	f.store.failOn("AddSpan", errDiskFull)
	f.store.failOn("DeleteSpan", errDiskFull)
	f.store.failOn("SetStatus", errDiskFull)
	f.store.failOn("Undo", errDiskFull)

	for _, step := range []struct {
		name string
		do   func()
	}{
		{"add", func() { f.text.SetSelection(17, 31); f.typeKeys("1") }},
		{"delete", func() { f.text.SetSelection(2, 2); f.press(fyne.KeyDelete) }},
		{"done", func() { f.shortcut(ctrl(fyne.KeyReturn)) }},
		{"undo", func() { f.shortcut(&fyne.ShortcutUndo{}) }},
	} {
		f.ws.status.info("")
		step.do()
		if f.ws.status.lastErr != errDiskFull.Message {
			t.Fatalf("%s: status %q, want the storage error", step.name, f.ws.status.lastErr)
		}
		if f.spans() != "PER:Barack Obama" || f.ws.cur != 0 || f.ws.docs[0].Status == annotate.StatusDone {
			t.Fatalf("%s: screen changed after a failed write: spans %q, doc %d", step.name, f.spans(), f.ws.cur)
		}
		if got := len(f.annotations().Spans); got != 1 {
			t.Fatalf("%s: %d spans stored", step.name, got)
		}
	}
	// The selection is still there: once the disk has room, the same key works.
	f.store.heal()
	f.text.SetSelection(17, 31)
	f.typeKeys("1")
	f.wantNoError()
	if f.spans() != "PER:Barack Obama,PER:Vladimir Putin" {
		t.Fatalf("spans %q", f.spans())
	}
}

func TestStartErrorIsShown(t *testing.T) {
	test.NewTempApp(t)
	db := openTestDB(t, testTexts...)
	store := &flakyStore{DB: db}
	store.failOn("ListDocuments", errDiskFull)
	win := test.NewTempWindow(t, nil)
	ws := newWorkspace(context.Background(), win, fyne.CurrentApp().Preferences(), store, annotator, newTestText, syncRun)
	win.SetContent(ws.content())
	ws.start()
	if ws.status.lastErr != errDiskFull.Message || ws.cur != -1 {
		t.Fatalf("status %q, open %d", ws.status.lastErr, ws.cur)
	}
}

func TestHotkeyWithoutSelectionOrSpanSaysWhatToDo(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(5, 5)
	f.typeKeys("1")
	if !strings.Contains(f.ws.status.lastErr, "Select some text") {
		t.Fatalf("status %q", f.ws.status.lastErr)
	}
	f.press(fyne.KeyDelete)
	if !strings.Contains(f.ws.status.lastErr, "no span here") {
		t.Fatalf("status %q", f.ws.status.lastErr)
	}
}

func TestZoomIsRemembered(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.shortcut(ctrl(fyne.KeyEqual))
	f.shortcut(ctrl(fyne.KeyEqual))
	f.shortcut(ctrl(fyne.KeyMinus))
	want := float32(defaultTextSize + 2)
	if f.ws.textSize != want || f.text.(*testText).size() != want {
		t.Fatalf("text size %v, view %v, want %v", f.ws.textSize, f.text.(*testText).size(), want)
	}
	if got := fyne.CurrentApp().Preferences().Float(prefTextSize); got != float64(want) {
		t.Fatalf("remembered %v", got)
	}
	for range 40 {
		f.shortcut(ctrl(fyne.KeyMinus))
	}
	if f.ws.textSize != minTextSize {
		t.Fatalf("text size %v, want the minimum", f.ws.textSize)
	}
}

func TestSaveSaysSaved(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.shortcut(ctrl(fyne.KeyS))
	if !strings.HasPrefix(f.ws.status.msg.Text, "Saved") {
		t.Fatalf("status %q", f.ws.status.msg.Text)
	}
}

// TestKeyboardOnlyFirstSpan is what the real-window smoke test does:
// Ctrl+Home, Shift+End, then 1 makes a PER span from offset 0, with the
// text view keeping the focus throughout.
func TestKeyboardOnlyFirstSpan(t *testing.T) {
	f := newFixture(t, testTexts...)
	tv := f.text.(*testText).TextView
	f.text.SetSelection(5, 5)
	f.shortcut(ctrl(fyne.KeyHome))
	tv.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f.press(fyne.KeyEnd)
	tv.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f.typeKeys("1")
	f.wantNoError()
	a := f.annotations()
	if len(a.Spans) != 1 || a.Spans[0].Start != 0 || a.Spans[0].Label != "PER" || a.Spans[0].End != len([]rune(testTexts[0])) {
		t.Fatalf("spans %+v", a.Spans)
	}
	if !focusedIs(f.win, f.text) {
		t.Fatal("the text view lost the focus")
	}
}

// TestGuidelinesOnF1: a schema's own guidelines replace the default
// ones, as plain text (markdownText) in a text view, and the open
// window follows a change of schema.
func TestGuidelinesOnF1(t *testing.T) {
	f := newFixture(t, testTexts...)
	if got := f.guideText(); !strings.Contains(got, "PgDn: next document") {
		t.Fatalf("the default guidelines read %q", got)
	}
	s := annotate.DefaultSchema()
	s.Guidelines = "# Persons\n\nLabel **names**, not titles."
	f.ws.setSchema(s)
	if got := f.ws.guideView.Text(); got != "Persons\n\nLabel names, not titles." {
		t.Fatalf("the open window shows %q", got)
	}
	// The guidelines are read-only: keys typed in their window label nothing.
	test.Type(f.ws.guideView, "1tT")
	f.ws.guideView.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := len(f.annotations().Spans); n != 0 {
		t.Fatalf("typing in the guidelines window made %d spans", n)
	}
	f.ws.guide.Close()
	if got := f.guideText(); got != "Persons\n\nLabel names, not titles." {
		t.Fatalf("F1 shows %q", got)
	}
}

// TestActiveTime counts time only while there was input in the last
// minute, and writes it when the annotator moves on.
func TestActiveTime(t *testing.T) {
	f := newFixture(t, testTexts...)
	step := func(d time.Duration, keys string) {
		f.clock = f.clock.Add(d)
		f.typeKeys(keys)
	}
	step(10*time.Second, "x") // 10 s after opening: counts
	step(20*time.Second, "x") // 20 s: counts
	step(30*time.Minute, "x") // a long break: only 60 s count
	f.clock = f.clock.Add(5 * time.Second)
	f.ws.activity.flush() // a periodic flush: +5 s
	f.clock = f.clock.Add(10 * time.Minute)
	f.ws.activity.flush()     // idle since: the rest of the minute, 55 s
	f.ws.activity.flush()     // nothing more
	f.press(fyne.KeyPageDown) // leaves the document: nothing more
	st, err := f.db.Status(context.Background(), f.ws.docs[0].ID, annotator)
	if err != nil {
		t.Fatal(err)
	}
	if want := 150.0; st.ActiveSeconds != want {
		t.Fatalf("active seconds %v, want %v", st.ActiveSeconds, want)
	}
}

func TestEmptyDatabaseSaysHowToStart(t *testing.T) {
	f := newFixture(t)
	if f.ws.cur != -1 || !strings.Contains(f.ws.status.msg.Text, "File > Import") {
		t.Fatalf("open %d, status %q", f.ws.cur, f.ws.status.msg.Text)
	}
	f.typeKeys("1")
	f.shortcut(ctrl(fyne.KeyReturn))
	f.press(fyne.KeyPageDown)
	if f.ws.status.lastErr != "Open a document first." {
		t.Fatalf("status %q", f.ws.status.lastErr)
	}
}

func TestSkip(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.shortcut(ctrlShift(fyne.KeyReturn))
	f.wantNoError()
	if f.ws.docs[0].Status != annotate.StatusSkipped || f.ws.cur != 1 || f.ws.count.Text != "done 1 / 3" {
		t.Fatalf("status %q, open %d, progress %q", f.ws.docs[0].Status, f.ws.cur, f.ws.count.Text)
	}
	if st, _ := f.db.Status(context.Background(), f.ws.docs[0].ID, annotator); st.Status != annotate.StatusSkipped {
		t.Fatalf("stored %q", st.Status)
	}
}

// TestUndoSaysWhat: the status bar names what Ctrl+Z and Ctrl+Y changed.
func TestUndoSaysWhat(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(0, 6)
	f.typeKeys("1")
	f.text.SetSelection(2, 2)
	f.typeKeys("2")
	for _, c := range []struct {
		sc   fyne.Shortcut
		want string
	}{
		{&fyne.ShortcutUndo{}, "Undone: the span change."},
		{&fyne.ShortcutUndo{}, "Undone: the new span."},
		{&fyne.ShortcutRedo{}, "Redone: the new span."},
	} {
		f.shortcut(c.sc)
		if got := f.ws.status.msg.Text; got != c.want {
			t.Fatalf("status %q, want %q", got, c.want)
		}
	}
}

// TestFirstEditStartsTheDocument: the first change to a document moves
// it from todo to in progress, outside the undo history.
func TestFirstEditStartsTheDocument(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(0, 6)
	f.typeKeys("1")
	if f.ws.docs[0].Status != annotate.StatusInProgress {
		t.Fatalf("status %q after the first span", f.ws.docs[0].Status)
	}
	f.shortcut(ctrl(fyne.KeyReturn))
	f.shortcut(&fyne.ShortcutUndo{}) // undoes "done"
	if f.ws.docs[0].Status != annotate.StatusInProgress {
		t.Fatalf("status %q after undoing done", f.ws.docs[0].Status)
	}
	f.shortcut(&fyne.ShortcutUndo{}) // undoes the span, not the start
	if len(f.ws.spans) != 0 || f.ws.docs[0].Status != annotate.StatusInProgress {
		t.Fatalf("%d spans, status %q", len(f.ws.spans), f.ws.docs[0].Status)
	}
	if st, _ := f.db.Status(context.Background(), f.ws.docs[0].ID, annotator); st.Status != annotate.StatusInProgress {
		t.Fatalf("stored %q", st.Status)
	}

	// If marking fails, the edit is still saved and the failure shown.
	f.store.failOn("MarkStarted", errDiskFull)
	f.press(fyne.KeyPageDown)
	f.text.SetSelection(0, 3)
	f.typeKeys("1")
	if len(f.annotations().Spans) != 1 || f.ws.status.lastErr != errDiskFull.Message {
		t.Fatalf("%d spans stored, status %q", len(f.annotations().Spans), f.ws.status.lastErr)
	}
}
