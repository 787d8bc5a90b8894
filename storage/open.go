package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"hashiya/annotate"
)

// applicationID marks a SQLite file as Hashiya's ("HSHY"); migration 0001
// sets it.
const applicationID = 0x48534859

// DB is a Hashiya database. Its methods are safe for concurrent use.
type DB struct {
	// Now is the clock used for every stored time; tests replace it.
	Now func() time.Time

	path    string
	key     string
	created bool
	// pg is set for a PostgreSQL database (pgx.go), where w and r are
	// one pool of connections.
	pg bool
	// w has a single connection: this process's writes queue in Go rather
	// than in SQLite's busy handler, and per-connection pragmas set on it
	// apply to every write.
	w *sql.DB
	// r serves reads; each read that spans several queries runs in one
	// read transaction, i.e. one WAL snapshot.
	r *sql.DB

	mu     sync.Mutex // guards schema and closed
	schema *annotate.Schema
	closed bool
}

// DefaultPath returns where Hashiya keeps its database unless told
// otherwise: $HASHIYA_DB when set, else hashiya/hashiya.db under the
// per-user data directory ($XDG_DATA_HOME or ~/.local/share on Linux and
// BSD, ~/Library/Application Support on macOS, %LocalAppData% on Windows).
// It creates nothing; the caller creates the directory before Open.
func DefaultPath() (string, error) {
	if p := os.Getenv("HASHIYA_DB"); p != "" {
		return p, nil
	}
	base, err := dataDir()
	if err != nil {
		return "", &annotate.Error{Code: annotate.ECodeIO,
			Message: "Could not find your data folder; set HASHIYA_DB to the database file to use.",
			Err:     fmt.Errorf("default path: %w", err)}
	}
	return filepath.Join(base, "hashiya", "hashiya.db"), nil
}

func dataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return os.UserConfigDir()
	case "darwin", "ios":
		return os.UserConfigDir()
	}
	// The XDG spec says relative paths are invalid and must be ignored.
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share"), nil
}

// Open opens the Hashiya database at path, creating it when the file does
// not exist (its directory must), brings its schema up to date and, for a
// new database, stores the default label schema. Anything that stops it
// (a missing folder, a file that is not a Hashiya database, a database
// from a newer Hashiya, a read-only or unreadable file) is an
// *annotate.Error with one sentence, and the file is left untouched.
//
// A postgres:// or postgresql:// URL opens that PostgreSQL database
// instead (see pgx.go); a password must not be written in it.
func Open(path string) (*DB, error) {
	if IsPostgres(path) {
		return openPostgres(path, false)
	}
	if keywordForm(path) {
		return nil, errKeywordForm
	}
	return openSQLite(path)
}

// release closes the pools and forgets the file; used by Close and by a
// failed Open. Only the first call does anything.
func (db *DB) release() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	db.closed = true
	var errs []error
	if db.r != nil && db.r != db.w {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	if !db.pg {
		openFiles.Lock()
		if openFiles.n[db.key]--; openFiles.n[db.key] <= 0 {
			delete(openFiles.n, db.key)
		}
		openFiles.Unlock()
	}
	return errors.Join(errs...)
}

// Close closes the database; closing it again does nothing. The last
// connection to the file to close checkpoints the write-ahead log into
// the main file.
func (db *DB) Close() error {
	if err := db.release(); err != nil {
		return readErr("close database", err)
	}
	return nil
}

// Path returns the file name, or the PostgreSQL address, the database was
// opened with.
func (db *DB) Path() string { return db.path }

// Created reports whether Open created a new, empty database (the caller
// may then seed it with sample documents).
func (db *DB) Created() bool { return db.created }

func checkVersion(path string, version int) error {
	if latest := len(migrations); version > latest {
		return &annotate.Error{Code: annotate.ECodeVersion,
			Message: fmt.Sprintf("%s was written by a newer Hashiya (database version %d, this Hashiya reads versions up to %d); update Hashiya to open it.", path, version, latest),
			Err:     fmt.Errorf("open %s: user_version %d > %d", path, version, latest)}
	}
	return nil
}

func notHashiya(path string, cause error) error {
	return &annotate.Error{Code: annotate.ECodeInvalid,
		Message: fmt.Sprintf("%s is not a Hashiya database.", path),
		Err:     fmt.Errorf("open %s: %w", path, cause)}
}

func openErr(path string, err error) error {
	return classify("Could not open "+path, "open "+path, err)
}
