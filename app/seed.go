package app

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"hashiya/annotate/dataset"
	"hashiya/storage"
)

// Seed imports every .txt file of fsys as a document, in one transaction,
// so a new database opens on something to annotate. The files go through
// the text importer, so they are frozen and checked as any import is.
func Seed(ctx context.Context, db *storage.DB, fsys fs.FS) error {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("seed: list corpus: %w", err)
	}

	im, err := db.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer im.Rollback()
	for _, name := range names { // WalkDir walks in lexical order
		if err := seedFile(fsys, name, im); err != nil {
			return err
		}
	}
	return im.Commit()
}

func seedFile(fsys fs.FS, name string, im *storage.Import) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	defer f.Close()
	rec, err := dataset.NewReader(f, "sample/"+path.Base(name), dataset.Text, dataset.Options{}).Next()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	_, _, err = im.AddChecked(rec.Checked)
	return err
}
