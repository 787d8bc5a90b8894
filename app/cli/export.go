package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
)

// Export runs "hashiya export": it streams the annotations out in one
// format, one document and annotator at a time, so memory stays flat. Each
// span is checked against its document before anything is written: with
// -o the file is written beside its target and renamed into place only
// when complete; to stdout a checking pass runs before the writing one.
// The summary goes to stderr, since stdout may be the data.
func Export(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("export", "[flags]",
		"Exports annotations, one line per document and annotator (stance: one per stance;\nconll: one per token). Offsets are code points unless --offsets utf16.", stdout, stderr)
	format := c.fs.String("format", string(dataset.Prodigy), "output format: "+oneOf(dataset.WriteFormats))
	offsets := c.fs.String("offsets", string(dataset.Codepoint), "unit of offsets in the output: codepoint|utf16 (utf16 for JavaScript tools)")
	annotator := c.fs.String("annotator", "", "export only this annotator's work (default: everyone's)")
	doneOnly := c.fs.Bool("done-only", false, "export only documents marked done")
	out := c.fs.String("o", "", "write to `FILE` instead of stdout (replaced only when the export succeeds)")
	if code, done := c.parse(args); done {
		return code
	}
	f, err := dataset.ParseFormat(*format, dataset.WriteFormats)
	if err != nil {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	unit, err := dataset.ParseOffsets(*offsets)
	if err != nil {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	if c.fs.NArg() > 0 {
		return c.usageError("export takes no arguments; write to a file with -o FILE.")
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	filter := storage.ExportFilter{Annotator: *annotator, DoneOnly: *doneOnly}
	var n exported
	if *out == "" {
		// stdout cannot be taken back: check everything first.
		if err := db.Export(ctx, filter, func(it storage.ExportItem) error { return dataset.Check(itemOf(it)) }); err != nil {
			return c.fail(err)
		}
		n, err = c.write(ctx, db, filter, stdout, f, unit)
	} else {
		n, err = c.writeFile(ctx, db, filter, *out, f, unit)
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stderr, "exported %d documents (%d document-annotator pairs) as %s, offsets in %s\n", n.docs, n.items, f, unit)
	return exitOK
}

type exported struct{ docs, items int }

func itemOf(it storage.ExportItem) *dataset.Item {
	return &dataset.Item{Doc: it.Doc, Annotator: it.Annotator, Status: it.Status, Annotations: it.Annotations}
}

// write streams the export to w.
func (c *command) write(ctx context.Context, db *storage.DB, filter storage.ExportFilter, w io.Writer, f dataset.Format, unit dataset.Offsets) (exported, error) {
	var n exported
	dw, err := dataset.NewWriter(w, f, unit)
	if err != nil {
		return n, err
	}
	var bar interface{ Add(int) error }
	if total, err := db.DocumentCount(ctx); err == nil {
		if b := c.progress(int64(total), "exporting", false); b != nil {
			bar = b
			defer b.Finish()
		}
	}
	last := int64(-1)
	err = db.Export(ctx, filter, func(it storage.ExportItem) error {
		if err := dataset.Check(itemOf(it)); err != nil {
			return err
		}
		if err := dw.Write(*itemOf(it)); err != nil {
			return err
		}
		n.items++
		if it.Doc.ID != last {
			last = it.Doc.ID
			n.docs++
			if bar != nil {
				bar.Add(1)
			}
		}
		return nil
	})
	if err != nil {
		return n, writeErr(err)
	}
	return n, writeErr(dw.Flush())
}

// writeErr gives a failing output (a full disk, a closed pipe) a sentence.
func writeErr(err error) error {
	if err == nil {
		return nil
	}
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return err
	}
	return &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Could not write the export: %v.", err), Err: err}
}

// writeFile writes the export to a temporary file beside path, syncs it
// and renames it over path, so that path holds either its old content or
// the complete export, never half of one.
func (c *command) writeFile(ctx context.Context, db *storage.DB, filter storage.ExportFilter, path string, f dataset.Format, unit dataset.Offsets) (n exported, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return n, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot write in %s: %v.", dir, errors.Unwrap(err)), Err: err}
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if n, err = c.write(ctx, db, filter, tmp, f, unit); err != nil {
		return n, err
	}
	// CreateTemp makes the file private; an export is an ordinary file.
	if err = tmp.Chmod(0o644); err != nil {
		return n, writeErr(err)
	}
	if err = tmp.Sync(); err != nil {
		return n, writeErr(err)
	}
	if err = tmp.Close(); err != nil {
		return n, writeErr(err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return n, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot replace %s: %v.", path, errors.Unwrap(err)), Err: err}
	}
	// The rename is durable only once the directory is synced.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return n, nil
}
