package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate/dataset"
)

// TestImportOntoExistingDocuments: in the window, a file with the text of
// a listed document adds its annotations to it; a second file with
// other annotations for the same annotator is refused in a sentence
// that names the window's option, not a command-line flag; with the
// option it replaces them, and Ctrl+Z puts the first ones back.
func TestImportOntoExistingDocuments(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "amal"})
	sh.begin()
	dir := t.TempDir()
	// testTexts[0] is "Barack Obama met Vladimir Putin in Moscow."
	obama := filepath.Join(dir, "obama.jsonl")
	writeFile(t, obama, `{"text": "`+testTexts[0]+`", "spans": [{"start": 0, "end": 12, "label": "PER"}]}`+"\n")
	putin := filepath.Join(dir, "putin.jsonl")
	writeFile(t, putin, `{"text": "`+testTexts[0]+`", "spans": [{"start": 17, "end": 31, "label": "PER"}]}`+"\n")
	spans := func() string {
		t.Helper()
		a, err := sh.store.Annotations(context.Background(), 1, "imported")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range a.Spans {
			out = append(out, s.Text)
		}
		return strings.Join(out, ",")
	}
	importFile := func(path string, replace bool) string {
		t.Helper()
		sh.onImportChosen(path, importRequest{format: dataset.Auto, offsets: string(dataset.Codepoint), replace: replace})
		test.Tap(overlayButton(t, sh.win, "Import"))
		got := overlayText(sh.win)
		dismissOverlays(sh.win)
		return got
	}

	for i, step := range []struct {
		path    string
		replace bool
		result  string // part of the result dialog
		spans   string
	}{
		{obama, false, "Imported 0 document(s). Annotations were added to 1 document(s) already in the database.", "Barack Obama"},
		{putin, false, putin + ":1: this text is in the database already, with other annotations by “imported”. Nothing was imported; tick “Replace imported annotations on documents already here”", "Barack Obama"},
		{putin, true, "Annotations were added to 1 document(s) already in the database.", "Vladimir Putin"},
		{obama, false, obama + ":1: this text is in the database already", "Vladimir Putin"}, // theirs are Putin's now
	} {
		got := importFile(step.path, step.replace)
		if !strings.Contains(got, step.result) || strings.Contains(got, "--replace") {
			t.Fatalf("step %d: the result reads %q, want %q", i, got, step.result)
		}
		if s := spans(); s != step.spans {
			t.Fatalf("step %d: imported spans %q, want %q", i, s, step.spans)
		}
		if len(sh.ws.docs) != len(testTexts) {
			t.Fatalf("step %d: %d documents listed", i, len(sh.ws.docs))
		}
	}
	// The replacement was one undo step of amal's: Obama's span is back.
	shellShortcut(t, sh, &fyne.ShortcutUndo{})
	if s := spans(); s != "Barack Obama" || sh.ws.status.msg.Text != "Undone: the import." {
		t.Fatalf("after Ctrl+Z: spans %q, status %q", s, sh.ws.status.msg.Text)
	}
}
