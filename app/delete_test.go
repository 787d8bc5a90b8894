package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
)

// menuAction is the action of the main menu item labelled label.
func menuAction(t *testing.T, m *fyne.MainMenu, label string) func() {
	t.Helper()
	for _, menu := range m.Items {
		for _, it := range menu.Items {
			if it.Label == label {
				return it.Action
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}

// shellShortcut delivers sc as the desktop driver does: main menu first,
// then the focused widget, then the canvas.
func shellShortcut(t *testing.T, sh *shell, sc fyne.Shortcut) {
	t.Helper()
	for _, m := range sh.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() {
				it.Action()
				return
			}
		}
	}
	if s, ok := sh.win.Canvas().Focused().(fyne.Shortcutable); ok {
		s.TypedShortcut(sc)
		return
	}
	sh.win.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
}

// TestImportIsOneUndoStep: an import from the window is one step on the
// annotator's undo stack. Ctrl+Z after it removes the documents it
// added, and refreshes the list, instead of undoing an older edit on
// another document; Ctrl+Shift+Z brings them back.
func TestImportIsOneUndoStep(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	first := sh.ws.doc.ID
	sh.ws.onDone() // the older edit Ctrl+Z used to reach
	dir := filepath.Join(t.TempDir(), "news")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a.txt"), "مقال أول عن حلب.\n")
	writeFile(t, filepath.Join(dir, "b.txt"), "مقال ثان عن دمشق.\n")
	sh.onImportChosen(dir, importRequest{format: dataset.Auto, offsets: string(dataset.Codepoint)})
	test.Tap(overlayButton(t, sh.win, "Import"))
	if got := overlayText(sh.win); !strings.Contains(got, "Imported 2 document(s).") || !strings.Contains(got, "Undo (Ctrl+Z) takes the whole import back.") {
		t.Fatalf("the result reads %q", got)
	}
	dismissOverlays(sh.win)
	imported := sh.ws.indexOf(sh.ws.docs[len(sh.ws.docs)-1].ID)
	sh.ws.open(imported) // reading an imported document when undoing

	for i, step := range []struct {
		sc     fyne.Shortcut
		docs   int
		status string
	}{
		{&fyne.ShortcutUndo{}, len(testTexts), "Undone: the import."},
		{ctrlShift(fyne.KeyZ), len(testTexts) + 2, "Redone: the import."},
		{&fyne.ShortcutUndo{}, len(testTexts), "Undone: the import."},
	} {
		shellShortcut(t, sh, step.sc)
		ws := sh.ws
		if len(ws.docs) != step.docs || ws.docList.Length() != step.docs || ws.status.msg.Text != step.status || ws.status.lastErr != "" {
			t.Fatalf("step %d: %d documents (%d listed), status %q (error %q); want %d, %q",
				i, len(ws.docs), ws.docList.Length(), ws.status.msg.Text, ws.status.lastErr, step.docs, step.status)
		}
		if ws.cur < 0 || ws.docs[ws.cur].ID != ws.doc.ID {
			t.Fatalf("step %d: the open document %d is not the one listed at %d", i, ws.doc.ID, ws.cur)
		}
		if n, err := sh.store.(interface {
			DocumentCount(context.Context) (int, error)
		}).DocumentCount(context.Background()); err != nil || n != step.docs {
			t.Fatalf("step %d: the database has %d documents (%v)", i, n, err)
		}
	}
	if st, err := sh.store.Status(context.Background(), first, "amal"); err != nil || st.Status != annotate.StatusDone {
		t.Errorf("undoing the import touched the earlier status: %s %v", st.Status, err)
	}
}

// TestDeleteDocument: Document › Delete names the document and deletes it
// only on Delete; the list moves on to the next; Ctrl+Z brings it back
// with the annotations on it and opens it; deleting every document
// leaves an empty, working window.
func TestDeleteDocument(t *testing.T) {
	f := newFixture(t, testTexts...)
	del := menuAction(t, f.menu, "Delete…")
	f.ws.text.SetSelection(0, 12) // "Barack Obama"
	f.typeKeys("1")
	if f.spans() == "" {
		t.Fatal("no span to lose")
	}
	gone := f.ws.doc.ID

	del()
	if msg := overlayText(f.win); !strings.Contains(msg, "Delete “Barack Obama met Vladimir Putin in Moscow.” with every annotator's work on it?") {
		t.Fatalf("the confirmation reads %q", msg)
	}
	test.Tap(overlayButton(t, f.win, "Cancel"))
	if len(f.ws.docs) != 3 || f.ws.doc.ID != gone {
		t.Fatalf("Cancel deleted: %d documents, open %d", len(f.ws.docs), f.ws.doc.ID)
	}

	steps := []struct {
		name   string
		do     func()
		docs   int
		open   string // text of the open document
		status string
		spans  bool // the open document has the span made above
	}{
		{"delete", func() { del(); test.Tap(overlayButton(t, f.win, "Delete")) }, 2, testTexts[1],
			"Deleted “Barack Obama met Vladimir Putin in Moscow.”. Undo (Ctrl+Z) brings it back.", false},
		{"undo", func() { f.shortcut(&fyne.ShortcutUndo{}) }, 3, testTexts[0], "Undone: the document deletion.", true},
		{"redo", func() { f.shortcut(ctrlShift(fyne.KeyZ)) }, 2, testTexts[1], "Redone: the document deletion.", false},
	}
	for _, s := range steps {
		s.do()
		f.wantNoError()
		if len(f.ws.docs) != s.docs || f.ws.docList.Length() != s.docs || f.ws.doc.Text != s.open || f.ws.status.msg.Text != s.status || (f.spans() != "") != s.spans {
			t.Fatalf("%s: %d documents (%d listed), open %q, status %q, spans %q", s.name, len(f.ws.docs), f.ws.docList.Length(), f.ws.doc.Text, f.ws.status.msg.Text, f.spans())
		}
	}

	// Deleting the rest leaves nothing open, and says so.
	for len(f.ws.docs) > 0 {
		del()
		test.Tap(overlayButton(t, f.win, "Delete"))
		f.wantNoError()
	}
	if f.ws.cur != -1 || f.ws.doc.ID != 0 || f.ws.docList.Length() != 0 || !strings.Contains(f.ws.status.msg.Text, "There are no documents yet") {
		t.Fatalf("after deleting all: cur %d, doc %d, %d listed, status %q", f.ws.cur, f.ws.doc.ID, f.ws.docList.Length(), f.ws.status.msg.Text)
	}
	del()
	if f.ws.status.lastErr != "Open a document first." {
		t.Fatalf("Delete with nothing open: %q", f.ws.status.lastErr)
	}
	// Undo still works from the empty window.
	f.shortcut(&fyne.ShortcutUndo{})
	f.wantNoError()
	if len(f.ws.docs) != 1 || f.ws.cur != 0 {
		t.Fatalf("undo from empty: %d documents, cur %d", len(f.ws.docs), f.ws.cur)
	}
}

// TestDeleteInArabic: the confirmation, its buttons and the status after
// deleting and undoing follow the UI's language.
func TestDeleteInArabic(t *testing.T) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", "ar")
	t.Setenv("LC_ALL", "ar")
	sh, a := newTestShell(t, Options{Annotator: "amal"})
	setupLanguage(a.Preferences())
	sh.begin()
	menuAction(t, sh.win.MainMenu(), fyneText("حذف…"))()
	if msg := overlayText(sh.win); !strings.Contains(msg, "أتحذف «"+testTexts[0]+"» مع عمل كل المُوسِّمين عليها؟") {
		t.Fatalf("the confirmation reads %q", msg)
	}
	overlayButton(t, sh.win, "إلغاء")
	test.Tap(overlayButton(t, sh.win, "احذف"))
	if got := sh.ws.status.msg.Text; got != "حُذفت «"+testTexts[0]+"». التراجع (Ctrl+Z) يعيدها." {
		t.Fatalf("after deleting the status reads %q", got)
	}
	shellShortcut(t, sh, &fyne.ShortcutUndo{})
	if got := sh.ws.status.msg.Text; got != "تم التراجع عن حذف الوثيقة." {
		t.Fatalf("after undo the status reads %q", got)
	}
}
