package storage

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"hashiya/annotate"
)

// spansOf renders annotator's spans, targets and stances on doc.
func spansOf(t *testing.T, db *DB, doc int64, annotator string) string {
	t.Helper()
	a, err := db.Annotations(context.Background(), doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, s := range a.Spans {
		parts = append(parts, fmt.Sprintf("%s[%d,%d)#%d", s.Label, s.Start, s.End, s.ID))
	}
	for _, tg := range a.Targets {
		parts = append(parts, fmt.Sprintf("target %s %v", tg.Name, tg.Mentions))
	}
	for _, st := range a.Stances {
		parts = append(parts, fmt.Sprintf("stance %s %v", st.Label, st.Evidence))
	}
	st, err := db.Status(context.Background(), doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(append(parts, string(st.Status)), " ")
}

// TestUndoImportOnExistingDocument: an undoable import that adds
// annotations to a document stored before it (or replaces an
// annotator's there) is undone and redone with them, and leaves the
// document itself alone.
func TestUndoImportOnExistingDocument(t *testing.T) {
	const text = "قال الرئيس إن الولايات المتحدة تدعم الاتفاق."
	for _, c := range []struct {
		name      string
		annotator string // whose annotations the import brings
		replace   bool
		before    string // their work before the import, then after it
		after     string
	}{
		{name: "added for another annotator", annotator: "zaid", before: "todo", after: "PER[4,10)#2 target x [2] stance FAVOR [2] done"},
		{name: "replaced", annotator: "imported", replace: true, before: "LOC[14,30)#1 in_progress", after: "PER[4,10)#2 target x [2] stance FAVOR [2] done"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTemp(t)
			doc := addDocs(t, db, text)[0]
			im := beginImport(t, db)
			if _, err := im.AddSpan(annotate.Span{DocumentID: doc, Start: 14, End: 30, Label: "LOC", Annotator: "imported"}); err != nil {
				t.Fatal(err)
			}
			if err := im.SetStatus(doc, "imported", annotate.StatusInProgress); err != nil {
				t.Fatal(err)
			}
			if err := im.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := spansOf(t, db, doc, c.annotator); got != c.before {
				t.Fatalf("before the import: %q, want %q", got, c.before)
			}

			im, err := db.BeginImport(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer im.Rollback()
			if err := im.UndoableBy("amal"); err != nil {
				t.Fatal(err)
			}
			id, dup, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(text)})
			if err != nil || !dup || id != doc {
				t.Fatalf("AddDocument again: %d %v %v", id, dup, err)
			}
			if c.replace {
				if err := im.ClearAnnotations(doc, c.annotator); err != nil {
					t.Fatal(err)
				}
			}
			sp, err := im.AddSpan(annotate.Span{DocumentID: doc, Start: 4, End: 10, Label: "PER", Annotator: c.annotator})
			if err != nil {
				t.Fatal(err)
			}
			tg, err := im.AddTarget(annotate.Target{DocumentID: doc, Name: "x", Mentions: []int64{sp}, Annotator: c.annotator})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := im.AddStance(annotate.Stance{DocumentID: doc, TargetID: tg, Label: "FAVOR", Evidence: []int64{sp}, Annotator: c.annotator}); err != nil {
				t.Fatal(err)
			}
			// Twice: undo goes back to the status before the import.
			for _, st := range []annotate.Status{annotate.StatusSkipped, annotate.StatusDone} {
				if err := im.SetStatus(doc, c.annotator, st); err != nil {
					t.Fatal(err)
				}
			}
			if err := im.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := spansOf(t, db, doc, c.annotator); got != c.after {
				t.Fatalf("after the import: %q, want %q", got, c.after)
			}
			for i, step := range []struct {
				op   func(context.Context, string) (Edit, error)
				want string
			}{{db.Undo, c.before}, {db.Redo, c.after}, {db.Undo, c.before}} {
				e, err := step.op(ctx, "amal")
				if err != nil || e.Kind != kindImport {
					t.Fatalf("step %d: %s, %v", i, e.Kind, err)
				}
				if got := spansOf(t, db, doc, c.annotator); got != step.want {
					t.Errorf("step %d: %q, want %q", i, got, step.want)
				}
				if n, err := db.DocumentCount(ctx); err != nil || n != 1 {
					t.Errorf("step %d: %d documents (%v), want the one stored before", i, n, err)
				}
				if probs, err := db.Check(ctx); err != nil || len(probs) != 0 {
					t.Errorf("step %d: check: %v %v", i, probs, err)
				}
			}
		})
	}
}
