package storage

import (
	"context"
	"encoding/json"
	"path/filepath"
	"runtime"
	"testing"

	"hashiya/annotate"
)

func TestDefaultPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the table describes Linux directories")
	}
	tests := []struct {
		name, db, xdg, home, want string
	}{
		{"HASHIYA_DB wins", "/x/my.db", "/data", "/home/a", "/x/my.db"},
		{"XDG_DATA_HOME", "", "/data", "/home/a", "/data/hashiya/hashiya.db"},
		{"relative XDG_DATA_HOME is ignored", "", "data", "/home/a", "/home/a/.local/share/hashiya/hashiya.db"},
		{"home", "", "", "/home/a", "/home/a/.local/share/hashiya/hashiya.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("HASHIYA_DB", tt.db)
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			got, err := DefaultPath()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("DefaultPath() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestImportDocuments(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ids := addDocs(t, db, sampleTexts...)
	n, err := db.DocumentCount(ctx)
	if err != nil || n != len(sampleTexts) {
		t.Fatalf("DocumentCount = %d, %v; want %d", n, err, len(sampleTexts))
	}
	list, err := db.ListDocuments(ctx, "amal")
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range list {
		text := annotate.FreezeText(sampleTexts[i])
		want := DocSummary{ID: ids[i], Title: annotate.Title(text), Status: annotate.StatusTodo, Length: annotate.RuneLen(text)}
		if d != want {
			t.Errorf("ListDocuments[%d] = %+v, want %+v", i, d, want)
		}
		doc, err := db.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Text != text || doc.InputHash != annotate.HashText(text) || doc.Source != "test" || string(doc.Meta) != "{}" || doc.Created.IsZero() {
			t.Errorf("Document(%d) = %+v", d.ID, doc)
		}
	}
	if _, err := db.Document(ctx, 999); annotate.ErrorCode(err) != annotate.ECodeNotFound {
		t.Errorf("Document(999) error %v, want not_found", err)
	}

	// A second import of the same text is a duplicate and adds nothing.
	im, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, dup, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(sampleTexts[1]), Meta: json.RawMessage(`{"url":"x"}`)})
	if err != nil || !dup || id != ids[1] {
		t.Errorf("re-import = %d, %v, %v; want %d, true, nil", id, dup, err, ids[1])
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := im.Rollback(); err != nil {
		t.Errorf("Rollback after Commit: %v", err)
	}
	if n, _ := db.DocumentCount(ctx); n != len(sampleTexts) {
		t.Errorf("after duplicate import: %d documents", n)
	}
}

func TestImportRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	im, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := im.AddDocument(annotate.Document{Text: "نص أول"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.AddSpan(annotate.Span{DocumentID: id, Start: 0, End: 2, Label: "LOC", Annotator: "amal"}); err != nil {
		t.Fatal(err)
	}
	// A bad document stops the import; the caller rolls it all back.
	_, _, err = im.AddDocument(annotate.Document{Text: "   "})
	wantCode(t, err, annotate.ECodeEmpty)
	if err := im.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.DocumentCount(ctx); n != 0 {
		t.Errorf("after rollback: %d documents", n)
	}
	var spans int
	db.r.QueryRow("SELECT count(*) FROM spans").Scan(&spans)
	if spans != 0 {
		t.Errorf("after rollback: %d spans", spans)
	}
}

func TestImportAnnotations(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	im, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	text := annotate.FreezeText(sampleTexts[0])
	id, _, err := im.AddDocument(annotate.Document{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		span annotate.Span
		code annotate.Code
	}{
		{"ok", annotate.Span{DocumentID: id, Start: 4, End: 10, Label: "PER", Annotator: "gold"}, ""},
		{"duplicate", annotate.Span{DocumentID: id, Start: 4, End: 10, Label: "PER", Annotator: "gold"}, annotate.ECodeDuplicate},
		{"other annotator may repeat it", annotate.Span{DocumentID: id, Start: 4, End: 10, Label: "PER", Annotator: "model"}, ""},
		{"past the end", annotate.Span{DocumentID: id, Start: 4, End: 1000, Label: "PER", Annotator: "gold"}, annotate.ECodeOutOfRange},
		{"unknown label", annotate.Span{DocumentID: id, Start: 0, End: 3, Label: "THING", Annotator: "gold"}, annotate.ECodeUnknownLabel},
		{"no document", annotate.Span{DocumentID: id + 1, Start: 0, End: 3, Label: "PER", Annotator: "gold"}, annotate.ECodeNotFound},
		{"wrong text", annotate.Span{DocumentID: id, Start: 0, End: 3, Label: "PER", Annotator: "gold", Text: "xyz"}, annotate.ECodeMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := im.AddSpan(tt.span)
			if tt.code == "" && err != nil {
				t.Fatalf("AddSpan: %v", err)
			}
			if tt.code != "" {
				wantCode(t, err, tt.code)
			}
		})
	}
	if err := im.SetStatus(id, "gold", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	wantCode(t, im.SetStatus(id, "gold", "finished"), annotate.ECodeInvalid)
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	a, err := db.Annotations(ctx, id, "gold")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Spans) != 1 {
		t.Fatalf("gold has %d spans, want 1", len(a.Spans))
	}
	for _, s := range a.Spans {
		if s.Origin != annotate.OriginImported || s.Text != annotate.Slice(text, s.Start, s.End) {
			t.Errorf("imported span %+v", s)
		}
	}
	done, total, err := db.Progress(ctx, "gold")
	if err != nil || done != 1 || total != 1 {
		t.Errorf("Progress = %d, %d, %v; want 1, 1", done, total, err)
	}
	var edits int
	db.r.QueryRow("SELECT count(*) FROM edits").Scan(&edits)
	if edits != 0 {
		t.Errorf("an import wrote %d edit-log rows", edits)
	}
}

func TestEachDocument(t *testing.T) {
	db := openTemp(t)
	ids := addDocs(t, db, sampleTexts...)
	var got []int64
	err := db.EachDocument(context.Background(), func(d annotate.Document) error {
		got = append(got, d.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) || got[0] != ids[0] || got[2] != ids[2] {
		t.Errorf("EachDocument visited %v, want %v", got, ids)
	}
}

func TestSetSchema(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ids := addDocs(t, db, sampleTexts[1])
	if _, err := db.AddSpan(ctx, annotate.Span{DocumentID: ids[0], Start: 4, End: 12, Label: "PER", Annotator: "amal"}); err != nil {
		t.Fatal(err)
	}
	withoutPER := annotate.DefaultSchema()
	withoutPER.Entities = withoutPER.Entities[1:]
	withEVENT := annotate.DefaultSchema()
	withEVENT.Entities = append(withEVENT.Entities, annotate.EntityLabel{Name: "EVENT", Color: "#123456", Hotkey: "5"})
	bad := annotate.DefaultSchema()
	bad.Entities[0].Color = "red"
	tests := []struct {
		name   string
		schema annotate.Schema
		code   annotate.Code
	}{
		{"label in use", withoutPER, annotate.ECodeInUse},
		{"invalid colour", bad, annotate.ECodeInvalid},
		{"new label", withEVENT, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.SetSchema(ctx, tt.schema)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	path := db.Path()
	db.Close()
	again := openAt(t, filepath.Clean(path))
	s, err := again.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Entity("EVENT"); !ok {
		t.Errorf("schema after reopen lacks EVENT: %+v", s)
	}
	if _, ok := s.Entity("PER"); !ok {
		t.Errorf("schema after reopen lacks PER: %+v", s)
	}
}
