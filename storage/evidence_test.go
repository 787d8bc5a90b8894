package storage

import (
	"context"
	"path/filepath"
	"testing"

	"hashiya/annotate"
)

// evidenceFixture is a document with a LOC inside a quote and a stance
// of the author's towards a target.
func evidenceFixture(t *testing.T) (*DB, annotate.Document, annotate.Stance) {
	t.Helper()
	ctx := context.Background()
	db := openTemp(t)
	doc, err := db.Document(ctx, addDocs(t, db, "قال: «سنعود إلى حلب قريبا» ثم غادر.")[0])
	if err != nil {
		t.Fatal(err)
	}
	loc, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc.ID, Start: 16, End: 19, Label: "LOC", Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc.ID, Name: "حلب", Mentions: []int64{loc.ID}, Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc.ID, TargetID: tg.ID, Label: "FAVOR", Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	return db, doc, st
}

func TestAddEvidenceUndoRedo(t *testing.T) {
	ctx := context.Background()
	db, doc, st := evidenceFixture(t)
	quote := annotate.Span{DocumentID: doc.ID, Start: 6, End: 25, Kind: annotate.SpanEvidence, Annotator: "amal"}
	got, ev, err := db.AddEvidence(ctx, st.ID, quote)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Text != "سنعود إلى حلب قريبا" || ev.Kind != annotate.SpanEvidence || ev.Label != "" {
		t.Fatalf("evidence span = %+v", ev)
	}
	if len(got.Evidence) != 1 || got.Evidence[0] != ev.ID {
		t.Fatalf("stance evidence = %v, want [%d]", got.Evidence, ev.ID)
	}
	// The same passage again for the same stance is refused; the span
	// is not made twice.
	_, _, err = db.AddEvidence(ctx, st.ID, quote)
	wantCode(t, err, annotate.ECodeDuplicate)

	check := func(when string, spans, evidence int) {
		t.Helper()
		a, err := db.Annotations(ctx, doc.ID, "amal")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Spans) != spans || len(a.Stances[0].Evidence) != evidence {
			t.Fatalf("%s: %d spans and %d evidence, want %d and %d", when, len(a.Spans), len(a.Stances[0].Evidence), spans, evidence)
		}
	}
	check("after attaching", 2, 1)
	e, err := db.Undo(ctx, "amal")
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != kindEvidenceAdd {
		t.Fatalf("undid %s, want %s", e.Kind, kindEvidenceAdd)
	}
	check("after undo", 1, 0) // one step took back both the span and the attachment
	if _, err := db.Redo(ctx, "amal"); err != nil {
		t.Fatal(err)
	}
	check("after redo", 2, 1)
	a, _ := db.Annotations(ctx, doc.ID, "amal")
	for _, s := range a.Spans {
		if s.ID == ev.ID && s.Kind != annotate.SpanEvidence {
			t.Errorf("redo brought the evidence back as %q", s.Kind)
		}
	}
}

func TestEvidenceRules(t *testing.T) {
	ctx := context.Background()
	db, doc, st := evidenceFixture(t)
	for _, tc := range []struct {
		name string
		s    annotate.Span
		code annotate.Code
	}{
		{"a label", annotate.Span{Start: 6, End: 25, Kind: annotate.SpanEvidence, Label: "MISC"}, annotate.ECodeInvalid},
		{"a space at the start", annotate.Span{Start: 4, End: 25, Kind: annotate.SpanEvidence}, annotate.ECodeEdgeSpace},
		{"an entity", annotate.Span{Start: 6, End: 25, Label: "MISC"}, annotate.ECodeInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.s.DocumentID, tc.s.Annotator = doc.ID, "amal"
			_, _, err := db.AddEvidence(ctx, st.ID, tc.s)
			wantCode(t, err, tc.code)
		})
	}
	// An evidence span is no mention of a target.
	_, ev, err := db.AddEvidence(ctx, st.ID, annotate.Span{DocumentID: doc.ID, Start: 6, End: 25, Kind: annotate.SpanEvidence, Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AddTarget(ctx, annotate.Target{DocumentID: doc.ID, Name: "x", Mentions: []int64{ev.ID}, Annotator: "amal"})
	wantCode(t, err, annotate.ECodeInvalid)
	// Relabelling it does not make it an entity.
	ev.Label = "PER"
	_, err = db.UpdateSpan(ctx, ev)
	wantCode(t, err, annotate.ECodeInvalid)
}

func TestSpanEdgeSpaceRefused(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	doc := addDocs(t, db, "قال عبد الأحد اسطيفو إن")[0]
	for _, r := range [][2]int{{3, 20}, {4, 21}} {
		_, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: r[0], End: r[1], Label: "PER", Annotator: "amal"})
		wantCode(t, err, annotate.ECodeEdgeSpace)
		if msg := annotate.ErrorMessage(err); msg == "" || msg[len(msg)-1] != '.' {
			t.Errorf("message %q is not a sentence", msg)
		}
	}
	im := beginImport(t, db)
	_, err := im.AddSpan(annotate.Span{DocumentID: doc, Start: 3, End: 19, Label: "PER", Annotator: "imported"})
	wantCode(t, err, annotate.ECodeEdgeSpace)
}

