package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate/dataset"
	"hashiya/app/cli"
)

// overlayButton is the button reading text in the top dialog.
func overlayButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is shown (looking for %q)", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("the dialog has no %q button: %q", text, overlayText(w))
	return nil
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImportNeedsConfirmation: a chosen file is not imported until the
// Import button of a dialog naming it and its format; Cancel imports
// nothing; the result is titled as finished, not "Importing…".
func TestImportNeedsConfirmation(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	dir := t.TempDir()
	log := filepath.Join(dir, "server.log.jsonl")
	writeFile(t, log, `{"text": "A task from Prodigy.", "spans": []}`+"\n")
	req := importRequest{format: dataset.Auto, offsets: string(dataset.Codepoint)}

	sh.onImportChosen(log, req)
	if n := len(sh.ws.docs); n != len(testTexts) {
		t.Fatalf("choosing the file imported it at once: %d documents", n)
	}
	msg := overlayText(sh.win)
	if !strings.Contains(msg, log) || !strings.Contains(msg, "as prodigy") {
		t.Fatalf("the confirmation does not name the file and its format: %q", msg)
	}
	test.Tap(overlayButton(t, sh.win, "Cancel"))
	if n := len(sh.ws.docs); n != len(testTexts) || sh.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("after Cancel: %d documents, dialog %v", n, sh.win.Canvas().Overlays().Top())
	}

	sh.onImportChosen(log, req)
	test.Tap(overlayButton(t, sh.win, "Import"))
	if n := len(sh.ws.docs); n != len(testTexts)+1 {
		t.Fatalf("after Import %d documents are listed", n)
	}
	got := overlayText(sh.win)
	if strings.Contains(got, "Importing") || !strings.Contains(got, "Import finished") || !strings.Contains(got, "Imported 1 document(s).") {
		t.Fatalf("the result reads %q", got)
	}
	dismissOverlays(sh.win)

	// A folder lists every file it will import, with their formats.
	sub := filepath.Join(dir, "news")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(sub, "a.txt"), "First article.\n")
	writeFile(t, filepath.Join(sub, "b.txt"), "Second article.\n")
	sh.onImportChosen(sub, req)
	msg = overlayText(sh.win)
	if !strings.Contains(msg, "Import 2 file(s) as text?") || !strings.Contains(msg, "a.txt") || !strings.Contains(msg, "b.txt") {
		t.Fatalf("folder confirmation %q", msg)
	}
	dismissOverlays(sh.win)

	// A folder with nothing to import says so.
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	sh.onImportChosen(empty, req)
	if !strings.Contains(sh.ws.status.lastErr, "nothing to import") {
		t.Fatalf("status %q", sh.ws.status.lastErr)
	}
}

// TestImportResultInArabic: the finished dialog's title and message
// follow the UI's language.
func TestImportResultInArabic(t *testing.T) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", "ar")
	t.Setenv("LC_ALL", "ar")
	sh, a := newTestShell(t, Options{Annotator: "amal"})
	setupLanguage(a.Preferences())
	sh.begin()
	good := filepath.Join(t.TempDir(), "new.txt")
	writeFile(t, good, "مقال جديد عن حلب.\n")
	sh.onImportChosen(good, importRequest{format: dataset.Auto, offsets: string(dataset.Codepoint)})
	test.Tap(overlayButton(t, sh.win, "استيراد"))
	got := overlayText(sh.win)
	if !strings.Contains(got, "اكتمل الاستيراد") || !strings.Contains(got, "الوثائق المستوردة: 1.") {
		t.Fatalf("the result reads %q", got)
	}
}

