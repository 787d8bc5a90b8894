package storage

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"hashiya/annotate"
)

// fixture is a database with two documents and some of amal's work on
// the first: spans s0 (PER), s1 (LOC), target t0 mentioning both, target
// t1, and a stance of t1 towards t0 with s1 as evidence.
type fixture struct {
	db     *DB
	docs   []int64
	spans  []annotate.Span
	tgts   []annotate.Target
	stance annotate.Stance
}

const amal = "amal"

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: openTemp(t)}
	f.docs = addDocs(t, f.db, sampleTexts[0], sampleTexts[1])
	for _, s := range []annotate.Span{
		{DocumentID: f.docs[0], Start: 4, End: 10, Label: "PER", Annotator: amal},
		{DocumentID: f.docs[0], Start: 14, End: 30, Label: "LOC", Annotator: amal},
	} {
		got, err := f.db.AddSpan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		f.spans = append(f.spans, got)
	}
	for _, tg := range []annotate.Target{
		{DocumentID: f.docs[0], Name: "الولايات المتحدة", Mentions: []int64{f.spans[1].ID, f.spans[0].ID}, Annotator: amal},
		{DocumentID: f.docs[0], Name: "الرئيس", Annotator: amal},
	} {
		got, err := f.db.AddTarget(ctx, tg)
		if err != nil {
			t.Fatal(err)
		}
		f.tgts = append(f.tgts, got)
	}
	var err error
	f.stance, err = f.db.AddStance(ctx, annotate.Stance{DocumentID: f.docs[0], TargetID: f.tgts[0].ID, Holder: f.tgts[1].ID,
		Label: "FAVOR", Evidence: []int64{f.spans[1].ID, f.spans[0].ID}, Note: "يدعم", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) annotations(t *testing.T, doc int64) annotate.Annotations {
	t.Helper()
	a, err := f.db.Annotations(context.Background(), doc, amal)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.r.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAddSpanFillsAndLogs(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	text := annotate.FreezeText(sampleTexts[0])
	s := f.spans[0]
	if s.ID == 0 || s.Text != annotate.Slice(text, 4, 10) || s.Origin != annotate.OriginManual || s.Created.IsZero() || s.Updated != s.Created {
		t.Errorf("stored span %+v", s)
	}
	// The emoji is one code point: a span after it still matches.
	start := strings.Index(text, "أن")
	cp := annotate.RuneLen(text[:start])
	got, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: f.docs[0], Start: cp, End: cp + 2, Label: "MISC", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "أن" {
		t.Errorf("span after an emoji has text %q, want %q", got.Text, "أن")
	}
	var e Edit
	var before, after string
	err = f.db.r.QueryRow("SELECT id, annotator, document_id, kind, before, after FROM edits ORDER BY id DESC LIMIT 1").
		Scan(&e.ID, &e.Annotator, &e.DocumentID, &e.Kind, &before, &after)
	if err != nil {
		t.Fatal(err)
	}
	if e.Annotator != amal || e.DocumentID != f.docs[0] || e.Kind != kindSpanAdd || before != "{}" {
		t.Errorf("log row %+v before %s", e, before)
	}
	var snap snapshot
	if err := json.Unmarshal([]byte(after), &snap); err != nil || len(snap.Spans) != 1 || snap.Spans[0].ID != got.ID {
		t.Errorf("log row after = %s (%v)", after, err)
	}
}

func TestEditValidation(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	d0, d1 := f.docs[0], f.docs[1]
	if _, err := f.db.AddTarget(ctx, annotate.Target{DocumentID: d0, Name: "الاتفاق", Topic: true, Annotator: amal}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func() error
		code annotate.Code
	}{
		{"duplicate span", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d0, Start: 4, End: 10, Label: "PER", Annotator: amal})
			return err
		}, annotate.ECodeDuplicate},
		{"empty span", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d0, Start: 4, End: 4, Label: "PER", Annotator: amal})
			return err
		}, annotate.ECodeEmpty},
		{"span past the end", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d1, Start: 4, End: 400, Label: "PER", Annotator: amal})
			return err
		}, annotate.ECodeOutOfRange},
		{"end before start", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d1, Start: 4, End: 2, Label: "PER", Annotator: amal})
			return err
		}, annotate.ECodeEndBefore},
		{"unknown label", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d1, Start: 0, End: 2, Label: "NOPE", Annotator: amal})
			return err
		}, annotate.ECodeUnknownLabel},
		{"no annotator", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d1, Start: 0, End: 2, Label: "PER"})
			return err
		}, annotate.ECodeEmpty},
		{"no such document", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: 99, Start: 0, End: 2, Label: "PER", Annotator: amal})
			return err
		}, annotate.ECodeNotFound},
		{"span with an ID", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{ID: 5, DocumentID: d1, Start: 0, End: 2, Label: "PER", Annotator: amal})
			return err
		}, annotate.ECodeInvalid},
		{"another annotator's span", func() error {
			return f.db.DeleteSpan(ctx, "badr", f.spans[0].ID)
		}, annotate.ECodeNotFound},
		{"move span to another document", func() error {
			s := f.spans[0]
			s.DocumentID = d1
			_, err := f.db.UpdateSpan(ctx, s)
			return err
		}, annotate.ECodeOtherDoc},
		{"move target to another document", func() error {
			tg := f.tgts[0]
			tg.DocumentID = d1
			_, err := f.db.UpdateTarget(ctx, tg)
			return err
		}, annotate.ECodeOtherDoc},
		{"move stance to another document", func() error {
			st := f.stance
			st.DocumentID = d1
			_, err := f.db.UpdateStance(ctx, st)
			return err
		}, annotate.ECodeOtherDoc},
		{"another annotator's target", func() error {
			return f.db.DeleteTarget(ctx, "badr", f.tgts[0].ID)
		}, annotate.ECodeNotFound},
		{"another annotator's stance", func() error {
			return f.db.DeleteStance(ctx, "badr", f.stance.ID)
		}, annotate.ECodeNotFound},
		{"move span onto its neighbour", func() error {
			s := f.spans[0]
			s.Start, s.End, s.Label = f.spans[1].Start, f.spans[1].End, f.spans[1].Label
			_, err := f.db.UpdateSpan(ctx, s)
			return err
		}, annotate.ECodeDuplicate},
		{"mention from another document", func() error {
			_, err := f.db.AddTarget(ctx, annotate.Target{DocumentID: d1, Name: "x", Mentions: []int64{f.spans[0].ID}, Annotator: amal})
			return err
		}, annotate.ECodeNotFound},
		{"target without name", func() error {
			_, err := f.db.AddTarget(ctx, annotate.Target{DocumentID: d0, Name: " ", Annotator: amal})
			return err
		}, annotate.ECodeEmpty},
		{"second topic", func() error {
			_, err := f.db.AddTarget(ctx, annotate.Target{DocumentID: d0, Name: "الحكومة", Topic: true, Annotator: amal})
			return err
		}, annotate.ECodeDuplicate},
		{"stance on a missing target", func() error {
			_, err := f.db.AddStance(ctx, annotate.Stance{DocumentID: d0, TargetID: 999, Label: "FAVOR", Annotator: amal})
			return err
		}, annotate.ECodeNotFound},
		{"annotator name with a control character", func() error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d0, Start: 0, End: 3, Label: "PER", Annotator: "amal\x1b[31m"})
			return err
		}, annotate.ECodeInvalid},
		{"second stance of one holder on one target", func() error {
			_, err := f.db.AddStance(ctx, annotate.Stance{DocumentID: d0, TargetID: f.tgts[0].ID, Holder: f.tgts[1].ID, Label: "AGAINST", Annotator: amal})
			return err
		}, annotate.ECodeDuplicate},
		{"stance label unknown", func() error {
			_, err := f.db.AddStance(ctx, annotate.Stance{DocumentID: d0, TargetID: f.tgts[0].ID, Label: "LOVE", Annotator: amal})
			return err
		}, annotate.ECodeUnknownLabel},
		{"bad status", func() error { return f.db.SetStatus(ctx, d0, amal, "finished") }, annotate.ECodeInvalid},
		{"negative active time", func() error { return f.db.AddActiveTime(ctx, d0, amal, -1) }, annotate.ECodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans, edits := countRows(t, f.db, "spans"), countRows(t, f.db, "edits")
			wantCode(t, tt.edit(), tt.code)
			if n := countRows(t, f.db, "edits"); n != edits {
				t.Errorf("a refused edit wrote %d log rows", n-edits)
			}
			if n := countRows(t, f.db, "spans"); n != spans {
				t.Errorf("a refused edit changed the span count by %d", n-spans)
			}
		})
	}
}

