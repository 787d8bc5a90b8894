package app

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"hashiya/annotate"
	"hashiya/storage"
)

// Seed imports every .txt file of fsys as a document, in one transaction,
// so a new database opens on something to annotate.
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
	sort.Strings(names)

	im, err := db.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer im.Rollback()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("seed: read %s: %w", name, err)
		}
		text := annotate.FreezeText(string(b))
		doc := annotate.Document{Text: text, InputHash: annotate.HashText(text), Source: "sample/" + path.Base(name)}
		if _, _, err := im.AddDocument(doc); err != nil {
			return err
		}
	}
	return im.Commit()
}
