package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"hashiya/annotate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestEditLogGolden pins the edit log's JSON: Undo and Redo read rows
// written by earlier versions of Hashiya, so a change to this format must
// be deliberate (and keep reading the old one).
func TestEditLogGolden(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	doc := addDocs(t, db, sampleTexts[0])[0]
	s0, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: 4, End: 10, Label: "PER", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	s1, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: 14, End: 30, Label: "LOC", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "الولايات المتحدة", Mentions: []int64{s1.ID, s0.ID}, Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: tg.ID, Label: "FAVOR", Evidence: []int64{s0.ID}, Note: "تدعم", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	s1.Label = "ORG"
	if _, err := db.UpdateSpan(ctx, s1); err != nil {
		t.Fatal(err)
	}
	st.Label = "NEUTRAL"
	if _, err := db.UpdateStance(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteSpan(ctx, amal, s0.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, amal); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Redo(ctx, amal); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, doc, amal, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteTarget(ctx, amal, tg.ID); err != nil {
		t.Fatal(err)
	}

	var got bytes.Buffer
	rows, err := db.r.QueryContext(ctx, "SELECT id FROM edits ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		e, err := loadEdit(ctx, db.r, id)
		if err != nil {
			t.Fatal(err)
		}
		var reverts any
		db.r.QueryRow("SELECT reverts FROM edits WHERE id = ?", id).Scan(&reverts)
		fmt.Fprintf(&got, "edit %d: %s by %s on document %d at %s, reverts %v\n", e.ID, e.Kind, e.Annotator, e.DocumentID, e.Time.Format("15:04:05.000"), reverts)
		for _, part := range []struct {
			name string
			raw  json.RawMessage
		}{{"before", e.Before}, {"after", e.After}} {
			var ind bytes.Buffer
			if err := json.Indent(&ind, part.raw, "  ", "  "); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&got, "  %s: %s\n", part.name, ind.String())
		}
	}
	golden := filepath.Join("testdata", "editlog.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestEditLogGolden -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("edit log differs from %s (run with -update if the change is deliberate):\n%s", golden, got.String())
	}
}
