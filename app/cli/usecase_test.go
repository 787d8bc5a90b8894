package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
)

func openDB(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestImportFiles: the typed import reports counts and every invalid
// line with its file and line, changes nothing when a line is invalid
// unless told to skip, and reports progress.
func TestImportFiles(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := write(t, dir, "good.jsonl", `{"text": "Obama met Putin.", "spans": [{"start": 0, "end": 5, "label": "PER"}]}`+"\n")
	bad := write(t, dir, "bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"ok\", \"spans\": [{\"start\": 5, \"end\": 2, \"label\": \"PER\"}]}\nnot json\n")

	res, err := ImportFiles(ctx, db, ImportRequest{Paths: []string{good, bad}})
	if annotate.ErrorCode(err) != annotate.ECodeInvalid || res.Imported != 0 || res.Invalid != 2 {
		t.Fatalf("result %+v, error %v", res, err)
	}
	if len(res.Problems) != 2 || res.Problems[0].File != bad || res.Problems[0].Line != 2 || res.Problems[1].Line != 3 || res.Problems[0].Message == "" {
		t.Fatalf("problems %+v", res.Problems)
	}
	if !strings.HasPrefix(res.Problems[0].String(), bad+":2: ") {
		t.Fatalf("problem reads %q", res.Problems[0].String())
	}
	if n, _ := db.DocumentCount(ctx); n != 0 {
		t.Fatalf("a refused import left %d documents", n)
	}

	var last int64
	res, err = ImportFiles(ctx, db, ImportRequest{Paths: []string{good, bad}, SkipInvalid: true, Progress: func(done, total int64) { last = done }})
	if err != nil || res.Imported != 2 || res.Invalid != 2 || res.Duplicates != 0 {
		t.Fatalf("with SkipInvalid: %+v, %v", res, err)
	}
	if last == 0 {
		t.Fatal("no progress was reported")
	}
	res, err = ImportFiles(ctx, db, ImportRequest{Paths: []string{good}})
	if err != nil || res.Imported != 0 || res.Duplicates != 1 {
		t.Fatalf("again: %+v, %v", res, err)
	}
	a, err := db.Annotations(ctx, 1, "imported")
	if err != nil || len(a.Spans) != 1 {
		t.Fatalf("imported spans %+v, %v", a.Spans, err)
	}

	if _, err := ImportFiles(ctx, db, ImportRequest{Paths: []string{filepath.Join(dir, "missing.txt")}}); annotate.ErrorCode(err) != annotate.ECodeNotFound {
		t.Fatalf("a missing file gave %v", err)
	}
}

// TestExportFile: the typed export writes the file and counts it; a
// missing folder is one sentence.
func TestExportFile(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := write(t, dir, "good.jsonl", `{"text": "Obama met Putin.", "spans": [{"start": 0, "end": 5, "label": "PER"}]}`+"\n")
	if _, err := ImportFiles(ctx, db, ImportRequest{Paths: []string{good}}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out"+Extension(dataset.Prodigy))
	res, err := ExportFile(ctx, db, ExportRequest{Path: out, Format: dataset.Prodigy})
	if err != nil || res.Documents != 1 || res.Items != 1 {
		t.Fatalf("export %+v, %v", res, err)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "Obama") {
		t.Fatalf("wrote %q, %v", b, err)
	}
	_, err = ExportFile(ctx, db, ExportRequest{Path: filepath.Join(dir, "no", "x.jsonl"), Format: dataset.Prodigy})
	if annotate.ErrorCode(err) != annotate.ECodeNotFound || !strings.Contains(annotate.ErrorMessage(err), "does not exist") {
		t.Fatalf("missing folder: %v", err)
	}
	if Extension(dataset.Stance) != ".jsonl" || Extension(dataset.CoNLL) != ".conll" {
		t.Fatal("extensions")
	}
}

// TestImportFilesUndoable: with an Undoer the import is one step on
// their undo stack, annotations added to a stored document included,
// and the result counts those documents.
func TestImportFilesUndoable(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	first := write(t, dir, "first.jsonl", `{"text": "Obama met Putin."}`+"\n")
	if _, err := ImportFiles(ctx, db, ImportRequest{Paths: []string{first}}); err != nil {
		t.Fatal(err)
	}
	both := write(t, dir, "both.jsonl", `{"text": "Obama met Putin.", "spans": [{"start": 10, "end": 15, "label": "PER"}]}`+"\n"+
		`{"text": "Merkel met Macron.", "spans": [{"start": 0, "end": 6, "label": "PER"}]}`+"\n")
	res, err := ImportFiles(ctx, db, ImportRequest{Paths: []string{both}, Annotator: "amina", Undoer: "amal"})
	if err != nil || res.Imported != 1 || res.Annotated != 1 || res.Duplicates != 0 {
		t.Fatalf("result %+v, %v", res, err)
	}
	count := func() (docs, spans int) {
		t.Helper()
		n, err := db.DocumentCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.Annotations(ctx, 1, "amina")
		if err != nil {
			t.Fatal(err)
		}
		return n, len(a.Spans)
	}
	for i, step := range []struct {
		op          func(context.Context, string) (storage.Edit, error)
		docs, spans int
	}{{nil, 2, 1}, {db.Undo, 1, 0}, {db.Redo, 2, 1}} {
		if step.op != nil {
			if _, err := step.op(ctx, "amal"); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		if docs, spans := count(); docs != step.docs || spans != step.spans {
			t.Errorf("step %d: %d documents, %d spans of amina's on the first; want %d, %d", i, docs, spans, step.docs, step.spans)
		}
	}
	// Without an Undoer nothing is on anyone's stack.
	if _, err := db.Undo(ctx, "amina"); err == nil {
		t.Error("the import went on the --as annotator's stack")
	}
}