// TestStanceChangedOntoAnother: changing a stance's holder to one that
// already has a stance towards the same target is refused, and the
// stance stays as it was.
func TestStanceChangedOntoAnother(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	st, err := f.db.AddStance(ctx, annotate.Stance{DocumentID: f.docs[0], TargetID: f.tgts[0].ID, Holder: annotate.AuthorHolder, Label: "AGAINST", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	moved := st
	moved.Holder = f.tgts[1].ID // f.stance's holder and target
	_, err = f.db.UpdateStance(ctx, moved)
	wantCode(t, err, annotate.ECodeDuplicate)
	for _, got := range f.annotations(t, f.docs[0]).Stances {
		if got.ID == st.ID && got.Holder != annotate.AuthorHolder {
			t.Errorf("the refused change moved the stance to holder %d", got.Holder)
		}
	}
	// Its own holder and target again is no conflict with itself.
	st.Label = "NEUTRAL"
	if _, err := f.db.UpdateStance(ctx, st); err != nil {
		t.Errorf("relabelling a stance: %v", err)
	}
}

// TestEditAndLogAreOneTransaction makes the log insert fail and checks
// that the edit did not happen either.
func TestEditAndLogAreOneTransaction(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// On SQLite the writer pool has one connection, so this temporary
	// trigger is on the connection every edit uses; on PostgreSQL the
	// trigger is in the test's own schema.
	refuse := `CREATE TEMP TRIGGER refuse_log BEFORE INSERT ON main.edits
		BEGIN SELECT RAISE(ABORT, 'log refused'); END`
	if f.db.pg {
		refuse = `CREATE FUNCTION refuse_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'log refused'; END $$;
			CREATE TRIGGER refuse_log BEFORE INSERT ON edits FOR EACH ROW EXECUTE FUNCTION refuse_log()`
	}
	if _, err := f.db.w.Exec(refuse); err != nil {
		t.Fatal(err)
	}
	before := f.annotations(t, f.docs[0])
	edits := countRows(t, f.db, "edits")
	if _, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: f.docs[0], Start: 0, End: 3, Label: "ORG", Annotator: amal}); err == nil {
		t.Fatal("AddSpan succeeded although its log row could not be written")
	}
	if err := f.db.DeleteSpan(ctx, amal, f.spans[0].ID); err == nil {
		t.Fatal("DeleteSpan succeeded although its log row could not be written")
	}
	if got := f.annotations(t, f.docs[0]); !reflect.DeepEqual(got, before) {
		t.Errorf("annotations changed:\n got %+v\nwant %+v", got, before)
	}
	if n := countRows(t, f.db, "edits"); n != edits {
		t.Errorf("edit log grew by %d", n-edits)
	}
}

