// Package storagetest gives the tests of every package a fresh Hashiya
// database on the backend the suite runs on: a file in a temporary
// folder, or, when HASHIYA_TEST_POSTGRES names a PostgreSQL server
// (`make test` starts a throwaway one, see .ci/postgres), a fresh schema
// on that server. A test that takes its database from here is a
// conformance test of both backends.
package storagetest

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"hashiya/storage/internal/placeholder"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver
)

// Server is the postgres:// URL of the test server, or "" when the suite
// runs on SQLite only.
func Server() string { return os.Getenv("HASHIYA_TEST_POSTGRES") }

var schemas atomic.Int64

// Name returns where a test opens a new, empty database: file in a
// fresh temporary folder on SQLite, a URL of an empty schema (dropped
// when the test ends) on PostgreSQL.
func Name(t testing.TB, file string) string {
	t.Helper()
	server := Server()
	if server == "" {
		return filepath.Join(t.TempDir(), file)
	}
	name := fmt.Sprintf("hashiya_test_%d_%d", os.Getpid(), schemas.Add(1))
	exec(t, server, "DROP SCHEMA IF EXISTS "+name+" CASCADE; CREATE SCHEMA "+name)
	t.Cleanup(func() { exec(t, server, "DROP SCHEMA "+name+" CASCADE") })
	sep := "?"
	if strings.Contains(server, "?") {
		sep = "&"
	}
	return server + sep + "search_path=" + name
}

func exec(t testing.TB, server, query string) {
	t.Helper()
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(query); err != nil {
		t.Fatalf("%s on the test server: %v", query, err)
	}
}

// Exec runs query on the database at name behind storage's back, as
// damage or an older Hashiya would, with SQLite's ? placeholders on
// either backend.
func Exec(t testing.TB, name, query string, args ...any) {
	t.Helper()
	db, query := raw(t, name, query)
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// QueryRow is Exec for a query that returns one row, scanned into dest.
func QueryRow(t testing.TB, name, query string, args []any, dest ...any) {
	t.Helper()
	db, query := raw(t, name, query)
	defer db.Close()
	if err := db.QueryRow(query, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// raw opens the database at name with its backend's own driver, and
// gives query that backend's placeholders.
func raw(t testing.TB, name, query string) (*sql.DB, string) {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(name, "postgres://") || strings.HasPrefix(name, "postgresql://") {
		driver, query = "pgx", placeholder.Rebind(query)
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	return db, query
}
