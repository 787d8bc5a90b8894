package storage

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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
	// A document checked beforehand is stored as AddDocument stores it;
	// an unchecked (zero) one is refused.
	c, err := annotate.Document{Text: "نص جديد", Source: "checked"}.Check()
	if err != nil {
		t.Fatal(err)
	}
	newID, dup, err := im.AddChecked(c)
	if err != nil || dup {
		t.Fatalf("AddChecked = %d, %v, %v", newID, dup, err)
	}
	if _, _, err := im.AddChecked(annotate.Checked{}); annotate.ErrorCode(err) != annotate.ECodeInternal {
		t.Errorf("AddChecked(zero) error %v, want internal", err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := im.Rollback(); err != nil {
		t.Errorf("Rollback after Commit: %v", err)
	}
	if n, _ := db.DocumentCount(ctx); n != len(sampleTexts)+1 {
		t.Errorf("after duplicate and checked imports: %d documents, want %d", n, len(sampleTexts)+1)
	}
	if doc, err := db.Document(ctx, newID); err != nil || doc.Text != "نص جديد" || doc.InputHash != annotate.HashText("نص جديد") || string(doc.Meta) != "{}" {
		t.Errorf("checked document stored as %+v, %v", doc, err)
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
	im := beginImport(t, db)
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
	again := openAt(t, reopenName(path))
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

// TestImportTargetsAndStances adds targets and stances in an import: on
// the document just added and, after another, on an earlier one, which
// the import reloads.
func TestImportTargetsAndStances(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	im := beginImport(t, db)
	text := annotate.FreezeText(sampleTexts[0])
	a, _, err := im.AddDocument(annotate.Document{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	span := func(doc int64, start, end int, annotator string) int64 {
		t.Helper()
		id, err := im.AddSpan(annotate.Span{DocumentID: doc, Start: start, End: end, Label: "ORG", Annotator: annotator})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	s1, s2, sModel := span(a, 4, 10, "gold"), span(a, 14, 30, "gold"), span(a, 4, 10, "model")
	b, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(sampleTexts[1])})
	if err != nil {
		t.Fatal(err)
	}
	sB := span(b, 4, 12, "gold")

	ids := map[string]int64{}
	targets := []struct {
		name   string
		target annotate.Target
		code   annotate.Code
	}{
		{"topic on an earlier document", annotate.Target{DocumentID: a, Name: "الاتفاق", Topic: true, Annotator: "gold"}, ""},
		{"with mentions", annotate.Target{DocumentID: a, Name: "الولايات المتحدة", Mentions: []int64{s2, s1}, Annotator: "gold"}, ""},
		{"second topic", annotate.Target{DocumentID: a, Name: "x", Topic: true, Annotator: "gold"}, annotate.ECodeDuplicate},
		{"another annotator's topic", annotate.Target{DocumentID: a, Name: "x", Topic: true, Annotator: "model"}, ""},
		{"blank name", annotate.Target{DocumentID: a, Name: " ", Annotator: "gold"}, annotate.ECodeEmpty},
		{"no annotator", annotate.Target{DocumentID: a, Name: "x"}, annotate.ECodeEmpty},
		{"has an ID", annotate.Target{ID: 99, DocumentID: a, Name: "x", Annotator: "gold"}, annotate.ECodeInvalid},
		{"mention twice", annotate.Target{DocumentID: a, Name: "x", Mentions: []int64{s1, s1}, Annotator: "gold"}, annotate.ECodeDuplicate},
		{"another annotator's span", annotate.Target{DocumentID: a, Name: "x", Mentions: []int64{sModel}, Annotator: "gold"}, annotate.ECodeNotFound},
		{"another document's span", annotate.Target{DocumentID: a, Name: "x", Mentions: []int64{sB}, Annotator: "gold"}, annotate.ECodeNotFound},
		{"no document", annotate.Target{DocumentID: b + 1, Name: "x", Annotator: "gold"}, annotate.ECodeNotFound},
	}
	for _, tt := range targets {
		t.Run("target/"+tt.name, func(t *testing.T) {
			id, err := im.AddTarget(tt.target)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				return
			}
			if err != nil || id == 0 {
				t.Fatalf("AddTarget = %d, %v", id, err)
			}
			ids[tt.name] = id
		})
	}
	topic, usa := ids["topic on an earlier document"], ids["with mentions"]
	stances := []struct {
		name   string
		stance annotate.Stance
		code   annotate.Code
	}{
		{"held by a target", annotate.Stance{DocumentID: a, TargetID: topic, Holder: usa, Label: "FAVOR", Evidence: []int64{s2}, Note: "تدعم", Annotator: "gold"}, ""},
		{"the author's", annotate.Stance{DocumentID: a, TargetID: usa, Holder: annotate.AuthorHolder, Label: "NEUTRAL", Annotator: "gold"}, ""},
		{"unknown label", annotate.Stance{DocumentID: a, TargetID: topic, Label: "MAYBE", Annotator: "gold"}, annotate.ECodeUnknownLabel},
		{"towards itself", annotate.Stance{DocumentID: a, TargetID: usa, Holder: usa, Label: "FAVOR", Annotator: "gold"}, annotate.ECodeInvalid},
		{"another annotator's target", annotate.Stance{DocumentID: a, TargetID: ids["another annotator's topic"], Label: "FAVOR", Annotator: "gold"}, annotate.ECodeNotFound},
		{"another document's evidence", annotate.Stance{DocumentID: a, TargetID: topic, Label: "FAVOR", Evidence: []int64{sB}, Annotator: "gold"}, annotate.ECodeNotFound},
		{"evidence twice", annotate.Stance{DocumentID: a, TargetID: topic, Label: "FAVOR", Evidence: []int64{s1, s1}, Annotator: "gold"}, annotate.ECodeDuplicate},
		{"has an ID", annotate.Stance{ID: 7, DocumentID: a, TargetID: topic, Label: "FAVOR", Annotator: "gold"}, annotate.ECodeInvalid},
	}
	for _, tt := range stances {
		t.Run("stance/"+tt.name, func(t *testing.T) {
			id, err := im.AddStance(tt.stance)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				return
			}
			if err != nil || id == 0 {
				t.Fatalf("AddStance = %d, %v", id, err)
			}
		})
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := db.Annotations(ctx, a, "gold")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Targets) != 2 || got.Targets[0].ID != topic || !got.Targets[0].Topic ||
		!slices.Equal(got.Targets[1].Mentions, []int64{s2, s1}) {
		t.Errorf("targets %+v", got.Targets)
	}
	if len(got.Stances) != 2 || got.Stances[0].Holder != usa || !slices.Equal(got.Stances[0].Evidence, []int64{s2}) ||
		got.Stances[0].Note != "تدعم" || got.Stances[1].Holder != annotate.AuthorHolder || got.Stances[1].Evidence != nil {
		t.Errorf("stances %+v", got.Stances)
	}
	var edits int
	db.r.QueryRow("SELECT count(*) FROM edits").Scan(&edits)
	if edits != 0 {
		t.Errorf("an import wrote %d edit-log rows", edits)
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) != 0 {
		t.Errorf("Check = %v, %v", probs, err)
	}
}

// TestDefaultDatabaseIsPrivate: the default database, made on first use,
// is the user's alone (0600, and its folders 0700), whatever the umask.
func TestDefaultDatabaseIsPrivate(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("file modes as Linux has them")
	}
	home := t.TempDir()
	t.Setenv("HASHIYA_DB", "")
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	db, err := OpenNamed("")
	if err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	for p, want := range map[string]os.FileMode{
		path: 0o600, filepath.Dir(path): 0o700, filepath.Join(home, "data"): 0o700,
	} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %o, want %o", p, fi.Mode().Perm(), want)
		}
	}
}