// TestExportWhereTyped: a typed full path is written there, a bare name
// goes to the folder shown (the database's at first, then the last
// export's), the result names the full path, and a missing folder is an
// error on screen.
func TestExportWhereTyped(t *testing.T) {
	sh, a := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	sh.ws.text.SetSelection(0, 12)
	sh.ws.applyLabel("PER")
	dbDir, _ := filepath.Abs(filepath.Dir(sh.store.Path()))
	if got := sh.exportFolder(); got != dbDir {
		t.Fatalf("first export folder %q, want the database's %q", got, dbDir)
	}
	args := cli.ExportRequest{Format: dataset.Prodigy}

	full := filepath.Join(t.TempDir(), "sub", "out.jsonl")
	if err := os.Mkdir(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	sh.onExportTo(exportPath(full, dbDir), args)
	if b, err := os.ReadFile(full); err != nil || !strings.Contains(string(b), "Barack Obama") {
		t.Fatalf("export to a typed full path wrote %q (%v)", b, err)
	}
	if got := overlayText(sh.win); !strings.Contains(got, "Exported to "+full) || !strings.Contains(got, "Export finished") {
		t.Fatalf("the result reads %q", got)
	}
	dismissOverlays(sh.win)
	if got := a.Preferences().String(prefExportDir); got != filepath.Dir(full) || sh.exportFolder() != filepath.Dir(full) {
		t.Fatalf("last export folder %q", got)
	}

	bare := exportPath("bare.jsonl", sh.exportFolder())
	if bare != filepath.Join(filepath.Dir(full), "bare.jsonl") {
		t.Fatalf("a bare name goes to %q", bare)
	}
	sh.onExportTo(bare, args)
	if _, err := os.Stat(bare); err != nil {
		t.Fatalf("bare name: %v", err)
	}
	dismissOverlays(sh.win)

	// The same name again asks before replacing.
	sh.onExportTo(bare, args)
	test.Tap(overlayButton(t, sh.win, "Replace"))
	if e := sh.ws.status.lastErr; e != "" {
		t.Fatalf("replacing failed: %s", e)
	}
	dismissOverlays(sh.win)

	missing := filepath.Join(t.TempDir(), "no-such-folder", "x.jsonl")
	sh.onExportTo(missing, args)
	if e := sh.ws.status.lastErr; !strings.Contains(e, "does not exist") || !strings.Contains(overlayText(sh.win), "Export failed") {
		t.Fatalf("a missing folder showed %q / %q", e, overlayText(sh.win))
	}
}

// TestExportDialog: the form offers the stance export as .jsonl, keeps
// the folder while the format changes, and exports where typed.
func TestExportDialog(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	sh.onExport()
	top := sh.win.Canvas().Overlays().Top()
	var format *widget.Select
	var path *widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		switch o := o.(type) {
		case *widget.Select:
			if format == nil {
				format = o
			}
		case *widget.Entry:
			path = o
		}
	}
	if format == nil || path == nil {
		t.Fatal("no format or path in the export dialog")
	}
	dbDir, _ := filepath.Abs(filepath.Dir(sh.store.Path()))
	if path.Text != filepath.Join(dbDir, "hashiya-prodigy.jsonl") {
		t.Fatalf("the path starts as %q", path.Text)
	}
	format.SetSelected("stance")
	if path.Text != filepath.Join(dbDir, "hashiya-stance.jsonl") {
		t.Fatalf("the stance export is offered as %q", path.Text)
	}
	format.SetSelected("conll")
	if filepath.Ext(path.Text) != ".conll" {
		t.Fatalf("conll offered as %q", path.Text)
	}
	format.SetSelected("prodigy")
	out := filepath.Join(t.TempDir(), "typed.jsonl")
	path.SetText(out)
	test.Tap(overlayButton(t, sh.win, "Export"))
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("the export did not go where typed: %v (%q)", err, overlayText(sh.win))
	}
}

func TestExportPath(t *testing.T) {
	home, _ := os.UserHomeDir()
	for _, c := range []struct{ typed, dir, want string }{
		{"out.jsonl", "/data", "/data/out.jsonl"},
		{" /tmp/x/out.jsonl ", "/data", "/tmp/x/out.jsonl"},
		{"sub/out.jsonl", "/data", "/data/sub/out.jsonl"},
		{"~/out.jsonl", "/data", filepath.Join(home, "out.jsonl")},
		{"", "/data", ""},
	} {
		if got := exportPath(c.typed, c.dir); got != c.want {
			t.Errorf("exportPath(%q, %q) = %q, want %q", c.typed, c.dir, got, c.want)
		}
	}
}

// TestManyProblemsAreCut: a result with thousands of problems lists the
// first maxProblemsShown and says how many more, instead of laying out a
// label for each on the UI goroutine.
func TestManyProblemsAreCut(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	problems := make([]string, 5000)
	for i := range problems {
		problems[i] = fmt.Sprintf("in.jsonl:%d: The line is not a JSON object.", i+1)
	}
	sh.showDetails("Import failed", uiLabel("5000 lines are invalid."), problems)
	got := overlayText(sh.win)
	if !strings.Contains(got, "in.jsonl:200:") || strings.Contains(got, "in.jsonl:201:") || !strings.Contains(got, "and 4800 more") {
		t.Errorf("the dialog lists %d lines", strings.Count(got, "\n"))
	}
	if len(problems) != 5000 || problems[200] != "in.jsonl:201: The line is not a JSON object." {
		t.Error("showDetails changed its caller's list")
	}
}
