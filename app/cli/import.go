package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
)

// Import runs "hashiya import": it reads text files, folders of them, or
// Prodigy/doccano JSONL into the database in one transaction. Every
// invalid line is reported (file:line: reason) on stderr; unless
// --skip-invalid is given, one invalid line leaves the database
// unchanged. The summary "imported N, duplicates D, invalid I" goes to
// stdout. A duplicate's work (an export of one annotator's work on
// documents the database holds) is added to the stored document when
// the annotator has none there yet.
func Import(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("import", "[flags] PATH...",
		"Imports documents: .txt files (one document each), folders of them (read recursively),\nor JSONL in Prodigy or doccano format with their spans.", stdout, stderr)
	format := c.fs.String("format", string(dataset.Auto), "input `FORMAT`: "+oneOf(dataset.ReadFormats)+" (auto: from the extension and first line)")
	offsets := c.fs.String("offsets", string(dataset.Codepoint), "`UNIT` of span offsets in the input: codepoint|utf16 (utf16: doccano, Label Studio)")
	as := c.fs.String("as", "imported", "the annotator `NAME` imported spans and statuses belong to")
	skip := c.fs.Bool("skip-invalid", false, "import the valid lines even when some are invalid")
	stripFile := c.fs.String("strip-lines", "", "remove lines starting with one of the patterns in `FILE` (one per line) before importing")
	maxMB := c.fs.Int("max-text-mb", dataset.DefaultMaxTextBytes>>20, "refuse documents whose text is larger than `MB` megabytes")
	if code, done := c.parse(args); done {
		return code
	}
	f, err := dataset.ParseFormat(*format, dataset.ReadFormats)
	if err != nil {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	unit, err := dataset.ParseOffsets(*offsets)
	if err != nil {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	if len(c.args) == 0 {
		return c.usageError("Name at least one file or folder to import.")
	}
	if strings.TrimSpace(*as) == "" {
		return c.usageError("--as needs an annotator name.")
	}
	if err := annotate.ValidateAnnotator(*as); err != nil {
		return c.usageError("--as: %s", annotate.ErrorMessage(err))
	}
	if *maxMB <= 0 {
		return c.usageError("--max-text-mb must be a positive number of megabytes.")
	}
	// Parsing and normalising run on every core while this goroutine
	// stores; records still arrive in file order.
	opts := dataset.Options{Offsets: unit, MaxTextBytes: *maxMB << 20, Workers: runtime.GOMAXPROCS(0)}
	if *stripFile != "" {
		if opts.StripPatterns, err = readPatterns(*stripFile); err != nil {
			return c.fail(err)
		}
	}
	files, err := dataset.Files(c.args, f)
	if err != nil {
		return c.fail(err)
	}
	if len(files) == 0 {
		return c.fail(annotate.Errorf(annotate.ECodeNotFound, "There is nothing to import in %s: no .txt or .jsonl files.", strings.Join(c.args, ", ")))
	}

	db, err := c.openOrCreate()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	schema, err := db.Schema(ctx)
	if err != nil {
		return c.fail(err)
	}
	opts.Schema = &schema
	run := importRun{c: c, files: files, format: f, opts: opts, annotator: *as, skipInvalid: *skip}
	n, err := run.run(ctx, db)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stdout, "imported %d, duplicates %d, invalid %d\n", n.imported, n.duplicates, n.invalid)
	if n.joined > 0 {
		fmt.Fprintln(stdout, annotate.Printable(fmt.Sprintf("%s's work on %s already in the database was added to them.", *as, plural(n.joined, "document", "documents"))))
	}
	return exitOK
}

// counts are an import's summary. joined are duplicates whose work was
// added to the document already stored.
type counts struct{ imported, duplicates, invalid, joined int }

// importRun is one import in progress.
type importRun struct {
	c           *command
	files       []string
	format      dataset.Format
	opts        dataset.Options
	annotator   string
	skipInvalid bool
	n           counts
	badFiles    int // invalid text files, as opposed to lines
	// onLineError, if set, takes each invalid input instead of stderr.
	onLineError func(*dataset.LineError)
}

// run imports every file in one transaction, committed only when nothing
// is invalid or invalid lines may be skipped.
func (r *importRun) run(ctx context.Context, db *storage.DB) (counts, error) {
	var total int64
	for _, f := range r.files {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	bar := r.c.progress(ctx, total, "importing", true)
	var counter io.Writer // a nil *meter must not become a non-nil Writer
	if bar != nil {
		counter = bar
	}
	im, err := db.BeginImport(ctx)
	if err != nil {
		return r.n, err
	}
	defer im.Rollback()
	for _, name := range r.files {
		if err := r.file(ctx, im, name, counter); err != nil {
			return r.n, err
		}
	}
	bar.Finish()
	if r.n.invalid > 0 && !r.skipInvalid {
		what := plural(r.n.invalid, "input is", "inputs are")
		switch r.badFiles {
		case 0:
			what = plural(r.n.invalid, "line is", "lines are")
		case r.n.invalid:
			what = plural(r.n.invalid, "file is", "files are")
		}
		return r.n, annotate.Errorf(annotate.ECodeInvalid, "Nothing was imported: %s invalid (listed above); fix them, or pass --skip-invalid to import the valid ones.", what)
	}
	if err := im.Commit(); err != nil {
		return r.n, err
	}
	return r.n, nil
}

func (r *importRun) file(ctx context.Context, im *storage.Import, name string, bar io.Writer) error {
	f, err := os.Open(name)
	if err != nil {
		return &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot read %s: %v.", name, errors.Unwrap(err)), Err: err}
	}
	defer f.Close()
	var in io.Reader = f
	if bar != nil {
		in = io.TeeReader(f, bar)
	}
	rd := dataset.NewReader(in, name, r.format, r.opts)
	defer rd.Close()
	for {
		if err := checkCtx(ctx); err != nil {
			return err
		}
		rec, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		var le *dataset.LineError
		if errors.As(err, &le) {
			r.n.invalid++
			if rd.Format() == dataset.Text || le.Line == 0 { // a whole file, such as UTF-16 JSONL
				r.badFiles++
			}
			if r.onLineError != nil {
				r.onLineError(le)
			} else {
				fmt.Fprintln(r.c.stderr, annotate.Printable(le.Error()))
			}
			continue
		}
		var ae *annotate.Error
		if errors.As(err, &ae) {
			return err // the reader's own sentence, naming the place
		}
		if err != nil {
			return &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot read %s: %v.", name, errors.Unwrap(err)), Err: err}
		}
		if r.n.invalid > 0 && !r.skipInvalid {
			continue // it will all be rolled back: only look for more invalid lines
		}
		if err := r.store(im, &rec); err != nil {
			return err
		}
	}
}

// store adds one record. Records have been checked against the schema
// already, so storage refusing one means the import cannot be trusted:
// it stops, and the transaction is rolled back.
func (r *importRun) store(im *storage.Import, rec *dataset.Record) error {
	where := rec.File
	if rec.Line > 0 {
		where = fmt.Sprintf("%s:%d", rec.File, rec.Line)
	}
	wrap := func(err error) error {
		return &annotate.Error{Code: annotate.ErrorCode(err), Message: fmt.Sprintf("%s: %s Nothing was imported.", where, annotate.ErrorMessage(err)), Err: err}
	}
	id, dup, err := im.AddChecked(rec.Checked)
	if err != nil {
		return wrap(err)
	}
	if dup {
		r.n.duplicates++
		// An export of one annotator's work holds the documents the team
		// shares: their work joins the document already here, as merge
		// brings it, unless they have work on it already (an import run
		// again, say), which is left as it is.
		if !hasWork(rec) {
			return nil
		}
		has, err := im.HasWork(id, r.annotator)
		if err != nil {
			return wrap(err)
		}
		if has {
			return nil
		}
		r.n.joined++
	}
	spanIDs := make([]int64, len(rec.Spans))
	for i, s := range rec.Spans {
		s.DocumentID, s.Annotator = id, r.annotator
		if spanIDs[i], err = im.AddSpan(s); err != nil {
			return wrap(err)
		}
	}
	if len(rec.Targets) > 0 || len(rec.Stances) > 0 {
		if err := r.storeStances(im, rec, id, spanIDs); err != nil {
			return wrap(err)
		}
	}
	if rec.Status != "" {
		if err := im.SetStatus(id, r.annotator, rec.Status); err != nil {
			return wrap(err)
		}
	}
	if !dup {
		r.n.imported++
	}
	return nil
}

// hasWork reports whether a record carries an annotator's work.
func hasWork(rec *dataset.Record) bool {
	return len(rec.Spans)+len(rec.Targets)+len(rec.Stances) > 0 || rec.Status != "" && rec.Status != annotate.StatusTodo
}

// stanceImporter is what an Import needs to take targets and stances in
// the same transaction as their document.
type stanceImporter interface {
	AddTarget(t annotate.Target) (int64, error)
	AddStance(st annotate.Stance) (int64, error)
}

func (r *importRun) storeStances(im *storage.Import, rec *dataset.Record, docID int64, spanIDs []int64) error {
	si, ok := any(im).(stanceImporter)
	if !ok {
		return annotate.Errorf(annotate.ECodeInvalid, "The task has targets and stances, which this version of Hashiya cannot import yet; remove \"targets\" and \"stances\" to import its text and spans.")
	}
	targetIDs := make([]int64, len(rec.Targets))
	for i, t := range rec.Targets {
		mentions := make([]int64, len(t.Mentions))
		for j, m := range t.Mentions {
			mentions[j] = spanIDs[m]
		}
		id, err := si.AddTarget(annotate.Target{DocumentID: docID, Name: t.Name, Topic: t.Topic, Mentions: mentions, Annotator: r.annotator})
		if err != nil {
			return err
		}
		targetIDs[i] = id
	}
	for _, s := range rec.Stances {
		holder := annotate.AuthorHolder
		if s.Holder >= 0 {
			holder = targetIDs[s.Holder]
		}
		evidence := make([]int64, len(s.Evidence))
		for j, e := range s.Evidence {
			evidence[j] = spanIDs[e]
		}
		if _, err := si.AddStance(annotate.Stance{DocumentID: docID, TargetID: targetIDs[s.Target], Holder: holder, Label: s.Label, Evidence: evidence, Note: s.Note, Annotator: r.annotator}); err != nil {
			return err
		}
	}
	return nil
}

// readPatterns reads a --strip-lines file: one pattern per line, blank
// lines ignored.
func readPatterns(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot read the --strip-lines file %s: %v.", path, errors.Unwrap(err)), Err: err}
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			out = append(out, p)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot read the --strip-lines file %s: %v.", path, err), Err: err}
	}
	if len(out) == 0 {
		return nil, annotate.Errorf(annotate.ECodeEmpty, "The --strip-lines file %s has no patterns in it.", path)
	}
	return out, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
