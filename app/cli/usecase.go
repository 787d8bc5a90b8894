package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
)

// The use cases the window shares with the commands: import, export,
// stats, check, copy (CopyDatabase, in copy.go) and seeding on a
// database that is already open, with typed results instead of
// sentences on stdout and stderr, and progress through a ProgressFunc. Import and export run the commands' own
// engines (importRun, command.writeFile); stats and check are what the
// commands call before printing (writeStats, writeCheck); so both front
// ends accept the same inputs and find the same things.

// ImportRequest is what to import and how.
type ImportRequest struct {
	// Paths are files or folders (read recursively).
	Paths []string
	// Format is how to read them; Auto decides per file.
	Format  dataset.Format
	Offsets dataset.Offsets
	// Annotator owns the imported spans and statuses ("imported" if empty).
	Annotator string
	// SkipInvalid imports the valid lines even when some are invalid;
	// otherwise one invalid line leaves the database unchanged.
	SkipInvalid bool
	// Replace lets a line replace Annotator's other annotations on a
	// document stored already; otherwise such a line stops the import.
	Replace bool
	// Undoer, if set, gets the whole import as one step on their undo
	// stack (the window's annotator): undo removes what it added.
	Undoer string
	// StripPatterns remove matching lines (see annotate.StripLines).
	StripPatterns []string
	// Progress, if set, is told how many bytes of how many are read.
	Progress ProgressFunc
}

// LineProblem is one invalid input: its file, its line (0 for a whole
// file) and the sentence saying what is wrong.
type LineProblem struct {
	File    string
	Line    int
	Message string
}

func (p LineProblem) String() string {
	return (&dataset.LineError{File: p.File, Line: p.Line, Err: annotate.Errorf(annotate.ECodeInvalid, "%s", p.Message)}).Error()
}

// ImportResult counts what an import did: new documents, documents
// stored already that it changed nothing on (Duplicates) and those it
// added annotations to (Annotated); Problems lists every invalid input,
// in file order.
type ImportResult struct {
	Imported, Duplicates, Invalid, Annotated int
	Problems                                 []LineProblem
}

// ImportFiles imports req.Paths into db in one transaction. On an error
// nothing is imported and the result still lists the problems found.
func ImportFiles(ctx context.Context, db *storage.DB, req ImportRequest) (ImportResult, error) {
	var res ImportResult
	f := req.Format
	if f == "" {
		f = dataset.Auto
	}
	if _, err := dataset.ParseFormat(string(f), dataset.ReadFormats); err != nil {
		return res, err
	}
	unit := req.Offsets
	if unit == "" {
		unit = dataset.Codepoint
	}
	as := strings.TrimSpace(req.Annotator)
	if as == "" {
		as = "imported"
	}
	files, err := dataset.Files(req.Paths, f)
	if err != nil {
		return res, err
	}
	if len(files) == 0 {
		return res, annotate.Errorf(annotate.ECodeNotFound, "There is nothing to import in %s: no .txt or .jsonl files.", strings.Join(req.Paths, ", "))
	}
	schema, err := db.Schema(ctx)
	if err != nil {
		return res, err
	}
	opts := dataset.Options{Offsets: unit, MaxTextBytes: dataset.DefaultMaxTextBytes, Workers: runtime.GOMAXPROCS(0), StripPatterns: req.StripPatterns, Schema: &schema}
	if req.Progress != nil {
		ctx = WithProgress(ctx, req.Progress)
	}
	c := &command{name: "import", stdout: io.Discard, stderr: io.Discard}
	run := importRun{c: c, files: files, format: f, opts: opts, annotator: as, skipInvalid: req.SkipInvalid, replace: req.Replace, undoer: strings.TrimSpace(req.Undoer),
		onLineError: func(le *dataset.LineError) {
			res.Problems = append(res.Problems, LineProblem{File: le.File, Line: le.Line, Message: annotate.ErrorMessage(le.Err)})
		}}
	n, err := run.run(ctx, db)
	res.Imported, res.Duplicates, res.Invalid, res.Annotated = n.imported, n.duplicates, n.invalid, n.annotated
	if err != nil {
		res.Imported, res.Duplicates, res.Annotated = 0, 0, 0 // rolled back
	}
	return res, err
}