// TestDiskFull makes SQLite run out of room (max_page_count) and checks
// the sentence and that nothing changed.
func TestDiskFull(t *testing.T) {
	sqliteOnly(t, "a server's full disk is SQLSTATE 53100, TestPgMessage")
	f := newFixture(t)
	var pages int
	if err := f.db.w.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.w.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	n := countRows(t, f.db, "documents")
	im := beginImport(t, f.db)
	_, _, err := im.AddDocument(annotate.Document{Text: strings.Repeat("نص طويل جدا ", 20000)})
	wantCode(t, err, annotate.ECodeIO)
	if want := "Could not save: the disk is full. Free some space; nothing was lost."; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	im.Rollback()
	if got := countRows(t, f.db, "documents"); got != n {
		t.Errorf("documents %d, want %d", got, n)
	}
}

// TestUndoRedoEachKind makes each kind of edit, undoes it, checks the
// annotations are back as before, redoes it and checks they are as after.
func TestUndoRedoEachKind(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		kind string
		edit func(f *fixture) error
	}{
		{"add span", kindSpanAdd, func(f *fixture) error {
			_, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: f.docs[0], Start: 0, End: 3, Label: "ORG", Annotator: amal})
			return err
		}},
		{"relabel span", kindSpanUpdate, func(f *fixture) error {
			s := f.spans[0]
			s.Label = "ORG"
			_, err := f.db.UpdateSpan(ctx, s)
			return err
		}},
		{"move span", kindSpanUpdate, func(f *fixture) error {
			s := f.spans[0]
			s.Start, s.End = 0, 3
			got, err := f.db.UpdateSpan(ctx, s)
			if err == nil && got.Text != annotate.Slice(annotate.FreezeText(sampleTexts[0]), 0, 3) {
				t.Errorf("moved span has text %q", got.Text)
			}
			return err
		}},
		{"delete span", kindSpanDelete, func(f *fixture) error { return f.db.DeleteSpan(ctx, amal, f.spans[0].ID) }},
		{"add target", kindTargetAdd, func(f *fixture) error {
			_, err := f.db.AddTarget(ctx, annotate.Target{DocumentID: f.docs[0], Name: "الحكومة", Topic: true, Annotator: amal})
			return err
		}},
		{"change target", kindTargetUpdate, func(f *fixture) error {
			tg := f.tgts[0]
			tg.Name, tg.Mentions, tg.Topic = "أمريكا", []int64{f.spans[0].ID}, true
			_, err := f.db.UpdateTarget(ctx, tg)
			return err
		}},
		{"delete target", kindTargetDelete, func(f *fixture) error { return f.db.DeleteTarget(ctx, amal, f.tgts[1].ID) }},
		{"add stance", kindStanceAdd, func(f *fixture) error {
			_, err := f.db.AddStance(ctx, annotate.Stance{DocumentID: f.docs[0], TargetID: f.tgts[1].ID, Label: "AGAINST", Annotator: amal})
			return err
		}},
		{"change stance", kindStanceUpdate, func(f *fixture) error {
			st := f.stance
			st.Label, st.Holder, st.Evidence, st.Note = "NEUTRAL", annotate.AuthorHolder, nil, ""
			_, err := f.db.UpdateStance(ctx, st)
			return err
		}},
		{"delete stance", kindStanceDelete, func(f *fixture) error { return f.db.DeleteStance(ctx, amal, f.stance.ID) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			doc := f.docs[0]
			before := f.annotations(t, doc)
			if err := tt.edit(f); err != nil {
				t.Fatal(err)
			}
			after := f.annotations(t, doc)
			if reflect.DeepEqual(before, after) {
				t.Fatal("the edit changed nothing")
			}
			e, err := f.db.Undo(ctx, amal)
			if err != nil {
				t.Fatal(err)
			}
			if e.Kind != tt.kind || e.DocumentID != doc || e.Annotator != amal {
				t.Errorf("Undo returned %+v, want kind %s on document %d", e, tt.kind, doc)
			}
			if got := f.annotations(t, doc); !reflect.DeepEqual(got, before) {
				t.Errorf("after undo:\n got %+v\nwant %+v", got, before)
			}
			if _, err := f.db.Redo(ctx, amal); err != nil {
				t.Fatal(err)
			}
			if got := f.annotations(t, doc); !reflect.DeepEqual(got, after) {
				t.Errorf("after redo:\n got %+v\nwant %+v", got, after)
			}
			if _, err := f.db.Redo(ctx, amal); err != ErrNothingToRedo {
				t.Errorf("second Redo: %v, want ErrNothingToRedo", err)
			}
		})
	}
}