func TestExportEvidenceOnlyWhenAsked(t *testing.T) {
	ctx := context.Background()
	db, doc, st := evidenceFixture(t)
	_, ev, err := db.AddEvidence(ctx, st.ID, annotate.Span{DocumentID: doc.ID, Start: 6, End: 25, Kind: annotate.SpanEvidence, Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	export := func(f ExportFilter) ExportItem {
		var items []ExportItem
		if err := db.Export(ctx, f, func(it ExportItem) error { items = append(items, it); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 {
			t.Fatalf("%d items, want 1", len(items))
		}
		return items[0]
	}
	ner := export(ExportFilter{})
	if len(ner.Annotations.Spans) != 1 || ner.Annotations.Spans[0].Label != "LOC" {
		t.Errorf("NER export spans = %+v, want the LOC alone", ner.Annotations.Spans)
	}
	if len(ner.Annotations.Stances[0].Evidence) != 0 {
		t.Errorf("NER export stance evidence = %v, want none", ner.Annotations.Stances[0].Evidence)
	}
	all := export(ExportFilter{Evidence: true})
	if len(all.Annotations.Spans) != 2 || all.Annotations.Stances[0].Evidence[0] != ev.ID {
		t.Fatalf("stance export = %+v", all.Annotations)
	}
	for _, s := range all.Annotations.Spans {
		if s.ID == ev.ID && (s.Kind != annotate.SpanEvidence || s.Text != ev.Text) {
			t.Errorf("evidence in the export = %+v", s)
		}
	}
	stats, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.SpansByLabel[EvidenceLabel] != 1 || stats.SpansByLabel["LOC"] != 1 {
		t.Errorf("stats = %v", stats.SpansByLabel)
	}
}

// TestMigrationKeepsSpans: a version 1 database's spans, evidence of a
// stance or not, are entities after the upgrade, unchanged.
func TestMigrationKeepsSpans(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := openAt(t, path)
	doc := addDocs(t, db, "قال: «سنعود إلى حلب قريبا» ثم غادر.")[0]
	misc, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: 6, End: 25, Label: "MISC", Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	// Take the database back to version 1.
	for _, q := range []string{
		"DROP TABLE trash_documents", "DROP TABLE trash_texts", "DROP TABLE trash_spans", "DROP TABLE trash_targets",
		"DROP TABLE trash_target_mentions", "DROP TABLE trash_stances", "DROP TABLE trash_stance_evidence", "DROP TABLE trash_statuses",
		"DROP TABLE search", "DROP TABLE assignments", "DROP TABLE trash_assignments",
		"ALTER TABLE spans DROP COLUMN kind",
		"DELETE FROM migrations WHERE version > 1",
		"PRAGMA user_version = 1",
	} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db = openAt(t, path)
	a, err := db.Annotations(ctx, doc, "amal")
	if err != nil {
		t.Fatal(err)
	}
	misc.Updated = a.Spans[0].Updated
	if len(a.Spans) != 1 || a.Spans[0] != misc {
		t.Errorf("after the migration: %+v, want %+v", a.Spans, misc)
	}
}