// ExportRequest is what to export and where.
type ExportRequest struct {
	// Path is the file to write; it is replaced only when the export is
	// complete.
	Path    string
	Format  dataset.Format
	Offsets dataset.Offsets
	// Annotator limits the export to one annotator's work ("" for all).
	Annotator string
	// DoneOnly limits it to documents marked done.
	DoneOnly bool
	// Progress, if set, is told how many documents of how many are done.
	Progress ProgressFunc
}

// ExportResult counts what an export wrote: documents, document-annotator
// pairs (the lines of every format but stance and CoNLL) and, for a
// stance export, stances.
type ExportResult struct {
	Documents, Items, Stances int
}

// ExportFile writes the export req asks for.
func ExportFile(ctx context.Context, db *storage.DB, req ExportRequest) (ExportResult, error) {
	f, err := dataset.ParseFormat(string(req.Format), dataset.WriteFormats)
	if err != nil {
		return ExportResult{}, err
	}
	unit := req.Offsets
	if unit == "" {
		unit = f.DefaultOffsets()
	}
	if strings.TrimSpace(req.Path) == "" {
		return ExportResult{}, annotate.Errorf(annotate.ECodeEmpty, "Name the file to export to.")
	}
	if req.Progress != nil {
		ctx = WithProgress(ctx, req.Progress)
	}
	opts := dataset.EncodeOptions{Offsets: unit, Tokens: dataset.Words}
	if opts.Labels, err = entityLabels(ctx, db); err != nil {
		return ExportResult{}, err
	}
	c := &command{name: "export", stdout: io.Discard, stderr: io.Discard}
	// Evidence spans go only into the stance export, never into an NER one.
	filter := storage.ExportFilter{Annotator: req.Annotator, DoneOnly: req.DoneOnly, Evidence: f.IsStance()}
	n, err := c.writeFile(ctx, db, filter, req.Path, f, opts)
	return ExportResult{Documents: n.docs, Items: n.items, Stances: n.stances}, err
}

// Extension is the file extension of what format f writes.
func Extension(f dataset.Format) string { return f.Ext() }

// StatsRequest says how to count.
type StatsRequest struct {
	// Progress, if set, is told how many of the counting queries have run.
	Progress ProgressFunc
}

// StatsResult counts documents per annotator and status, spans and
// stances per label, and targets.
type StatsResult = storage.Stats

// DatabaseStats counts what db holds, in one read transaction.
func DatabaseStats(ctx context.Context, db *storage.DB, req StatsRequest) (StatsResult, error) {
	m := throttled(req.Progress)
	st, err := db.StatsProgress(ctx, m.set)
	if err == nil {
		m.Finish()
	}
	return st, err
}

// CheckRequest says how to check.
type CheckRequest struct {
	// Progress, if set, is told how many documents of how many are checked.
	Progress ProgressFunc
}

// CheckProblem is one inconsistency check found: the document and span
// it is about (0 when it is about neither) and the sentence saying what
// is wrong.
type CheckProblem struct {
	DocumentID, SpanID int64
	Message            string
}

// String is the problem as hashiya check lists it.
func (p CheckProblem) String() string {
	switch {
	case p.SpanID != 0:
		return fmt.Sprintf("document %d, span %d: %s", p.DocumentID, p.SpanID, p.Message)
	case p.DocumentID != 0:
		return fmt.Sprintf("document %d: %s", p.DocumentID, p.Message)
	}
	return p.Message
}

// CheckResult is what a check found: SQLite's own verdict on the file
// ("ok", else its findings one a line), how many documents were read and
// every inconsistency, in document order.
type CheckResult struct {
	Integrity string
	Documents int
	Problems  []CheckProblem
}

// Count is how many problems there are, each line of SQLite's integrity
// findings counting as one, as check prints them.
func (r CheckResult) Count() int {
	n := len(r.Problems)
	if r.Integrity != "ok" {
		n += strings.Count(r.Integrity, "\n") + 1 // a line each, as printed
	}
	return n
}

