package cli

import (
	"context"
	"strings"
	"testing"

	"hashiya/storage"
)

// deleteDB is newDB with a second document; it returns the path and both
// input hashes.
func deleteDB(t *testing.T) (path string, hashes []string) {
	t.Helper()
	path = newDB(t)
	in := write(t, t.TempDir(), "b.txt", "مقال ثان عن حلب.\n")
	if code, _, stderr := run(t, Import, "--db", path, in); code != 0 {
		t.Fatal(stderr)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range []int64{1, 2} {
		d, err := db.Document(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, d.InputHash)
	}
	return path, hashes
}

// TestDelete: documents named by ID or input-hash prefix are deleted,
// each as one undo step of the --as annotator; a name that finds
// nothing, or finds two, deletes nothing.
func TestDelete(t *testing.T) {
	for _, c := range []struct {
		name   string
		env    string   // $HASHIYA_ANNOTATOR
		args   []string // after --db; H0, H1 stand for the hashes
		code   int
		stdout []string
		stderr string
		left   int // documents left
	}{
		{name: "by ID", args: []string{"--as", "amal", "1"}, left: 1,
			stdout: []string{`deleted document 1 "وصل الوفد إلى دمشق." (input hash H0)`, `"amal" can undo this in the window`}},
		{name: "by hash prefix, annotator from the environment", env: "amal", args: []string{"H1"}, left: 1,
			stdout: []string{`deleted document 2 "مقال ثان عن حلب." (input hash H1)`}},
		{name: "both, one named twice", args: []string{"--as", "amal", "1", "H0", "2"}, left: 0,
			stdout: []string{"deleted document 1 ", "deleted document 2 "}},
		{name: "a typo deletes nothing", args: []string{"--as", "amal", "1", "99"}, code: 1, left: 2,
			stderr: "hashiya delete: There is no document 99; hashiya stats counts them, the window lists them. Nothing was deleted.\n"},
		{name: "too short a hash", args: []string{"--as", "amal", "abc"}, code: 1, left: 2,
			stderr: `"abc" is neither a document ID nor an input hash (at least 8 hex digits). Nothing was deleted.`},
		{name: "no annotator", args: []string{"1"}, code: 2, left: 2,
			stderr: "Name the annotator who can undo the deletion with --as or $HASHIYA_ANNOTATOR."},
		{name: "annotator with a control character", args: []string{"--as", "amal\x1b[2J", "1"}, code: 2, left: 2,
			stderr: `--as: The annotator name amal\x1b[2J contains a control character (U+001B)`},
		{name: "no document", args: []string{"--as", "amal"}, code: 2, left: 2,
			stderr: "Name at least one document to delete, by ID or input hash."},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("HASHIYA_ANNOTATOR", c.env)
			path, hashes := deleteDB(t)
			args := []string{"--db", path}
			for _, a := range c.args {
				a = strings.NewReplacer("H0", hashes[0][:10], "H1", hashes[1][:10]).Replace(a)
				args = append(args, a)
			}
			code, stdout, stderr := run(t, Delete, args...)
			if code != c.code || (c.stderr == "" && stderr != "") || !strings.Contains(stderr, c.stderr) {
				t.Fatalf("code %d, stderr %q; want %d, %q", code, stderr, c.code, c.stderr)
			}
			for _, want := range c.stdout {
				want = strings.NewReplacer("H0", hashes[0][:12], "H1", hashes[1][:12]).Replace(want)
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if c.code != 0 && stdout != "" {
				t.Errorf("stdout %q on failure", stdout)
			}
			db, err := storage.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			if n, err := db.DocumentCount(ctx); err != nil || n != c.left {
				t.Fatalf("%d documents left (%v), want %d", n, err, c.left)
			}
			// Each deletion is one undo step of theirs, the last first.
			for n := c.left; n < 2; n++ {
				e, err := db.Undo(ctx, "amal")
				if err != nil || e.Kind != "document.delete" {
					t.Fatalf("undo: %s %v", e.Kind, err)
				}
				if got, _ := db.DocumentCount(ctx); got != n+1 {
					t.Fatalf("after an undo %d documents, want %d", got, n+1)
				}
			}
			// Undone, the seed span is back with its document.
			if a, err := db.Annotations(ctx, 1, "seed"); err != nil || len(a.Spans) != 1 {
				t.Errorf("seed's span after undo: %+v %v", a.Spans, err)
			}
		})
	}
}

// TestDeleteMissingDatabase: a mistyped --db is one sentence, not a new
// empty database.
func TestDeleteMissingDatabase(t *testing.T) {
	code, _, stderr := run(t, Delete, "--db", t.TempDir()+"/nope.db", "--as", "amal", "1")
	if code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
}
