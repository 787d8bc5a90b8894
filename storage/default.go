package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"hashiya/annotate"
)

// OpenNamed opens the database the user named (path, from --db), else
// $HASHIYA_DB, else the default one under the data folder, which it
// creates on first use (the window and an import both may come first). A
// folder the user named is never created: a typo should fail, not scatter
// files.
func OpenNamed(path string) (*DB, error) {
	if path == "" {
		path = os.Getenv("HASHIYA_DB")
	}
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		// Annotations can be sensitive (who said what about whom): the
		// folders Hashiya makes are the user's alone, as the XDG Base
		// Directory spec asks of data folders, and so is the database.
		dir := filepath.Dir(p)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, &annotate.Error{Code: annotate.ECodeIO, Err: err,
				Message: fmt.Sprintf("Could not create the data folder %s; check its permissions.", dir)}
		}
		db, err := Open(p)
		if err == nil && db.Created() {
			// SQLite makes files 0644 less the umask; its -wal and -shm
			// files follow the database's mode when they are made anew.
			for _, f := range []string{p, p + "-wal", p + "-shm"} {
				if cerr := os.Chmod(f, 0o600); cerr != nil && !errors.Is(cerr, fs.ErrNotExist) {
					db.Close()
					return nil, &annotate.Error{Code: annotate.ECodeIO, Err: cerr,
						Message: fmt.Sprintf("Could not make %s private; check its folder's permissions.", f)}
				}
			}
		}
		return db, err
	}
	return Open(path)
}

// OpenExisting is OpenNamed for commands that read or change a database
// but have no business making one (export, stats, check, delete, the
// window's File › Open): a mistyped path must fail with one sentence, not
// quietly become an empty database that then "exports nothing". A file
// of zero bytes counts as missing (SQLite would turn it into a database).
func OpenExisting(path string) (*DB, error) {
	if path == "" {
		p, err := DefaultPath() // $HASHIYA_DB, else the default file
		if err != nil {
			return nil, err
		}
		path = p
	}
	if IsPostgres(path) {
		return openPostgres(path, true)
	}
	if keywordForm(path) {
		return nil, errKeywordForm
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &annotate.Error{Code: annotate.ECodeNotFound, Err: err,
			Message: fmt.Sprintf("There is no database at %s; check the path (hashiya import or hashiya --db %s creates one).", path, path)}
	case err != nil:
		return nil, &annotate.Error{Code: annotate.ECodeIO, Err: err,
			Message: fmt.Sprintf("Cannot read %s: %v.", path, errors.Unwrap(err))}
	case fi.Mode().IsRegular() && fi.Size() == 0:
		return nil, annotate.Errorf(annotate.ECodeInvalid, "%s is an empty file, not a Hashiya database; check the path.", path)
	}
	return Open(path)
}