func TestDeleteSpanCascadeUndo(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	doc := f.docs[0]
	before := f.annotations(t, doc)
	s0, s1 := f.spans[0].ID, f.spans[1].ID
	if err := f.db.DeleteSpan(ctx, amal, s0); err != nil {
		t.Fatal(err)
	}
	a := f.annotations(t, doc)
	if len(a.Spans) != 1 || !reflect.DeepEqual(a.Targets[0].Mentions, []int64{s1}) || !reflect.DeepEqual(a.Stances[0].Evidence, []int64{s1}) {
		t.Fatalf("after delete: %+v", a)
	}
	if _, err := f.db.Undo(ctx, amal); err != nil {
		t.Fatal(err)
	}
	a = f.annotations(t, doc)
	if !reflect.DeepEqual(a, before) {
		t.Errorf("after undo:\n got %+v\nwant %+v", a, before)
	}
	// Mention and evidence order is restored, not just membership.
	if !reflect.DeepEqual(a.Targets[0].Mentions, []int64{s1, s0}) || !reflect.DeepEqual(a.Stances[0].Evidence, []int64{s1, s0}) {
		t.Errorf("order after undo: mentions %v evidence %v", a.Targets[0].Mentions, a.Stances[0].Evidence)
	}
}

func TestDeleteTargetCascadeUndo(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	doc := f.docs[0]
	// t0 also holds a stance towards t1: deleting t1 removes both stances.
	if _, err := f.db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: f.tgts[1].ID, Holder: f.tgts[0].ID, Label: "AGAINST", Annotator: amal}); err != nil {
		t.Fatal(err)
	}
	before := f.annotations(t, doc)
	if err := f.db.DeleteTarget(ctx, amal, f.tgts[1].ID); err != nil {
		t.Fatal(err)
	}
	if a := f.annotations(t, doc); len(a.Targets) != 1 || len(a.Stances) != 0 {
		t.Fatalf("after delete: %+v", a)
	}
	if _, err := f.db.Undo(ctx, amal); err != nil {
		t.Fatal(err)
	}
	if a := f.annotations(t, doc); !reflect.DeepEqual(a, before) {
		t.Errorf("after undo:\n got %+v\nwant %+v", a, before)
	}
}

