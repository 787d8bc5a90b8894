package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

// copyPGSchema returns the address of a new, empty schema on the test
// server (after running ddl in it), dropped when the test ends; it skips
// the test without one.
func copyPGSchema(t *testing.T, ddl ...string) string {
	t.Helper()
	if storagetest.Server() == "" {
		t.Skip("no PostgreSQL server: set HASHIYA_TEST_POSTGRES (.ci/postgres does) to copy to and from one")
	}
	url := storagetest.Name(t, "copy")
	for _, q := range ddl {
		storagetest.Exec(t, url, q)
	}
	return url
}

// copyEnd names a new database of kind end ("sqlite", "postgres").
func copyEnd(t *testing.T, end string) string {
	t.Helper()
	if end == "postgres" {
		return copyPGSchema(t)
	}
	return filepath.Join(t.TempDir(), "copy.db")
}

// copySource makes a database with imported documents and annotations,
// stances and targets made in the editor, statuses, a deleted span, an
// undone edit and a deleted document, and returns its path.
func copySource(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "source.db") // SQLite, whatever the suite's backend
	if db, err := storage.Open(path); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	mustImport(t, path, "testdata/corpus.jsonl")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const doc = 2 // "Barack Obama met Angela Merkel in Berlin on Tuesday. Merkel said ..."
	ann, err := db.Annotations(ctx, doc, "amina")
	must(err)
	angela, merkel := ann.Spans[1], ann.Spans[3]
	plan, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "the plan", Topic: true, Annotator: "amina"})
	must(err)
	person, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "Angela Merkel", Mentions: []int64{angela.ID, merkel.ID}, Annotator: "amina"})
	must(err)
	_, err = db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: plan.ID, Holder: person.ID, Label: "FAVOR", Evidence: []int64{merkel.ID}, Note: "said she supports", Annotator: "amina"})
	must(err)
	must(db.SetStatus(ctx, doc, "amina", annotate.StatusDone))
	must(db.SetStatus(ctx, 1, "amina", annotate.StatusDone))
	must(db.DeleteSpan(ctx, "amina", ann.Spans[0].ID))
	_, err = db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: angela.Start, End: angela.End, Label: "PER", Annotator: "noor"})
	must(err)
	_, err = db.Undo(ctx, "amina")
	must(err)
	must(db.DeleteSpan(ctx, "amina", ann.Spans[2].ID))
	must(db.DeleteDocument(ctx, "noor", 3))
	return path
}

// exportAll exports db in every format and returns each file's bytes.
func exportAll(t *testing.T, db string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range dataset.WriteFormats {
		for _, as := range []string{"", "amina"} {
			args := []string{"--format", string(f)}
			if as != "" {
				args = append(args, "--annotator", as)
			}
			data, err := os.ReadFile(mustExport(t, db, args...))
			if err != nil {
				t.Fatal(err)
			}
			out[strings.Join(args, " ")] = string(data)
		}
	}
	return out
}

// editLog renders a SQLite database's edit log and undo history.
func editLog(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		"SELECT id, annotator, at, document_id, kind, before, after, COALESCE(reverts, 0) FROM edits ORDER BY id",
		"SELECT edit_id, annotator, undone, '', '', '', '', '' FROM history ORDER BY edit_id",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v [8]string
			if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, strings.Join(v[:], "|"))
		}
		rows.Close()
	}
	return b.String()
}

