package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"hashiya/annotate"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// applicationID marks a SQLite file as Hashiya's ("HSHY"); migration 0001
// sets it.
const applicationID = 0x48534859

// busyTimeout is how long a writer waits for another process's write to
// finish before giving up (milliseconds).
const busyTimeout = 10000

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

// openFiles counts the databases this process has open, by resolved
// path. Closing any descriptor of a file drops every POSIX lock the
// process holds on it, so the pre-open checks below, which use plain
// os.Open, must not run on a file SQLite already has open here.
var openFiles = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

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
		return openPostgres(path, true)
	}
	ctx := context.Background()
	key := resolve(path)
	openFiles.Lock()
	already := openFiles.n[key] > 0
	openFiles.n[key]++
	openFiles.Unlock()
	db := &DB{Now: time.Now, path: path, key: key}
	ok := false
	defer func() {
		if !ok {
			db.release()
		}
	}()

	created := false
	if !already {
		var err error
		if created, err = probe(ctx, path); err != nil {
			return nil, err
		}
	}
	base := "file:" + escapePath(path) + fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout)
	if created {
		if err := setPageSize(ctx, base); err != nil {
			return nil, openErr(path, err)
		}
	}
	w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return nil, openErr(path, err)
	}
	w.SetMaxOpenConns(1)
	db.w = w
	r, err := sql.Open("sqlite", base+"&_pragma=foreign_keys(1)&_pragma=query_only(1)")
	if err != nil {
		return nil, openErr(path, err)
	}
	r.SetMaxOpenConns(4)
	db.r = r
	if err := w.PingContext(ctx); err != nil {
		return nil, openErr(path, err)
	}
	fresh, err := db.migrate(ctx)
	if err != nil {
		return nil, err
	}
	db.created = created || fresh
	if _, err := db.Schema(ctx); err != nil {
		return nil, err
	}
	ok = true
	return db, nil
}

// pageSize is the page size of the databases Hashiya creates. A news
// article is about 3 KB of UTF-8 (Arabic letters take two bytes), so with
// SQLite's default 4 KB pages each text fills most of a page of its own
// and an import writes, logs and checkpoints one page per document; with
// 16 KB pages five texts share one, and an import of 20,000 articles runs
// about half again as fast (BenchmarkImport in app/cli). Edits write a few
// pages each either way.
const pageSize = 16384

// setPageSize gives a new, empty database its page size. SQLite fixes the
// page size when the first table is created, and in WAL mode cannot
// change it afterwards; modernc applies DSN pragmas in alphabetical order
// (journal_mode before page_size), so this runs on its own connection
// before the pools open. On a database that has pages already it does
// nothing.
func setPageSize(ctx context.Context, base string) error {
	c, err := sql.Open("sqlite", base)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize))
	return err
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

// Path returns the file name the database was opened with.
func (db *DB) Path() string { return db.path }

// Created reports whether Open created a new, empty database (the caller
// may then seed it with sample documents).
func (db *DB) Created() bool { return db.created }

// resolve names the file the same way whether or not it exists yet: the
// directory's real path (symbolic links resolved) and the base name.
func resolve(path string) string {
	p, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if q, err := filepath.EvalSymlinks(p); err == nil {
		return q
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(dir, filepath.Base(p))
	}
	return p
}

// escapePath makes a file name safe inside a "file:" URI, where '?' and
// '#' end the path and '%' starts an escape.
func escapePath(p string) string {
	p = filepath.ToSlash(p)
	if runtime.GOOS == "windows" && filepath.VolumeName(p) != "" {
		p = "/" + p
	}
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// probe checks, without writing anything, that path can become or already
// is a Hashiya database this program understands. It reports whether the
// database is new (no file, an empty file, or a SQLite file with no
// tables and no application ID).
func probe(ctx context.Context, path string) (bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		dir := filepath.Dir(path)
		di, derr := os.Stat(dir)
		switch {
		case errors.Is(derr, fs.ErrNotExist):
			return false, &annotate.Error{Code: annotate.ECodeIO,
				Message: fmt.Sprintf("The folder %s does not exist; create it or choose another place for the database.", dir),
				Err:     fmt.Errorf("open %s: %w", path, derr)}
		case derr != nil:
			return false, ioErr(path, "open", derr)
		case !di.IsDir():
			return false, &annotate.Error{Code: annotate.ECodeIO,
				Message: fmt.Sprintf("%s is a file, not a folder; choose another place for the database.", dir),
				Err:     fmt.Errorf("open %s: parent is not a directory", path)}
		}
		if !dirWritable(dir) {
			return false, readOnlyDir(path, dir)
		}
		return true, nil
	}
	if err != nil {
		return false, ioErr(path, "stat", err)
	}
	if fi.IsDir() {
		return false, &annotate.Error{Code: annotate.ECodeIO,
			Message: fmt.Sprintf("%s is a folder; choose a database file instead.", path),
			Err:     fmt.Errorf("open %s: is a directory", path)}
	}
	f, err := os.Open(path)
	if err != nil {
		return false, ioErr(path, "open", err)
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	f.Close()
	if n == 0 && (err == io.EOF || err == nil) {
		// SQLite treats an empty file as an empty database.
		return true, checkWritable(path)
	}
	if n < len(head) || !bytes.HasPrefix(head, sqliteHeader) {
		return false, notHashiya(path, err)
	}
	if err := checkWritable(path); err != nil {
		return false, err
	}
	if dir := filepath.Dir(path); !dirWritable(dir) {
		return false, readOnlyDir(path, dir)
	}
	// With no write-ahead log the header is the whole truth, and reading
	// it creates nothing; with one, only SQLite can read the database
	// correctly, and the -wal and -shm files exist already anyway.
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return probeSQLite(ctx, path)
	}
	return probeHeader(path, head)
}