func TestUndoAcrossDocumentsAndRestart(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	d0, d1 := f.docs[0], f.docs[1]
	s, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d1, Start: 4, End: 12, Label: "PER", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetStatus(ctx, d1, amal, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	// Another annotator's edits are not in amal's history.
	if _, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d1, Start: 4, End: 12, Label: "PER", Annotator: "badr"}); err != nil {
		t.Fatal(err)
	}
	path := f.db.Path()
	f.db.Close()
	db := openAt(t, reopenName(path))

	steps := []struct {
		undo     bool
		kind     string
		doc      int64
		status   annotate.Status
		d1Spans  int
		d0Stance int
	}{
		{true, kindStatus, d1, annotate.StatusTodo, 1, 1},
		{true, kindSpanAdd, d1, annotate.StatusTodo, 0, 1},
		{true, kindStanceAdd, d0, annotate.StatusTodo, 0, 0},
		{false, kindStanceAdd, d0, annotate.StatusTodo, 0, 1},
		{false, kindSpanAdd, d1, annotate.StatusTodo, 1, 1},
	}
	for i, st := range steps {
		var e Edit
		var err error
		if st.undo {
			e, err = db.Undo(ctx, amal)
		} else {
			e, err = db.Redo(ctx, amal)
		}
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if e.Kind != st.kind || e.DocumentID != st.doc {
			t.Errorf("step %d: edit %s on %d, want %s on %d", i, e.Kind, e.DocumentID, st.kind, st.doc)
		}
		status, _ := db.Status(ctx, d1, amal)
		a1, _ := db.Annotations(ctx, d1, amal)
		a0, _ := db.Annotations(ctx, d0, amal)
		if status.Status != st.status || len(a1.Spans) != st.d1Spans || len(a0.Stances) != st.d0Stance {
			t.Errorf("step %d: status %s, %d spans on d1, %d stances on d0; want %s, %d, %d",
				i, status.Status, len(a1.Spans), len(a0.Stances), st.status, st.d1Spans, st.d0Stance)
		}
	}
	if a, _ := db.Annotations(ctx, d1, amal); len(a.Spans) != 1 || a.Spans[0].ID != s.ID {
		t.Errorf("redone span has ID %v, want %d", a.Spans, s.ID)
	}
	// A new edit empties the redo stack (the status change is lost to redo).
	if err := db.SetStatus(ctx, d0, amal, annotate.StatusSkipped); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Redo(ctx, amal); err != ErrNothingToRedo {
		t.Errorf("Redo after a new edit: %v, want ErrNothingToRedo", err)
	}
	// Undo and redo are logged too; the log only grows.
	var undos, redos int
	db.r.QueryRow("SELECT count(*) FILTER (WHERE kind = 'undo'), count(*) FILTER (WHERE kind = 'redo') FROM edits WHERE reverts IS NOT NULL").Scan(&undos, &redos)
	if undos != 3 || redos != 2 {
		t.Errorf("log has %d undo and %d redo rows, want 3 and 2", undos, redos)
	}
	// Undo everything amal did, then nothing is left.
	for range 20 {
		if _, err := db.Undo(ctx, amal); err == ErrNothingToUndo {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if a, _ := db.Annotations(ctx, d0, amal); len(a.Spans)+len(a.Targets)+len(a.Stances) != 0 {
		t.Errorf("after undoing everything: %+v", a)
	}
	if a, _ := db.Annotations(ctx, d1, "badr"); len(a.Spans) != 1 {
		t.Errorf("badr's span was touched by amal's undo: %+v", a)
	}
}

func TestUndoStaleEdit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// Another process deletes the stance behind this handle's back.
	if _, err := f.db.w.Exec("DELETE FROM stances WHERE id = ?", f.stance.ID); err != nil {
		t.Fatal(err)
	}
	_, err := f.db.Undo(ctx, amal)
	wantCode(t, err, annotate.ECodeMismatch)
	// The stale edit is gone from the history; the next undo works.
	if e, err := f.db.Undo(ctx, amal); err != nil || e.Kind != kindTargetAdd {
		t.Errorf("next Undo = %+v, %v; want the target", e, err)
	}
}

