package storage

import (
	"context"
	"testing"

	"hashiya/annotate"
)

func TestMarkStarted(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		before annotate.Status // "" = no status row yet
		want   annotate.Status
	}{
		{name: "no status yet", want: annotate.StatusInProgress},
		{name: "todo", before: annotate.StatusTodo, want: annotate.StatusInProgress},
		{name: "in progress", before: annotate.StatusInProgress, want: annotate.StatusInProgress},
		{name: "done stays done", before: annotate.StatusDone, want: annotate.StatusDone},
		{name: "skipped stays skipped", before: annotate.StatusSkipped, want: annotate.StatusSkipped},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(t.TempDir() + "/m.db")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			im, err := db.BeginImport(ctx)
			if err != nil {
				t.Fatal(err)
			}
			text := "قال الوزير إن المشروع سيبدأ."
			id, _, err := im.AddDocument(annotate.Document{Text: text, InputHash: annotate.HashText(text)})
			if err != nil {
				t.Fatal(err)
			}
			if tc.before != "" {
				if err := im.SetStatus(id, "ann", tc.before); err != nil {
					t.Fatal(err)
				}
			}
			if err := im.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := db.MarkStarted(ctx, id, "ann"); err != nil {
				t.Fatal(err)
			}
			st, err := db.Status(ctx, id, "ann")
			if err != nil {
				t.Fatal(err)
			}
			if st.Status != tc.want {
				t.Errorf("status %s, want %s", st.Status, tc.want)
			}
			if _, err := db.Undo(ctx, "ann"); annotate.ErrorCode(err) == "" {
				t.Errorf("MarkStarted left something to undo")
			}
		})
	}
	db, err := Open(t.TempDir() + "/m.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.MarkStarted(ctx, 42, "ann"); annotate.ErrorCode(err) != annotate.ECodeNotFound {
		t.Errorf("missing document: got %v, want a not-found error", err)
	}
}
