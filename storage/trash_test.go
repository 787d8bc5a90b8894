package storage

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hashiya/annotate"
)

// importTwo imports two documents with spans, targets, a stance and a
// status as one step on undoer's stack, after one earlier edit of
// undoer's on another document.
func importTwo(t *testing.T, db *DB, undoer string) (earlier int64, docs []int64) {
	t.Helper()
	ctx := context.Background()
	earlier = addDocs(t, db, "وثيقة سابقة للاختبار.")[0]
	if err := db.SetStatus(ctx, earlier, undoer, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	im, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	if err := im.UndoableBy(undoer); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"قال الرئيس إن الولايات المتحدة تدعم الاتفاق.", "The minister of Ghana met the UN envoy."} {
		id, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(text)})
		if err != nil {
			t.Fatal(err)
		}
		sp, err := im.AddSpan(annotate.Span{DocumentID: id, Start: 4, End: 10, Label: "PER", Annotator: "imported"})
		if err != nil {
			t.Fatal(err)
		}
		tg, err := im.AddTarget(annotate.Target{DocumentID: id, Name: "x", Mentions: []int64{sp}, Annotator: "imported"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := im.AddStance(annotate.Stance{DocumentID: id, TargetID: tg, Label: "FAVOR", Evidence: []int64{sp}, Annotator: "imported"}); err != nil {
			t.Fatal(err)
		}
		if err := im.SetStatus(id, "imported", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, id)
	}
	// A duplicate of the earlier document is not the import's to remove.
	if _, dup, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText("وثيقة سابقة للاختبار.")}); err != nil || !dup {
		t.Fatalf("duplicate: %v, %v", dup, err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return earlier, docs
}

func TestUndoImport(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	earlier, docs := importTwo(t, db, "amal")
	want, err := db.Annotations(ctx, docs[0], "imported")
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		n, err := db.DocumentCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count() != 3 {
		t.Fatalf("%d documents before undo", count())
	}
	e, err := db.Undo(ctx, "amal")
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != kindImport {
		t.Fatalf("Ctrl+Z undid %s, want the import", e.Kind)
	}
	if count() != 1 {
		t.Fatalf("%d documents after undoing the import, want 1", count())
	}
	if st, _ := db.Status(ctx, earlier, "amal"); st.Status != annotate.StatusDone {
		t.Fatalf("undoing the import touched the other document's status: %s", st.Status)
	}
	_, err = db.Annotations(ctx, docs[0], "imported")
	wantCode(t, err, annotate.ECodeNotFound)
	if probs, err := db.Check(ctx); err != nil || len(probs) != 0 {
		t.Fatalf("check after undo: %v %v", probs, err)
	}

	// Survives a restart: reopen, redo.
	path := db.Path()
	db.Close()
	db = openAt(t, path)
	if _, err := db.Redo(ctx, "amal"); err != nil {
		t.Fatal(err)
	}
	if count() != 3 {
		t.Fatalf("%d documents after redo", count())
	}
	got, err := db.Annotations(ctx, docs[0], "imported")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Spans) != 1 || got.Spans[0] != want.Spans[0] || len(got.Stances) != 1 || got.Stances[0].Evidence[0] != want.Spans[0].ID ||
		len(got.Targets) != 1 || got.Targets[0].Mentions[0] != want.Spans[0].ID {
		t.Fatalf("after redo %+v, want %+v", got, want)
	}
	if st, _ := db.Status(ctx, docs[1], "imported"); st.Status != annotate.StatusDone {
		t.Fatalf("status after redo: %s", st.Status)
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) != 0 {
		t.Fatalf("check after redo: %v %v", probs, err)
	}
	// The next undo is the import again, then the earlier status.
	if e, _ := db.Undo(ctx, "amal"); e.Kind != kindImport {
		t.Fatalf("undid %s", e.Kind)
	}
	if e, _ := db.Undo(ctx, "amal"); e.Kind != kindStatus {
		t.Fatalf("undid %s", e.Kind)
	}
}

