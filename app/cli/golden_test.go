package cli

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"hashiya/storage/storagetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestReportGolden pins what stats and check print, byte for byte, so
// that moving their work into the use cases (DatabaseStats,
// CheckDatabase) cannot change a script's input.
func TestReportGolden(t *testing.T) {
	stances := `{"text":"Angela Merkel spoke. Merkel supports the plan.","spans":[{"start":0,"end":13,"label":"PER"},{"start":21,"end":27,"label":"PER"}],` +
		`"targets":[{"name":"the plan","topic":true,"mentions":[]},{"name":"Angela Merkel","topic":false,"mentions":[0,1]}],` +
		`"stances":[{"target":0,"holder":1,"label":"FAVOR","evidence":[1],"note":"supports"},{"target":1,"holder":null,"label":"NEUTRAL","evidence":[],"note":""}]}` + "\n"
	corpus := func(t *testing.T, db string) {
		mustImport(t, db, "testdata/corpus.jsonl")
		mustImport(t, db, write(t, t.TempDir(), "stances.jsonl", stances))
	}
	damaged := func(t *testing.T, db string) {
		corpus(t, db)
		corrupt(t, db)
		sqlExec(t, db, `UPDATE documents SET input_hash = 'x' WHERE id = (SELECT min(id) FROM documents)`)
		sqlExec(t, db, `UPDATE spans SET "end" = 100000 WHERE id = (SELECT max(id) FROM spans)`)
	}
	tests := []struct {
		name  string
		cmd   cmdFunc
		setup func(t *testing.T, db string)
		code  int
	}{
		{"stats-empty", Stats, nil, 0},
		{"stats-corpus", Stats, corpus, 0},
		{"check-empty", Check, nil, 0},
		{"check-corpus", Check, corpus, 0},
		{"check-damaged", Check, damaged, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := emptyDB(t)
			if tc.setup != nil {
				tc.setup(t, db)
			}
			code, stdout, stderr := run(t, tc.cmd, "--db", db)
			if code != tc.code {
				t.Errorf("code %d, want %d; stderr %q", code, tc.code, stderr)
			}
			golden(t, tc.name+".stdout", stdout)
			golden(t, tc.name+".stderr", stderr)
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// sqlExec changes the database behind storage's back, as damage would.
func sqlExec(t *testing.T, path, query string) {
	t.Helper()
	storagetest.Exec(t, path, query)
}
