package cli

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

func openDB(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(storagetest.Name(t, "h.db"))
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
	// The refused import used up IDs on PostgreSQL (a sequence is not
	// rolled back), so the document is found by its place in the list.
	docs, err := db.ListDocuments(ctx, "imported")
	if err != nil || len(docs) == 0 {
		t.Fatalf("documents %+v, %v", docs, err)
	}
	a, err := db.Annotations(ctx, docs[0].ID, "imported")
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

// twoDocs imports two documents with a span each: span 1 in document 1,
// span 2 ("Berlin") in document 2.
func twoDocs(t *testing.T, db *storage.DB) {
	t.Helper()
	in := write(t, t.TempDir(), "in.jsonl", `{"text": "Obama met Putin.", "spans": [{"start": 0, "end": 5, "label": "PER"}]}`+"\n"+
		`{"text": "Merkel flew to Berlin.", "spans": [{"start": 15, "end": 21, "label": "LOC"}]}`+"\n")
	if _, err := ImportFiles(context.Background(), db, ImportRequest{Paths: []string{in}, Annotator: "amina"}); err != nil {
		t.Fatal(err)
	}
}

// TestCheckDatabase: a check counts the documents it read and reports
// each problem with its document and span; problems are a result, not
// an error; progress ends at the document count.
func TestCheckDatabase(t *testing.T) {
	tests := []struct {
		name   string
		damage []string // SQL run behind storage's back
		docs   int
		want   []CheckProblem // Message is a part of the sentence
	}{
		{name: "empty"},
		{name: "healthy", docs: 2},
		{name: "span text", docs: 2, damage: []string{`UPDATE spans SET text = 'Bonn' WHERE text = 'Berlin'`},
			want: []CheckProblem{{DocumentID: 2, SpanID: 2, Message: `Span 2 says "Bonn" but document 2 has "Berlin" at 15–21.`}}},
		{name: "document and span", docs: 2, damage: []string{`UPDATE documents SET input_hash = 'x' WHERE id = 1`, `UPDATE spans SET "end" = 99 WHERE id = 2`},
			want: []CheckProblem{{DocumentID: 1, Message: "does not match its input hash"}, {DocumentID: 2, SpanID: 2, Message: "lies outside"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			if tc.docs > 0 {
				twoDocs(t, db)
			}
			for _, q := range tc.damage {
				sqlExec(t, db.Path(), q)
			}
			var done, total int64 = -1, -1
			res, err := CheckDatabase(context.Background(), db, CheckRequest{Progress: func(d, n int64) { done, total = d, n }})
			if err != nil {
				t.Fatal(err)
			}
			if res.Integrity != "ok" || res.Documents != tc.docs || done != int64(tc.docs) || total != int64(tc.docs) {
				t.Errorf("integrity %q, %d documents, progress %d of %d; want ok and %d", res.Integrity, res.Documents, done, total, tc.docs)
			}
			if res.Count() != len(tc.want) || len(res.Problems) != len(tc.want) {
				t.Fatalf("problems %+v (count %d), want %+v", res.Problems, res.Count(), tc.want)
			}
			for i, w := range tc.want {
				p := res.Problems[i]
				if p.DocumentID != w.DocumentID || p.SpanID != w.SpanID || !strings.Contains(p.Message, w.Message) {
					t.Errorf("problem %d: %+v, want %+v", i, p, w)
				}
			}
		})
	}
}

// TestWriteCheck: what check prints for each kind of result, a damaged
// file included, which a test cannot easily make.
func TestWriteCheck(t *testing.T) {
	for _, tc := range []struct {
		res  CheckResult
		want string
	}{
		{CheckResult{Integrity: "ok"}, "ok\n"},
		{CheckResult{Integrity: "ok", Problems: []CheckProblem{{Message: "Row 3 of spans points at a missing documents row."}, {DocumentID: 4, Message: "Document 4 has no text."}, {DocumentID: 4, SpanID: 9, Message: "Span 9 (1–2) lies outside document 4's text."}}},
			"Row 3 of spans points at a missing documents row.\ndocument 4: Document 4 has no text.\ndocument 4, span 9: Span 9 (1–2) lies outside document 4's text.\n"},
		{CheckResult{Integrity: "row 1 missing from index x\nrow 2 missing from index x"},
			"database file: row 1 missing from index x\ndatabase file: row 2 missing from index x\n"},
	} {
		var b strings.Builder
		if err := writeCheck(&b, tc.res); err != nil || b.String() != tc.want {
			t.Errorf("%+v: wrote %q (%v), want %q", tc.res, b.String(), err, tc.want)
		}
		if wantBad := tc.want != "ok\n"; (tc.res.Count() > 0) != wantBad {
			t.Errorf("%+v: Count %d", tc.res, tc.res.Count())
		}
	}
}

// TestDatabaseStats: the typed counts and progress that ends at its
// total.
func TestDatabaseStats(t *testing.T) {
	tests := []struct {
		name  string
		fill  bool
		docs  int
		spans map[string]int
	}{
		{name: "empty", spans: map[string]int{}},
		{name: "two documents", fill: true, docs: 2, spans: map[string]int{"PER": 1, "LOC": 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			if tc.fill {
				twoDocs(t, db)
			}
			var done, total int64
			st, err := DatabaseStats(context.Background(), db, StatsRequest{Progress: func(d, n int64) { done, total = d, n }})
			if err != nil {
				t.Fatal(err)
			}
			if st.Documents != tc.docs || !reflect.DeepEqual(st.SpansByLabel, tc.spans) {
				t.Errorf("stats %+v, want %d documents and spans %v", st, tc.docs, tc.spans)
			}
			if tc.fill && st.ByAnnotator["amina"][annotate.StatusTodo] != 2 {
				t.Errorf("amina's statuses %v", st.ByAnnotator["amina"])
			}
			if done == 0 || done != total {
				t.Errorf("progress ended at %d of %d", done, total)
			}
		})
	}
}

// TestSeedCorpus: every .txt file at any depth is a frozen document with
// a sample/ source, in one transaction; a bad file seeds nothing; seeding
// again finds them all stored.
func TestSeedCorpus(t *testing.T) {
	ctx := context.Background()
	good := fstest.MapFS{
		"corpus/01.txt":     {Data: []byte("\uFEFFوصل الوفد\r\nإلى دمشق.\r\n")},
		"corpus/02.txt":     {Data: []byte("The delegation arrived.\n")},
		"corpus/README.md":  {Data: []byte("# not a document\n")},
		"corpus/sub/03.txt": {Data: []byte("Nested.\n")},
	}
	tests := []struct {
		name    string
		fsys    fs.FS
		twice   bool
		want    SeedResult
		docs    int    // documents after seeding
		wantErr string // part of the error, "" for none
	}{
		{name: "texts are frozen and README is not a document", fsys: good, want: SeedResult{Documents: 3}, docs: 3},
		{name: "seeding again adds nothing", fsys: good, twice: true, want: SeedResult{Duplicates: 3}, docs: 3},
		{name: "a bad file seeds nothing", fsys: fstest.MapFS{
			"corpus/01.txt": {Data: []byte("fine\n")},
			"corpus/02.txt": {Data: []byte("bad \xff byte\n")},
		}, wantErr: "UTF-8"},
		{name: "the shipped corpus", fsys: os.DirFS("../../assets/corpus"), want: SeedResult{Documents: 8}, docs: 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			if tc.twice {
				if _, err := SeedCorpus(ctx, db, SeedRequest{Corpus: tc.fsys}); err != nil {
					t.Fatal(err)
				}
			}
			var done, total int64
			res, err := SeedCorpus(ctx, db, SeedRequest{Corpus: tc.fsys, Progress: func(d, n int64) { done, total = d, n }})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(annotate.ErrorMessage(err), tc.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tc.wantErr)
				}
			} else if err != nil || res != tc.want || done != total || done != int64(tc.want.Documents+tc.want.Duplicates) {
				t.Fatalf("result %+v, %v, progress %d of %d; want %+v", res, err, done, total, tc.want)
			}
			docs, err := db.ListDocuments(ctx, "a")
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != tc.docs {
				t.Fatalf("%d documents, want %d", len(docs), tc.docs)
			}
			for _, d := range docs {
				doc, err := db.Document(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !annotate.IsFrozen(doc.Text) || strings.HasPrefix(doc.Text, "\uFEFF") || !strings.HasPrefix(doc.Source, "sample/") {
					t.Errorf("document %q from %q is not frozen, keeps its BOM, or has the wrong source", doc.Text, doc.Source)
				}
			}
		})
	}
}
