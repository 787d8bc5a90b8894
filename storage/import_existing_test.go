package storage

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage/storagetest"
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

// TestUndoReplaceKeepsConcurrentEdit: an annotator edits, through another
// handle, while an undoable import replacing their annotations on the
// same document is open. Undoing the import gives them back their work
// as it was with that edit and without the import, and their own undo
// then takes the edit back, row for row.
//
// On PostgreSQL the edit commits at once, before the import replaces
// their annotations, so the import deletes the edit's row too, and must
// keep it for undo although its ID is above every ID the import began
// with. On SQLite, with its one writer, the edit waits for the import's
// commit and the import never sees it: the end state is the same, but
// for an edit of rows the import replaced, which finds them gone and is
// refused.
func TestUndoReplaceKeepsConcurrentEdit(t *testing.T) {
	const text = "قال الرئيس إن الولايات المتحدة تدعم الاتفاق."
	const pre = "LOC[14,30) target الولايات المتحدة [LOC] todo" // zaid's work before the import
	tests := []struct {
		name string
		edit func(ctx context.Context, db *DB, doc, loc, target int64) (string, error)
		want string // zaid's work once the import is undone
		// gone: the edit is of rows the import replaces, so on SQLite,
		// where it waits for the import, it finds them gone.
		gone bool
	}{
		{"span added", func(ctx context.Context, db *DB, doc, loc, target int64) (string, error) {
			_, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: 4, End: 10, Label: "PER", Annotator: "zaid"})
			return kindSpanAdd, err
		}, "PER[4,10) LOC[14,30) target الولايات المتحدة [LOC] todo", false},
		{"span changed", func(ctx context.Context, db *DB, doc, loc, target int64) (string, error) {
			_, err := db.UpdateSpan(ctx, annotate.Span{ID: loc, DocumentID: doc, Start: 14, End: 30, Label: "ORG", Annotator: "zaid"})
			return kindSpanUpdate, err
		}, "ORG[14,30) target الولايات المتحدة [ORG] todo", true},
		{"target added", func(ctx context.Context, db *DB, doc, loc, target int64) (string, error) {
			_, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "أمريكا", Mentions: []int64{loc}, Annotator: "zaid"})
			return kindTargetAdd, err
		}, "LOC[14,30) target الولايات المتحدة [LOC] target أمريكا [LOC] todo", true},
		{"stance added", func(ctx context.Context, db *DB, doc, loc, target int64) (string, error) {
			_, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: target, Holder: annotate.AuthorHolder, Label: "FAVOR", Evidence: []int64{loc}, Annotator: "zaid"})
			return kindStanceAdd, err
		}, "LOC[14,30) target الولايات المتحدة [LOC] stance FAVOR [LOC] todo", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			name := storagetest.Name(t, "hashiya.db")
			db, other := openAt(t, name), openAt(t, name)
			doc := addDocs(t, db, text)[0]
			loc, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: 14, End: 30, Label: "LOC", Annotator: "zaid"})
			if err != nil {
				t.Fatal(err)
			}
			target, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "الولايات المتحدة", Mentions: []int64{loc.ID}, Annotator: "zaid"})
			if err != nil {
				t.Fatal(err)
			}
			if got := workOf(t, db, doc, "zaid"); got != pre {
				t.Fatalf("before the import: %q, want %q", got, pre)
			}

			im, err := db.BeginImport(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer im.Rollback()
			if err := im.UndoableBy("amal"); err != nil {
				t.Fatal(err)
			}
			if _, dup, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(text)}); err != nil || !dup {
				t.Fatalf("AddDocument again: %v %v", dup, err)
			}
			type result struct {
				kind string
				err  error
			}
			edited := make(chan result, 1)
			go func() {
				kind, err := tt.edit(ctx, other, doc, loc.ID, target.ID)
				edited <- result{kind, err}
			}()
			want, refused := tt.want, false
			wait := func() {
				t.Helper()
				r := <-edited
				if refused = !db.pg && tt.gone; refused {
					if annotate.ErrorCode(r.err) != annotate.ECodeNotFound {
						t.Fatalf("zaid's edit after the import: %v, want it refused as not found", r.err)
					}
					want = pre
					return
				}
				if r.err != nil {
					t.Fatalf("zaid's edit: %v", r.err)
				}
			}
			if db.pg {
				wait()
			}
			// Replaced twice, as a file with the document twice does:
			// the second time, the import deletes a span of its own,
			// which undo must not bring back.
			for _, end := range []int{42, 43} {
				if err := im.ClearAnnotations(doc, "zaid"); err != nil {
					t.Fatal(err)
				}
				if _, err := im.AddSpan(annotate.Span{DocumentID: doc, Start: 36, End: end, Label: "ORG", Annotator: "zaid"}); err != nil {
					t.Fatal(err)
				}
			}
			if err := im.Commit(); err != nil {
				t.Fatal(err)
			}
			if !db.pg {
				wait()
			}

			steps := []struct {
				who  string
				op   func(context.Context, string) (Edit, error)
				want string
			}{
				{"amal", db.Undo, want},
				{"amal", db.Redo, ""}, // as the import left it, with or without the edit
				{"amal", db.Undo, want},
				{"zaid", db.Undo, pre},
			}
			if refused {
				steps = steps[:3] // zaid has no edit of their own to undo
			}
			for i, step := range steps {
				if _, err := step.op(ctx, step.who); err != nil {
					t.Fatalf("step %d (%s): %v", i, step.who, err)
				}
				if step.want == "" {
					continue
				}
				if got := workOf(t, db, doc, "zaid"); got != step.want {
					t.Errorf("step %d (%s): %q, want %q", i, step.who, got, step.want)
				}
				if probs, err := db.Check(ctx); err != nil || len(probs) != 0 {
					t.Errorf("step %d: check: %v %v", i, probs, err)
				}
			}
		})
	}
}

// workOf renders annotator's work on doc as spansOf does, but with the
// spans' labels for their IDs, which differ between the backends here.
func workOf(t *testing.T, db *DB, doc int64, annotator string) string {
	t.Helper()
	a, err := db.Annotations(context.Background(), doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[int64]string{}
	var parts []string
	for _, s := range a.Spans {
		labels[s.ID] = s.Label
		parts = append(parts, fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End))
	}
	names := func(ids []int64) string {
		var out []string
		for _, id := range ids {
			out = append(out, labels[id])
		}
		return "[" + strings.Join(out, " ") + "]"
	}
	for _, tg := range a.Targets {
		parts = append(parts, "target "+tg.Name+" "+names(tg.Mentions))
	}
	for _, st := range a.Stances {
		parts = append(parts, "stance "+st.Label+" "+names(st.Evidence))
	}
	s, err := db.Status(context.Background(), doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(append(parts, string(s.Status)), " ")
}
