package storage

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"hashiya/annotate"
	"hashiya/storage/storagetest"
)

// clock returns a deterministic clock: each call is one millisecond later.
func clock() func() time.Time {
	var n atomic.Int64
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return func() time.Time { return base.Add(time.Duration(n.Add(1)) * time.Millisecond) }
}

// openTemp opens a new database in a fresh temporary directory, or, when
// HASHIYA_TEST_POSTGRES names a PostgreSQL server, in a fresh schema
// there: every test written with openTemp is then a conformance test
// that `make test` runs on both backends.
func openTemp(t testing.TB) *DB {
	t.Helper()
	return openAt(t, storagetest.Name(t, "hashiya.db"))
}

// sqliteOnly skips a test of something only SQLite has (a file, its
// pragmas, its locks) when the suite runs on PostgreSQL.
func sqliteOnly(t testing.TB, what string) {
	t.Helper()
	if pgTestServer() != "" {
		t.Skip("SQLite only: " + what)
	}
}

// reopenName is the name to open a database under a second time: a file
// name cleaned (another spelling of the same file), a URL as it is.
func reopenName(name string) string {
	if IsPostgres(name) {
		return name
	}
	return filepath.Clean(name)
}

// pgTestServer is the postgres:// URL of a server where the tests may
// create and drop schemas (make test starts a throwaway one). It is read
// when a test runs, not when the package loads, so that go test's cache
// knows the result depends on it.
func pgTestServer() string { return storagetest.Server() }

func openAt(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	db.Now = clock()
	t.Cleanup(func() { db.Close() })
	return db
}

// sampleTexts mix Arabic, a non-BMP character and a combining mark, so
// that code point offsets differ from byte and UTF-16 offsets.
var sampleTexts = []string{
	"قال الرئيس إن الولايات المتحدة تدعم الاتفاق.\nوأضاف 😀 أن الحكومة ستوافق.",
	"The minister of Ghana met the UN envoy in Geneva.",
	"Ce\u0301line Dion visited Beyrouth; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text.",
}

// beginImport starts an import that is rolled back when the test ends,
// unless the test committed it.
func beginImport(t testing.TB, db *DB) *Import {
	t.Helper()
	im, err := db.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { im.Rollback() })
	return im
}

// addDocs imports texts and returns their IDs.
func addDocs(t testing.TB, db *DB, texts ...string) []int64 {
	t.Helper()
	im := beginImport(t, db)
	var ids []int64
	for i, text := range texts {
		id, dup, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(text), Source: "test"})
		if err != nil {
			t.Fatalf("AddDocument %d: %v", i, err)
		}
		if dup {
			t.Fatalf("AddDocument %d: unexpected duplicate", i)
		}
		ids = append(ids, id)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// wantCode fails unless err is an *annotate.Error with code.
func wantCode(t testing.TB, err error, code annotate.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want code %s", code)
	}
	if got := annotate.ErrorCode(err); got != code {
		t.Fatalf("got code %s (%v), want %s", got, err, code)
	}
}
