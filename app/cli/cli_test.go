package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

type cmdFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// run runs one command and returns its exit code and output.
func run(t *testing.T, cmd cmdFunc, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cmd(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// newDB creates a database holding one document with a span, so that
// "unchanged" means something, and returns its path.
func newDB(t *testing.T) string {
	t.Helper()
	path := storagetest.Name(t, "h.db")
	t.Setenv("HASHIYA_DB", path)
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	im, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text := "وصل الوفد إلى دمشق."
	id, _, err := im.AddDocument(annotate.Document{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.AddSpan(annotate.Span{DocumentID: id, Start: 14, End: 18, Label: "LOC", Annotator: "seed"}); err != nil {
		t.Fatal(err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshot renders everything the database holds that an import may
// touch, to compare before and after.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var b strings.Builder
	err = db.EachDocument(ctx, func(d annotate.Document) error {
		out, _ := json.Marshal(d)
		b.Write(out)
		for _, a := range []string{"seed", "imported", "amina"} {
			ann, err := db.Annotations(ctx, d.ID, a)
			if err != nil {
				return err
			}
			st, err := db.Status(ctx, d.ID, a)
			if err != nil {
				return err
			}
			out, _ = json.Marshal(ann)
			b.Write(out)
			b.WriteString(string(st.Status))
		}
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// write creates a file in dir and returns its path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const good = `{"text":"التقى وفد من الائتلاف الوطني","spans":[{"start":13,"end":28,"label":"ORG"}]}`

// badImports: each bad input, its exit code, what stderr must say, and
// the database left as it was.
var badImports = []struct {
	name   string
	file   string // content of in.jsonl
	args   []string
	stderr []string
}{
	{name: "not json", file: good + "\nnot json\n",
		stderr: []string{"in.jsonl:2: The line is not a JSON object", "Nothing was imported: 1 line is invalid (listed above); fix them, or pass --skip-invalid"}},
	{name: "invalid utf8", file: good + "\n{\"text\":\"\xff\"}\n", stderr: []string{"in.jsonl:2: The line is not valid UTF-8"}},
	{name: "no text", file: `{"meta":{}}` + "\n" + good, stderr: []string{`in.jsonl:1: The task has no "text".`}},
	{name: "empty text", file: `{"text":""}`, stderr: []string{"in.jsonl:1: The text is empty."}},
	{name: "out of range", file: `{"text":"abc","spans":[{"start":0,"end":4,"label":"PER"}]}`,
		stderr: []string{"in.jsonl:1: spans[0] [0, 4) is out of range: the text has 3 characters."}},
	{name: "start after end", file: `{"text":"abcd","spans":[{"start":3,"end":1,"label":"PER"}]}`,
		stderr: []string{"in.jsonl:1: spans[0] starts after it ends (start 3, end 1)."}},
	{name: "unknown label", file: good + "\n" + `{"text":"Rome","label":[[0,4,"CITY"]]}`, args: []string{"--format", "doccano"},
		stderr: []string{`in.jsonl:2: label[0] has the label "CITY", which is not in the schema`}},
	{name: "over size limit", file: `{"text":"` + strings.Repeat("ب", 600_000) + `"}`, args: []string{"--max-text-mb", "1"},
		stderr: []string{"in.jsonl:1: The text is 1.1 MB, over the size limit of 1.0 MB"}},
	{name: "span in stripped line", file: `{"text":"News\nRead more: Paris\nEnd","spans":[{"start":16,"end":21,"label":"LOC"}]}`, args: []string{"--strip-lines", "PATTERNS"},
		stderr: []string{`in.jsonl:1: spans[0] "Paris" falls in a line that --strip-lines removes`}},
	{name: "utf16 file", file: "\xff\xfe" + strings.Join(strings.Split(`{"text":"Rome"}`+"\r\n", ""), "\x00") + "\x00", // UTF-16LE
		stderr: []string{"in.jsonl: This file looks UTF-16 (it starts with a UTF-16 byte-order mark), but Hashiya reads UTF-8; save it as UTF-8", "Nothing was imported: 1 file is invalid"}},
	{name: "byte order mark mid-file", file: "\uFEFF" + good + "\n\uFEFF" + good + "\n",
		stderr: []string{"in.jsonl:2: The line starts with a byte-order mark in the middle of the file"}},
	{name: "utf16 inside a surrogate pair", file: `{"text":"👍 Rome","label":[[1,6,"LOC"]]}`, args: []string{"--offsets", "utf16", "--format", "doccano"},
		stderr: []string{"in.jsonl:1: label[0] start 1 falls inside a character"}},
}

func TestImportBadInput(t *testing.T) {
	for _, c := range badImports {
		t.Run(c.name, func(t *testing.T) {
			db := newDB(t)
			dir := t.TempDir()
			in := write(t, dir, "in.jsonl", c.file)
			patterns := write(t, dir, "patterns.txt", "Read more:\n")
			before := snapshot(t, db)
			args := []string{"--db", db}
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "PATTERNS", patterns))
			}
			code, stdout, stderr := run(t, Import, append(args, in)...)
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			stderr = strings.ReplaceAll(stderr, in, "in.jsonl")
			for _, want := range c.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("the database changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestImportSkipInvalid(t *testing.T) {
	db := newDB(t)
	in := write(t, t.TempDir(), "in.jsonl", good+"\nnot json\n"+`{"text":"x","spans":[{"start":0,"end":1,"label":"NOPE"}]}`+"\n")
	code, stdout, stderr := run(t, Import, "--db", db, "--skip-invalid", in)
	if code != 0 || stdout != "imported 1, duplicates 0, invalid 2\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, in+":2: The line is not a JSON object") || !strings.Contains(stderr, in+":3: spans[0] has the label \"NOPE\"") {
		t.Errorf("stderr does not list both invalid lines:\n%s", stderr)
	}
	// The same file again: all duplicates.
	code, stdout, _ = run(t, Import, "--db", db, "--skip-invalid", in)
	if code != 0 || stdout != "imported 0, duplicates 1, invalid 2\n" {
		t.Fatalf("second import: code %d, stdout %q", code, stdout)
	}
}

func TestImportTextFolder(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	write(t, dir, "a.txt", "First article\r\nabout Rome.\r\n")
	write(t, dir, "sub/b.txt", "مقال ثان\n")
	write(t, dir, "sub/.hidden.txt", "not me\n")
	write(t, dir, "notes.md", "not me either\n")
	write(t, dir, "sub/c.txt", "مقال ثان\n") // same text as b.txt
	code, stdout, stderr := run(t, Import, "--db", db, dir)
	if code != 0 || stdout != "imported 2, duplicates 1, invalid 0\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if snap := snapshot(t, db); !strings.Contains(snap, `"Text":"First article\nabout Rome.\n"`) {
		t.Errorf("CRLF text not frozen:\n%s", snap)
	}
}

func TestImportMissingPath(t *testing.T) {
	db := newDB(t)
	missing := filepath.Join(t.TempDir(), "nope.jsonl")
	code, _, stderr := run(t, Import, "--db", db, missing)
	if code != 1 || stderr != "hashiya import: "+missing+" does not exist.\n" {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
}

// TestImportRealArticle imports the shared sample article with the site
// boilerplate stripped, as annotators' corpora come in.
func TestImportRealArticle(t *testing.T) {
	const article = "../../../shared/corpus/000_d6582a0628d6bf6e.txt"
	if _, err := os.Stat(article); err != nil {
		t.Skipf("the shared sample article is not here (%v); it is not part of the repository", err)
	}
	db := emptyDB(t)
	patterns := write(t, t.TempDir(), "boilerplate.txt", "زر الذهاب إلى الأعلى\nإقرأ أيضاً:\n")
	code, stdout, stderr := run(t, Import, "--db", db, "--strip-lines", patterns, article)
	if code != 0 || stdout != "imported 1, duplicates 0, invalid 0\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	got := contents(t, db)
	if len(got) != 1 || strings.Contains(got[0].Text, "زر الذهاب إلى الأعلى") || strings.Contains(got[0].Text, "إقرأ أيضاً:") ||
		!strings.Contains(got[0].Text, "والائتلاف الوطني السوري") {
		t.Errorf("boilerplate not stripped or text lost:\n%s", got[0].Text)
	}
}

func TestFlagsAfterPaths(t *testing.T) {
	db := emptyDB(t)
	in := write(t, t.TempDir(), "in.jsonl", good+"\n")
	code, stdout, stderr := run(t, Import, in, "--db", db, "--as", "amina")
	if code != 0 || stdout != "imported 1, duplicates 0, invalid 0\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got := contents(t, db); len(got) != 1 || len(got[0].Spans) != 1 {
		t.Errorf("the span did not go to --as amina: %+v", got)
	}
	// After "--", a name that looks like a flag is a path.
	code, _, stderr = run(t, Import, "--db", db, "--", "--as")
	if code != 1 || !strings.Contains(stderr, "--as does not exist.") {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
}

// TestDefaultDatabase: with neither --db nor $HASHIYA_DB, the default
// database's folder is created on first use, so that an import can be the
// first thing a user runs.
func TestDefaultDatabase(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the default folder is $XDG_DATA_HOME/hashiya on Linux only")
	}
	data := t.TempDir()
	t.Setenv("HASHIYA_DB", "")
	t.Setenv("XDG_DATA_HOME", data)
	in := write(t, t.TempDir(), "a.txt", "نص قصير.\n")
	code, stdout, stderr := run(t, Import, in)
	if code != 0 || stdout != "imported 1, duplicates 0, invalid 0\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "hashiya", "hashiya.db")); err != nil {
		t.Errorf("no database in the default place: %v", err)
	}
	// A folder the user names is not created.
	missing := filepath.Join(t.TempDir(), "typo", "h.db")
	code, _, stderr = run(t, Stats, "--db", missing)
	if code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Error("the named folder was created")
	}
}

func TestImportInvalidFiles(t *testing.T) {
	db := newDB(t)
	before := snapshot(t, db)
	dir := t.TempDir()
	write(t, dir, "a.txt", "fine\n")
	write(t, dir, "b.txt", "\n\n")
	write(t, dir, "c.txt", "bad \xff\n")
	code, stdout, stderr := run(t, Import, "--db", db, dir)
	for _, want := range []string{
		filepath.Join(dir, "b.txt") + ": The text is empty.\n",
		filepath.Join(dir, "c.txt") + ":1: The file is not valid UTF-8; save it as UTF-8 and import it again.\n",
		"hashiya import: Nothing was imported: 2 files are invalid (listed above)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 || stdout != "" || snapshot(t, db) != before {
		t.Errorf("code %d, stdout %q, or the database changed", code, stdout)
	}
}

func TestExportToMissingFolder(t *testing.T) {
	db := newDB(t)
	out := filepath.Join(t.TempDir(), "nope", "out.jsonl")
	code, _, stderr := run(t, Export, "--db", db, "-o", out)
	if code != 1 || stderr != "hashiya export: The folder "+filepath.Dir(out)+" does not exist; create it or write the export elsewhere.\n" {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
}

// TestImportNUL: a text with U+0000 is refused line by line, in one
// sentence that says where, on SQLite as on PostgreSQL (whose TEXT cannot
// hold it): the rest of the file still imports with --skip-invalid,
// rather than the whole import failing at the server.
func TestImportNUL(t *testing.T) {
	tests := []struct {
		name, file, content string
		args                []string
		code                int
		stdout, stderr      string
	}{
		{name: "jsonl", file: "in.jsonl", content: good + "\n" + `{"text":"قال\n👍 محمد\u0000."}` + "\n", code: 1,
			stderr: "in.jsonl:2: The document's text has a NUL character (U+0000) at line 2, character 7 of the text; remove it and import the file again.\n"},
		{name: "jsonl skip invalid", file: "in.jsonl", content: `{"text":"\u0000"}` + "\n" + good + "\n", args: []string{"--skip-invalid"},
			stdout: "imported 1, duplicates 0, invalid 1\n",
			stderr: "in.jsonl:1: The document's text has a NUL character (U+0000) at line 1, character 1 of the text; remove it and import the file again.\n"},
		{name: "text file", file: "in.txt", content: "سطر أول\nسطر\x00 ثان\n", code: 1,
			stderr: "in.txt: The document's text has a NUL character (U+0000) at line 2, character 4 of the text; remove it and import the file again.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			before := snapshot(t, db)
			in := write(t, t.TempDir(), tt.file, tt.content)
			code, stdout, stderr := run(t, Import, append(append([]string{"--db", db}, tt.args...), in)...)
			stderr = strings.ReplaceAll(stderr, in, tt.file)
			if code != tt.code || stdout != tt.stdout {
				t.Errorf("code %d, stdout %q; want %d, %q (stderr %q)", code, stdout, tt.code, tt.stdout, stderr)
			}
			if first, _, _ := strings.Cut(stderr, "\n"); first+"\n" != tt.stderr {
				t.Errorf("stderr starts\n%s\nwant\n%s", stderr, tt.stderr)
			}
			if tt.code != 0 && snapshot(t, db) != before {
				t.Errorf("the database changed")
			}
		})
	}
}
