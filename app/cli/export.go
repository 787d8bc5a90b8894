package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"

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
		"Exports annotations, one line per document and annotator (stance and stance-csv:\none per stance; conll: one per token). spacy and hf are JSONL for spaCy and Hugging Face datasets.\nOffsets are code points, except for doccano, whose front end counts UTF-16 units:\nthere they are utf16 unless --offsets codepoint. Tokens are words cut at Arabic\nproclitics and at every span edge, so every span starts and ends on a token.", stdout, stderr)
	format := c.fs.String("format", string(dataset.Prodigy), "output `FORMAT`: "+oneOf(dataset.WriteFormats))
	offsets := c.fs.String("offsets", "", "`UNIT` of offsets in the output: codepoint|utf16 (default: utf16 for doccano, codepoint otherwise)")
	tokens := c.fs.String("tokens", string(dataset.Words), "token `RULE` of prodigy, spacy, hf and conll: words|whitespace (whitespace: split on white space only;\nspans off its token edges are listed on stderr, and spacy and hf refuse them)")
	annotator := c.fs.String("annotator", "", "export only the work of annotator `NAME` (default: everyone's)")
	doneOnly := c.fs.Bool("done-only", false, "export only documents marked done")
	out := c.fs.String("o", "", "write to `FILE` instead of stdout (- is stdout); a regular file, replaced only when the export succeeds and keeping its mode, or a new one")
	if code, done := c.parse(args); done {
		return code
	}
	f, err := dataset.ParseFormat(*format, dataset.WriteFormats)
	if err != nil {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	unit := f.DefaultOffsets()
	if *offsets != "" {
		if unit, err = dataset.ParseOffsets(*offsets); err != nil {
			return c.usageError("%s", annotate.ErrorMessage(err))
		}
	}
	rule, err := dataset.ParseTokens(*tokens)
	if err != nil {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	opts := dataset.EncodeOptions{Offsets: unit, Tokens: rule}
	if _, err := dataset.NewEncoderWith(f, dataset.EncodeOptions{Offsets: unit, Tokens: rule, Labels: []string{"X"}}); err != nil {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	if len(c.args) > 0 {
		return c.usageError("export takes no arguments; write to a file with -o FILE.")
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	if opts.Labels, err = entityLabels(ctx, db); err != nil {
		return c.fail(err)
	}
	// Evidence spans go only into the stance export, never into an NER one.
	filter := storage.ExportFilter{Annotator: *annotator, DoneOnly: *doneOnly, Evidence: f.IsStance()}
	var n exported
	if *out == "-" {
		*out = "" // -o - is standard output, as for most tools
	}
	if *out == "" {
		// stdout cannot be taken back: check everything first.
		if err := db.Export(ctx, filter, func(it storage.ExportItem) error { return dataset.Check(itemOf(it)) }); err != nil {
			return c.fail(err)
		}
		n, err = c.write(ctx, db, filter, stdout, f, opts)
	} else {
		n, err = c.writeFile(ctx, db, filter, *out, f, opts)
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprint(stderr, summary(n, f, unit, filter))
	return exitOK
}

// exported counts what an export wrote: documents, document-annotator
// pairs and, in a stance export, stances.
type exported struct{ docs, items, stances int }

// summary is the export's last line. An empty export is not a failure,
// but it says what may have left everything out, since an empty file
// looks like a bug.
func summary(n exported, f dataset.Format, unit dataset.Offsets, filter storage.ExportFilter) string {
	if n.items == 0 {
		what := "no document has been annotated yet"
		if f.IsStance() {
			what = "no stance has been recorded yet"
		}
		switch {
		case filter.Annotator != "" && filter.DoneOnly:
			what = fmt.Sprintf("annotator %q has marked no document done", filter.Annotator)
		case filter.Annotator != "":
			what = fmt.Sprintf("annotator %q has no work to export (hashiya stats lists the annotators)", filter.Annotator)
		case filter.DoneOnly:
			what = "no document is marked done (drop --done-only to export work in progress)"
		}
		return fmt.Sprintf("exported nothing: %s.\n", what)
	}
	if f.IsStance() {
		s := fmt.Sprintf("exported %s from %s as %s", plural(n.stances, "stance", "stances"), plural(n.docs, "document", "documents"), f)
		if f.HasOffsets() {
			s += fmt.Sprintf(", offsets in %s", unit)
		}
		return s + "\n"
	}
	return fmt.Sprintf("exported %s (%s) as %s, offsets in %s\n", plural(n.docs, "document", "documents"),
		plural(n.items, "document-annotator pair", "document-annotator pairs"), f, unit)
}

func itemOf(it storage.ExportItem) *dataset.Item {
	return &dataset.Item{Doc: it.Doc, Annotator: it.Annotator, Status: it.Status, Annotations: it.Annotations}
}

// write streams the export to w. Encoding (tokenizing, for Prodigy and
// CoNLL, is most of an export's work) runs on a worker per core; a single
// writer takes the results in database order, so the output is the same
// as a sequential export's. Queues are bounded, so memory stays flat.
func (c *command) write(ctx context.Context, db *storage.DB, filter storage.ExportFilter, w io.Writer, f dataset.Format, opts dataset.EncodeOptions) (exported, error) {
	var n exported
	enc0, err := dataset.NewEncoderWith(f, opts)
	if err != nil {
		return n, err
	}
	var bar *meter
	if total, err := db.DocumentCount(ctx); err == nil {
		bar = c.progress(ctx, int64(total), "exporting", false)
		defer bar.Finish()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type encoded struct {
		b     *[]byte
		err   error
		docID int64
		rows  int      // stance rows
		notes []string // spans without token indices, for stderr
	}
	type job struct {
		it  storage.ExportItem
		out chan encoded
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job, 2*workers)
	futures := make(chan chan encoded, 4*workers)
	// Encoded items travel in buffers the writer hands back, so that
	// they are reused rather than allocated for each item; at most one
	// per queued future and worker is out at a time.
	free := make(chan *[]byte, 5*workers+1)
	for range cap(free) {
		free <- new([]byte)
	}
	for range workers {
		go func() {
			enc, _ := dataset.NewEncoderWith(f, opts) // checked above
			for j := range jobs {
				buf := <-free
				var err error
				*buf, err = enc.AppendEncode((*buf)[:0], *itemOf(j.it))
				var notes []string
				if len(enc.Notes()) > 0 {
					notes = slices.Clone(enc.Notes())
				}
				j.out <- encoded{buf, err, j.it.Doc.ID, enc.Rows(), notes}
			}
		}()
	}
	written := make(chan error, 1)
	header := enc0.Header()
	go func() {
		bw := bufio.NewWriterSize(w, 1<<16)
		_, first := bw.Write(header)
		last, counted := int64(-1), false
		for fut := range futures {
			e := <-fut
			if first == nil && e.err == nil {
				_, e.err = bw.Write(*e.b)
			}
			// Read the buffer before it goes back to the workers.
			size, stances := len(*e.b), e.rows
			free <- e.b
			if first != nil {
				continue // drain, so that no worker is left blocked
			}
			if e.err != nil {
				first = e.err
				cancel()
				continue
			}
			for _, note := range e.notes {
				fmt.Fprintln(c.stderr, note) // never silently: the user asked for tokens that miss spans
			}
			if e.docID != last {
				last, counted = e.docID, false
				bar.Add(1)
			}
			if size == 0 {
				continue // a stance export writes nothing for work without stances
			}
			n.items++
			n.stances += stances
			if !counted {
				counted = true
				n.docs++
			}
		}
		if first == nil {
			first = bw.Flush()
		}
		written <- first
	}()
	err = db.Export(ctx, filter, func(it storage.ExportItem) error {
		out := make(chan encoded, 1)
		select {
		case futures <- out:
		case <-ctx.Done():
			return ctx.Err()
		}
		jobs <- job{it, out}
		return nil
	})
	close(jobs)
	close(futures)
	if werr := <-written; werr != nil {
		return n, writeErr(werr) // the cause; Export then only saw the cancellation
	}
	return n, writeErr(err)
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
func (c *command) writeFile(ctx context.Context, db *storage.DB, filter storage.ExportFilter, path string, f dataset.Format, opts dataset.EncodeOptions) (n exported, err error) {
	target, err := resolveOut(path)
	if err != nil {
		return n, err
	}
	path = target.path
	dir := filepath.Dir(path)
	tmp, err := createTemp(target)
	if err != nil {
		return n, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if n, err = c.write(ctx, db, filter, tmp, f, opts); err != nil {
		return n, err
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

// entityLabels are the schema's entity label names in order: the HF
// export numbers its BIO tags from them.
func entityLabels(ctx context.Context, db *storage.DB) ([]string, error) {
	schema, err := db.Schema(ctx)
	if err != nil {
		return nil, err
	}
	labels := make([]string, 0, len(schema.Entities))
	for _, l := range schema.Entities {
		labels = append(labels, l.Name)
	}
	return labels, nil
}
