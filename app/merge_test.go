package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage"
)

// otherDB writes a database at path with the first test text and one of
// its own, the first annotated by omar and marked done.
func otherDB(t *testing.T, path string) {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im, err := db.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	for _, text := range []string{testTexts[0], "وصل الوفد إلى دمشق صباح اليوم."} {
		text = annotate.FreezeText(text)
		if _, _, err := im.AddDocument(annotate.Document{Text: text, InputHash: annotate.HashText(text), Source: "omar"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	annotateTest(t, db, 1, "omar", annotate.StatusDone, [2]string{"Barack Obama", "PER"}, [2]string{"Moscow", "LOC"})
}

// TestMergeFromMenu: File > Merge… takes the databases named in its
// form, merges only on the confirmation, says what it did, and lists the
// document the merge added.
func TestMergeFromMenu(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "sara"})
	sh.begin()
	db := sh.store.(*storage.DB)
	other := filepath.Join(t.TempDir(), "omar.db")
	otherDB(t, other)
	if n := len(sh.ws.docs); n != len(testTexts) {
		t.Fatalf("%d documents before the merge", n)
	}

	f := sh.openMergeForm()
	f.addPath(other)
	f.addPath("  ") // blank lines are no databases
	f.d.Submit()
	shown := overlayText(sh.win)
	if !strings.Contains(shown, "Merge every annotator's work from 1 database(s):\n"+other+"\ninto the open database:\n"+db.Path()+"\n") {
		t.Fatalf("the confirmation does not name the databases:\n%s", shown)
	}
	if ann, _ := db.Annotations(context.Background(), 1, "omar"); len(ann.Spans) != 0 {
		t.Fatal("merged before the confirmation")
	}
	overlayButton(t, sh.win, "Merge").OnTapped()

	shown = overlayText(sh.win)
	for _, want := range []string{"Merge finished", "Merged 1 database(s): 2 document(s) read, 1 of them new.", "Work of omar brought in on 1 document(s)."} {
		if !strings.Contains(shown, want) {
			t.Errorf("the result lacks %q:\n%s", want, shown)
		}
	}
	if n := len(sh.ws.docs); n != len(testTexts)+1 {
		t.Errorf("%d documents listed after the merge, want %d", n, len(testTexts)+1)
	}
	if ann, _ := db.Annotations(context.Background(), 1, "omar"); len(ann.Spans) != 2 {
		t.Errorf("omar's spans after the merge: %+v", ann.Spans)
	}
	sh.win.Canvas().Overlays().Remove(sh.win.Canvas().Overlays().Top())

	// Again: nothing new.
	sh.confirmMerge([]string{other}).Submit()
	if shown := overlayText(sh.win); !strings.Contains(shown, "No new work was brought in.") || !strings.Contains(shown, "1 work(s) were here already") {
		t.Errorf("a second merge:\n%s", shown)
	}
}

// TestMergeFailures: no database named, and a missing one, are said in
// a sentence and change nothing.
func TestMergeFailures(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "sara"})
	sh.begin()
	if d := sh.confirmMerge(mergePaths(" \n \n")); d != nil {
		t.Fatal("a confirmation for no database")
	}
	if shown := overlayText(sh.win); !strings.Contains(shown, "Name at least one database to merge.") {
		t.Errorf("no databases:\n%s", shown)
	}
	sh.win.Canvas().Overlays().Remove(sh.win.Canvas().Overlays().Top())
	missing := filepath.Join(t.TempDir(), "missing.db")
	sh.confirmMerge([]string{missing}).Submit()
	shown := overlayText(sh.win)
	if !strings.Contains(shown, "Merge failed") || !strings.Contains(shown, missing) {
		t.Errorf("a missing database:\n%s", shown)
	}
	if n := len(sh.ws.docs); n != len(testTexts) {
		t.Errorf("%d documents after a failed merge", n)
	}
}

// TestMergeAddOpensFileDialog: Add… opens a file dialog over the form.
func TestMergeAddOpensFileDialog(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "sara"})
	sh.begin()
	f := sh.openMergeForm()
	form := sh.win.Canvas().Overlays().Top()
	f.onAdd()
	if top := sh.win.Canvas().Overlays().Top(); top == nil || top == form {
		t.Error("Add… opened no dialog")
	}
}

// TestMergeRename: an annotator with different work in both databases is
// refused, saying how to rename; renamed in the form, the work comes in
// under the new name.
func TestMergeRename(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "sara"})
	db := sh.store.(*storage.DB)
	annotateTest(t, db, 1, "omar", annotate.StatusDone, [2]string{"Moscow", "ORG"})
	sh.begin()
	other := filepath.Join(t.TempDir(), "omar.db")
	otherDB(t, other)

	sh.confirmMerge([]string{other}).Submit()
	shown := overlayText(sh.win)
	if !strings.Contains(shown, "Merge failed") || !strings.Contains(shown, "write old=new under Rename") {
		t.Fatalf("a conflict:\n%s", shown)
	}
	if ann, _ := db.Annotations(context.Background(), 1, "omar"); len(ann.Spans) != 1 {
		t.Fatalf("the refused merge changed omar's work: %+v", ann.Spans)
	}
	sh.win.Canvas().Overlays().Remove(sh.win.Canvas().Overlays().Top())

	for _, bad := range []string{"omar", "omar=", "omar=a\nomar=b"} {
		if _, err := parseRenames(bad); err == nil {
			t.Errorf("parseRenames(%q) took it", bad)
		}
	}
	f := sh.openMergeForm()
	f.addPath(other)
	f.rename.SetText(" omar = omar2 \n")
	f.d.Submit()
	if shown := overlayText(sh.win); !strings.Contains(shown, "omar's work comes in as omar2's.") {
		t.Fatalf("the confirmation does not say the renaming:\n%s", shown)
	}
	overlayButton(t, sh.win, "Merge").OnTapped()
	if shown := overlayText(sh.win); !strings.Contains(shown, "Work of omar2 brought in on 1 document(s).") {
		t.Errorf("the renamed merge:\n%s", shown)
	}
	if ann, _ := db.Annotations(context.Background(), 1, "omar2"); len(ann.Spans) != 2 {
		t.Errorf("omar2's spans: %+v", ann.Spans)
	}
}
