package storage

import (
	"fmt"
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
		dir := filepath.Dir(p)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, &annotate.Error{Code: annotate.ECodeIO, Err: err,
				Message: fmt.Sprintf("Could not create the data folder %s; check its permissions.", dir)}
		}
		path = p
	}
	return Open(path)
}
