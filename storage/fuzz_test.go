package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"hashiya/annotate"
)

// foreignFiles are contents of files that are not Hashiya databases; they
// seed FuzzOpen (TestOpenRefuses covers the same kinds of file with exact
// sentences).
var foreignFiles = [][]byte{
	[]byte("ملاحظات\nnot a database at all\n"),
	[]byte("SQLite format 3\x00"),
	append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 200)...),
	bytes.Repeat([]byte{0}, 4096),
	[]byte("{\"text\": \"a JSONL file\"}\n"),
}

// FuzzOpen opens arbitrary bytes as a database: Open must not panic, and
// when it refuses the file it says so in one *annotate.Error sentence and
// leaves the file exactly as it was.
func FuzzOpen(f *testing.F) {
	for _, b := range foreignFiles {
		f.Add(b)
	}
	// A real Hashiya database, and one from a newer Hashiya, so that the
	// fuzzer also mutates files that pass the header check.
	path := filepath.Join(f.TempDir(), "seed.db")
	db, err := Open(path)
	if err != nil {
		f.Fatal(err)
	}
	db.Close()
	real, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(real)
	newer := bytes.Clone(real)
	newer[63] = 9 // user_version, big-endian at offset 60
	f.Add(newer)
	f.Fuzz(func(t *testing.T, content []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "fuzz.db")
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := Open(path)
		if err == nil {
			// Only an empty file, or one SQLite and Hashiya accept, opens.
			db.Close()
			return
		}
		var ae *annotate.Error
		if !asAnnotate(err, &ae) {
			t.Fatalf("Open error is not an *annotate.Error: %v", err)
		}
		if len(content) > 0 && (len(content) < 100 || !bytes.HasPrefix(content, sqliteHeader)) {
			if ae.Code != annotate.ECodeInvalid {
				t.Errorf("code %s for a non-SQLite file: %v", ae.Code, err)
			}
		}
		after, rerr := os.ReadFile(path)
		if rerr != nil {
			t.Fatal(rerr)
		}
		if !bytes.Equal(after, content) {
			t.Errorf("a refused file changed (%v)", err)
		}
	})
}

func asAnnotate(err error, target **annotate.Error) bool {
	e, ok := err.(*annotate.Error)
	if ok {
		*target = e
	}
	return ok
}