// CheckDatabase runs SQLite's integrity check on db, then checks every
// span's text against its document and every document's input hash. A
// problem found is a result, not an error: the error is for a check that
// could not run.
func CheckDatabase(ctx context.Context, db *storage.DB, req CheckRequest) (CheckResult, error) {
	var res CheckResult
	integrity, err := db.IntegrityCheck(ctx)
	if err != nil {
		return res, err
	}
	res.Integrity = integrity
	m := throttled(req.Progress)
	problems, err := db.CheckContent(ctx, func(done, total int64) {
		res.Documents = int(total)
		m.set(done, total)
	})
	if err != nil {
		return CheckResult{}, err
	}
	m.Finish()
	for _, p := range problems {
		res.Problems = append(res.Problems, CheckProblem{DocumentID: p.DocumentID, SpanID: p.SpanID, Message: p.Message})
	}
	return res, nil
}

// SeedRequest is the sample corpus to seed a new database with.
type SeedRequest struct {
	// Corpus holds the texts: every .txt file in it, at any depth, is a
	// document, stored with the source "sample/" and its base name.
	Corpus fs.FS
	// Progress, if set, is told how many files of how many are read.
	Progress ProgressFunc
}

// SeedResult counts the documents seeding added and the files it found
// stored already.
type SeedResult struct {
	Documents, Duplicates int
}

// SeedCorpus imports req.Corpus into db in one transaction, so a new
// database opens on something to annotate. The files go through the
// text importer, so they are frozen and checked as any import is; one
// bad file seeds nothing.
func SeedCorpus(ctx context.Context, db *storage.DB, req SeedRequest) (SeedResult, error) {
	var names []string
	err := fs.WalkDir(req.Corpus, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return SeedResult{}, fmt.Errorf("seed: list corpus: %w", err)
	}
	im, err := db.BeginImport(ctx)
	if err != nil {
		return SeedResult{}, err
	}
	defer im.Rollback()
	var res SeedResult
	m := throttled(req.Progress)
	m.set(0, int64(len(names)))
	for i, name := range names { // WalkDir walks in lexical order
		if err := checkCtx(ctx); err != nil {
			return SeedResult{}, err
		}
		dup, err := seedFile(req.Corpus, name, im)
		if err != nil {
			return SeedResult{}, err
		}
		if dup {
			res.Duplicates++
		} else {
			res.Documents++
		}
		m.set(int64(i+1), int64(len(names)))
	}
	if err := im.Commit(); err != nil {
		return SeedResult{}, err
	}
	m.Finish()
	return res, nil
}

func seedFile(fsys fs.FS, name string, im *storage.Import) (duplicate bool, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	defer f.Close()
	rec, err := dataset.NewReader(f, "sample/"+path.Base(name), dataset.Text, dataset.Options{}).Next()
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	_, duplicate, err = im.AddChecked(rec.Checked)
	return duplicate, err
}

// AssignRequest is how to route documents to annotators' queues.
type AssignRequest struct {
	// Annotators share the documents; empty means those who have a
	// queue already, else everyone with work in the database.
	Annotators []string
	// PerDocument is how many annotators each document goes to.
	PerDocument int
	// Replace routes every document afresh instead of only those with
	// fewer than PerDocument annotators.
	Replace bool
}

// AssignResult is what AssignDocuments did (see storage.AssignResult).
type AssignResult = storage.AssignResult

// AssignDocuments routes req's documents in one transaction. With no
// annotators named and nobody known, its error has code ECodeEmpty.
func AssignDocuments(ctx context.Context, db *storage.DB, req AssignRequest) (AssignResult, error) {
	names := req.Annotators
	if len(names) == 0 {
		var err error
		if names, err = knownAssignees(ctx, db); err != nil {
			return AssignResult{}, err
		}
		if len(names) == 0 {
			return AssignResult{}, annotate.Errorf(annotate.ECodeEmpty, "Nobody has work in this database yet: name the annotators with --annotators a,b,c.")
		}
	}
	return db.Assign(ctx, storage.AssignOptions{Annotators: names, PerDocument: req.PerDocument, Replace: req.Replace})
}

// knownAssignees is whom a re-run of assign routes to: the team the last
// run named, who all have queues, rather than everyone with work, which
// takes in pre-annotations imported under a name such as "imported".
func knownAssignees(ctx context.Context, db *storage.DB) ([]string, error) {
	names, err := db.AssignedAnnotators(ctx)
	if err != nil || len(names) > 0 {
		return names, err
	}
	return db.Annotators(ctx, false)
}
