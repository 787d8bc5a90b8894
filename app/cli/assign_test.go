package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage"
)

// assignDB is newDB (one document, with a span by "seed") with four
// more documents, and returns its path.
func assignDB(t *testing.T) string {
	t.Helper()
	path := newDB(t)
	addTexts(t, path, 1, 4)
	return path
}

// addTexts imports n more documents, numbered from first.
func addTexts(t *testing.T, path string, first, n int) {
	t.Helper()
	dir := t.TempDir()
	for i := first; i < first+n; i++ {
		write(t, dir, fmt.Sprintf("d%d.txt", i), fmt.Sprintf("الخبر رقم %d من حلب.\n", i))
	}
	if code, _, stderr := run(t, Import, "--db", path, dir); code != 0 {
		t.Fatal(stderr)
	}
}

func TestAssignCommand(t *testing.T) {
	for _, c := range []struct {
		name string
		// before runs first, as assign's arguments after --db.
		before []string
		// more documents imported between before and args.
		more   int
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{name: "two each", args: []string{"--per-document", "2", "--annotators", "huda,amal,سارة"},
			stdout: []string{"Assigned 5 documents to 2 annotators each (10 assignments).",
				"annotator  new  queue\n", "amal       4    4\n", "huda       3    3\n", "سارة       3    3\n"}},
		{name: "without --annotators, those with work", args: []string{"--per-document", "1"},
			stdout: []string{"Assigned 5 documents to 1 annotator each (5 assignments).", "seed       5    5\n"}},
		{name: "re-run after an import gives out only the new", before: []string{"--per-document", "1", "--annotators", "a,b"}, more: 3,
			args:   []string{"--per-document", "1"},
			stdout: []string{"Assigned 3 documents to 1 annotator each (3 assignments).", "a          1    4\n", "b          2    4\n"}},
		{name: "re-run with nothing new", before: []string{"--per-document", "1", "--annotators", "a,b"},
			args:   []string{"--per-document", "1", "--annotators", "a,b"},
			stdout: []string{"Every document has 1 annotator already; nothing was assigned", "a          0    3\n", "b          0    2\n"}},
		{name: "replace", before: []string{"--per-document", "1", "--annotators", "a,b"},
			args:   []string{"--per-document", "1", "--annotators", "c", "--replace"},
			stdout: []string{"Assigned 5 documents", "c          5    5\n"}},
		{name: "more per document than annotators", args: []string{"--per-document", "3", "--annotators", "a,b"}, code: 1,
			stderr: "hashiya assign: Each document cannot go to 3 annotators when there are only 2 (a, b); name more annotators or give each document to fewer.\n"},
		{name: "no --per-document", args: []string{"--annotators", "a"}, code: 2,
			stderr: "Say how many annotators get each document with --per-document N (1 or more)."},
		{name: "zero per document", args: []string{"--per-document", "0", "--annotators", "a"}, code: 2,
			stderr: "--per-document N (1 or more)"},
		{name: "an argument", args: []string{"--per-document", "1", "a,b"}, code: 2,
			stderr: "assign takes no arguments; name the annotators with --annotators a,b,c."},
		{name: "annotators list of commas", args: []string{"--per-document", "1", "--annotators", ", ,"}, code: 2,
			stderr: "--annotators names nobody; list them as a,b,c."},
		{name: "annotator with a control character", args: []string{"--per-document", "1", "--annotators", "a\x1b[2J"}, code: 2,
			stderr: `--annotators: The annotator name a\x1b[2J contains a control character (U+001B)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := assignDB(t)
			if c.before != nil {
				if code, _, stderr := run(t, Assign, append([]string{"--db", path}, c.before...)...); code != 0 {
					t.Fatal(stderr)
				}
			}
			if c.more > 0 {
				addTexts(t, path, 10, c.more)
			}
			code, stdout, stderr := run(t, Assign, append([]string{"--db", path}, c.args...)...)
			if code != c.code || (c.stderr == "" && stderr != "") || !strings.Contains(stderr, c.stderr) {
				t.Fatalf("code %d, stderr %q; want %d, %q", code, stderr, c.code, c.stderr)
			}
			if c.code == 2 && !strings.Contains(stderr, "usage: hashiya assign") {
				t.Errorf("a usage error without the usage: %q", stderr)
			}
			for _, want := range c.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
		})
	}
}

// TestAssignNobodyKnown: with no annotator named and nobody with work,
// assign says whom to name, as a usage error.
func TestAssignNobodyKnown(t *testing.T) {
	path := workless(t)
	code, stdout, stderr := run(t, Assign, "--db", path, "--per-document", "1")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "Nobody has work in this database yet: name the annotators with --annotators a,b,c.") {
		t.Errorf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// workless is a database with one document and no work on it.
func workless(t *testing.T) string {
	t.Helper()
	path := t.TempDir() + "/nobody.db"
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im, err := db.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.AddDocument(annotate.Document{Text: "خبر بلا عمل."}); err != nil {
		t.Fatal(err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestStatsQueues: stats adds a table of queue progress once documents
// are assigned, and none before.
func TestStatsQueues(t *testing.T) {
	path := assignDB(t)
	_, before, _ := run(t, Stats, "--db", path)
	if strings.Contains(before, "queue of") {
		t.Errorf("stats shows queues before any assign:\n%s", before)
	}
	if code, _, stderr := run(t, Assign, "--db", path, "--per-document", "1", "--annotators", "a,b"); code != 0 {
		t.Fatal(stderr)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for id, st := range map[int64]annotate.Status{1: annotate.StatusDone, 3: annotate.StatusSkipped, 2: annotate.StatusDone} {
		if err := db.SetStatus(ctx, id, "a", st); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, stdout, stderr := run(t, Stats, "--db", path)
	if code != 0 {
		t.Fatal(stderr)
	}
	// a has 1, 3, 5 (2 is b's: a's status on it is outside the queue).
	for _, want := range []string{"queue of  assigned  done  skipped  left\n", "a         3         1     1        1\n", "b         2         0     0        2\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stats lacks %q:\n%s", want, stdout)
		}
	}
}