func TestDeleteDocumentUndo(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	_, docs := importTwo(t, db, "amal")
	hash := ""
	if d, err := db.Document(ctx, docs[1]); err == nil {
		hash = d.InputHash
	}
	id, err := db.FindDocument(ctx, hash[:10])
	if err != nil || id != docs[1] {
		t.Fatalf("FindDocument(%s) = %d, %v", hash[:10], id, err)
	}
	if err := db.DeleteDocument(ctx, "zaid", id); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindDocument(ctx, hash[:10])
	wantCode(t, err, annotate.ECodeNotFound)
	_, err = db.Document(ctx, id)
	wantCode(t, err, annotate.ECodeNotFound)
	// amal's undo is the import, which the deletion made stale for
	// that one document: it is refused with a sentence, not half done.
	if e, err := db.Undo(ctx, "zaid"); err != nil || e.Kind != kindDocDelete {
		t.Fatalf("undo delete: %v %v", e.Kind, err)
	}
	a, err := db.Annotations(ctx, id, "imported")
	if err != nil || len(a.Spans) != 1 || len(a.Stances) != 1 {
		t.Fatalf("after undoing the deletion: %+v %v", a, err)
	}
	// amal's import lost a document to zaid's deletion and got it back
	// under another edit: undoing it is refused in a sentence naming no
	// document 0, and it leaves amal's history.
	if err := db.DeleteDocument(ctx, "zaid", id); err != nil {
		t.Fatal(err)
	}
	_, err = db.Undo(ctx, "amal")
	wantCode(t, err, annotate.ECodeMismatch)
	if msg := annotate.ErrorMessage(err); strings.Contains(msg, "document 0") || !strings.Contains(msg, "Could not undo the import: its documents changed since") {
		t.Errorf("stale import undo reads %q", msg)
	}
	if n, _ := db.DocumentCount(ctx); n != 2 {
		t.Errorf("a refused undo changed the documents: %d", n)
	}
	if e, err := db.Undo(ctx, "amal"); err != nil || e.Kind != kindStatus {
		t.Errorf("next undo: %s %v, want amal's earlier status", e.Kind, err)
	}
	for _, ref := range []string{"0", "999", "xyz", "abc"} {
		if _, err := db.FindDocument(ctx, ref); err == nil {
			t.Errorf("FindDocument(%q) found something", ref)
		}
	}
}

// TestUndoDeleteAfterReimport: a deleted document imported again (a new
// document with the same text) cannot come back beside it; undoing the
// deletion is refused in a sentence and the history moves past it.
func TestUndoDeleteAfterReimport(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	const text = "وثيقة تحذف ثم تستورد من جديد."
	id := addDocs(t, db, text)[0]
	if err := db.SetStatus(ctx, id, "zaid", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDocument(ctx, "zaid", id); err != nil {
		t.Fatal(err)
	}
	again := addDocs(t, db, text)[0]
	_, err := db.Undo(ctx, "zaid")
	wantCode(t, err, annotate.ECodeMismatch)
	if n, _ := db.DocumentCount(ctx); n != 1 {
		t.Fatalf("%d documents, want the one imported again", n)
	}
	if _, err := db.Document(ctx, again); err != nil {
		t.Fatal(err)
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) != 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
	// The deletion left the history. The status change before it was
	// on the trashed document: it cannot be undone either, and leaves
	// too, so the history is never stuck on an edit that always fails.
	_, err = db.Undo(ctx, "zaid")
	wantCode(t, err, annotate.ECodeMismatch)
	if _, err := db.Undo(ctx, "zaid"); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("third undo: %v, want nothing to undo", err)
	}
	if st, _ := db.Status(ctx, again, "zaid"); st.Status != annotate.StatusTodo {
		t.Errorf("the copy got the trashed document's status: %s", st.Status)
	}
}