// probeHeader reads the 100-byte database header: user_version at offset
// 60, application_id at 68, the size in pages at 28 (big-endian).
func probeHeader(path string, head []byte) (bool, error) {
	version := int(binary.BigEndian.Uint32(head[60:]))
	app := int(binary.BigEndian.Uint32(head[68:]))
	pages := binary.BigEndian.Uint32(head[28:])
	// A database SQLite created but nobody wrote to has one empty page.
	empty := app == 0 && pages <= 1
	if app != applicationID && !empty {
		return false, notHashiya(path, fmt.Errorf("application_id %#x, %d pages", app, pages))
	}
	if err := checkVersion(path, version); err != nil {
		return false, err
	}
	return empty, nil
}

// checkWritable fails when the process may not write path. Opening for
// writing and closing changes neither the content nor the times.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) || isReadOnlyFS(err) {
			return &annotate.Error{Code: annotate.ECodeIO,
				Message: fmt.Sprintf("%s is read-only; give yourself write permission on it, or copy it somewhere you can write, and open it again.", path),
				Err:     fmt.Errorf("open %s for writing: %w", path, err)}
		}
		return ioErr(path, "open", err)
	}
	return f.Close()
}

// probeSQLite looks inside a SQLite file through a read-only connection,
// which reads the write-ahead log too, so a newer version recorded only
// in the log is seen.
func probeSQLite(ctx context.Context, path string) (bool, error) {
	c, err := sql.Open("sqlite", "file:"+escapePath(path)+fmt.Sprintf("?mode=ro&_pragma=busy_timeout(%d)", busyTimeout))
	if err != nil {
		return false, openErr(path, err)
	}
	defer c.Close()
	var app, version, tables int
	err = c.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&app, &version, &tables)
	if err != nil {
		var sc sqliteCoder
		if errors.As(err, &sc) && (sc.Code()&0xff == sqlite3.SQLITE_NOTADB || sc.Code()&0xff == sqlite3.SQLITE_CORRUPT) {
			return false, notHashiya(path, err)
		}
		return false, openErr(path, err)
	}
	if app != applicationID && (app != 0 || tables > 0) {
		return false, notHashiya(path, fmt.Errorf("application_id %d, %d schema objects", app, tables))
	}
	if err := checkVersion(path, version); err != nil {
		return false, err
	}
	return tables == 0, nil
}

func checkVersion(path string, version int) error {
	if latest := len(migrations); version > latest {
		return &annotate.Error{Code: annotate.ECodeVersion,
			Message: fmt.Sprintf("%s was written by a newer Hashiya (database version %d, this Hashiya reads versions up to %d); update Hashiya to open it.", path, version, latest),
			Err:     fmt.Errorf("open %s: user_version %d > %d", path, version, latest)}
	}
	return nil
}

func readOnlyDir(path, dir string) error {
	return &annotate.Error{Code: annotate.ECodeIO,
		Message: fmt.Sprintf("Hashiya may not create files in %s, which it needs next to the database; give yourself write permission on the folder or move the database elsewhere.", dir),
		Err:     fmt.Errorf("open %s: directory %s not writable", path, dir)}
}

func notHashiya(path string, cause error) error {
	return &annotate.Error{Code: annotate.ECodeInvalid,
		Message: fmt.Sprintf("%s is not a Hashiya database.", path),
		Err:     fmt.Errorf("open %s: %w", path, cause)}
}

func ioErr(path, op string, err error) error {
	msg := fmt.Sprintf("Could not open %s (%s); check the file and its folder and try again.", path, reason(err))
	if errors.Is(err, fs.ErrPermission) {
		msg = fmt.Sprintf("Hashiya may not read %s; give yourself read and write permission on it and try again.", path)
	}
	return &annotate.Error{Code: annotate.ECodeIO, Message: msg, Err: fmt.Errorf("%s %s: %w", op, path, err)}
}

// reason is the OS's own short explanation, without the repeated path.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func openErr(path string, err error) error {
	e := classify("Could not open "+path, "open "+path, err)
	return e
}