func TestStatusAndActiveTime(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	d := f.docs[1]
	st, err := f.db.Status(ctx, d, amal)
	if err != nil || st.Status != annotate.StatusTodo {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	if err := f.db.AddActiveTime(ctx, d, amal, 12.5); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetStatus(ctx, d, amal, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddActiveTime(ctx, d, amal, 2.5); err != nil {
		t.Fatal(err)
	}
	edits := countRows(t, f.db, "edits")
	if err := f.db.SetStatus(ctx, d, amal, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, f.db, "edits"); n != edits {
		t.Errorf("setting the same status logged %d rows", n-edits)
	}
	st, _ = f.db.Status(ctx, d, amal)
	if st.Status != annotate.StatusDone || st.ActiveSeconds != 15 {
		t.Errorf("Status = %+v, want done with 15 s", st)
	}
	if _, err := f.db.Undo(ctx, amal); err != nil {
		t.Fatal(err)
	}
	st, _ = f.db.Status(ctx, d, amal)
	if st.Status != annotate.StatusTodo || st.ActiveSeconds != 15 {
		t.Errorf("after undo Status = %+v, want todo with 15 s kept", st)
	}
	list, _ := f.db.ListDocuments(ctx, amal)
	if list[1].Status != annotate.StatusTodo {
		t.Errorf("ListDocuments status %s", list[1].Status)
	}
}