func TestCopyCommandRoundTrip(t *testing.T) {
	for _, mid := range []string{"sqlite", "postgres"} {
		t.Run("sqlite→"+mid+"→sqlite", func(t *testing.T) {
			src := copySource(t)
			b, c := copyEnd(t, mid), copyEnd(t, "sqlite")
			for _, step := range [][2]string{{src, b}, {b, c}} {
				code, stdout, stderr := run(t, Copy, "--from", step[0], "--to", step[1])
				if code != 0 || stderr != "" {
					t.Fatalf("copy %s → %s: code %d\n%s%s", step[0], step[1], code, stdout, stderr)
				}
				for _, want := range []string{"Copied " + step[0], " to " + step[1], ": 7 documents, ", " edits (", "check: ok on both"} {
					if !strings.Contains(stdout, want) {
						t.Errorf("copy %s → %s: stdout lacks %q:\n%s", step[0], step[1], want, stdout)
					}
				}
			}
			want := exportAll(t, src)
			got := exportAll(t, c)
			for k, w := range want {
				if got[k] != w {
					t.Errorf("export %s differs after the round trip through %s:\n got %s\nwant %s", k, mid, got[k], w)
				}
			}
			if g, w := editLog(t, c), editLog(t, src); g != w {
				t.Errorf("edit log differs after the round trip through %s:\n got %s\nwant %s", mid, g, w)
			}
			if code, stdout, _ := run(t, Check, "--db", b); code != 0 || stdout != "ok\n" {
				t.Errorf("check of the copy on %s: code %d, %q", mid, code, stdout)
			}
		})
	}
}

func TestCopyCommandRefuses(t *testing.T) {
	src := copySource(t)
	for _, c := range []struct {
		name string
		to   func(t *testing.T) string
		want string
	}{
		{"a database with a document", func(t *testing.T) string { return newDB(t) }, "is not empty (1 document, 0 edits), so nothing was copied; copy into a new database instead."},
		{"a file that is not a database", func(t *testing.T) string { return write(t, t.TempDir(), "notes.db", "مسودة\n") }, "is not a Hashiya database."},
		{"a folder", func(t *testing.T) string { return t.TempDir() }, "is a folder; name a new database file to copy to."},
		{"a PostgreSQL database with a project", func(t *testing.T) string {
			u := copyPGSchema(t)
			mustImport(t, u, "testdata/corpus.jsonl")
			return u
		}, "is not empty (8 documents, 0 edits)"},
		{"a PostgreSQL database with other tables", func(t *testing.T) string {
			return copyPGSchema(t, "CREATE TABLE invoices (id int)")
		}, "is not a Hashiya database."},
	} {
		t.Run(c.name, func(t *testing.T) {
			to := c.to(t)
			var before string
			if !storage.IsPostgres(to) {
				before = tree(t, to)
			}
			code, stdout, stderr := run(t, Copy, "--from", src, "--to", to)
			if code != 1 || !strings.Contains(stderr, c.want) || stdout != "" {
				t.Errorf("code %d, stdout %q, stderr %q; want %q", code, stdout, stderr, c.want)
			}
			if !storage.IsPostgres(to) && tree(t, to) != before {
				t.Errorf("the refused copy changed %s", to)
			}
		})
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", src}, "Name the database to copy with --from and the new one with --to."},
		{[]string{"--to", "x.db"}, "Name the database to copy with --from and the new one with --to."},
		{[]string{"--from", src, "--to", "x.db", "--db", src}, "flag provided but not defined: -db"},
		{[]string{"--from", src, "--to", "x.db", "y.db"}, "copy takes no arguments"},
	} {
		code, stdout, stderr := run(t, Copy, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "usage: hashiya copy") || stdout != "" {
			t.Errorf("%v: code %d, stderr %q", c.args, code, stderr)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing.db")
	to := filepath.Join(t.TempDir(), "new.db")
	if code, _, stderr := run(t, Copy, "--from", missing, "--to", to); code != 1 || !strings.Contains(stderr, "There is no database at") {
		t.Errorf("missing source: code %d, %q", code, stderr)
	}
	if _, err := os.Stat(to); err == nil {
		t.Errorf("a copy from a missing source made %s", to)
	}
}

// tree renders a file, or a folder's file names, to tell whether a
// refused copy touched it.
func tree(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.IsDir() {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	es, err := os.ReadDir(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return strings.Join(names, "\n")
}

// TestCopyCommandInterrupted: a copy stopped before it is done leaves no
// new file behind.
func TestCopyCommandInterrupted(t *testing.T) {
	src := copySource(t)
	to := filepath.Join(t.TempDir(), "new.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb strings.Builder
	code := Copy(ctx, []string{"--from", src, "--to", to}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "cancelled; nothing was changed") {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
	es, _ := os.ReadDir(filepath.Dir(to))
	if len(es) != 0 {
		t.Errorf("an interrupted copy left %v", es)
	}
}
