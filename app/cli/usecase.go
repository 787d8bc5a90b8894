package cli

import (
	"context"
	"io"
	"runtime"
	"strings"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
)

// The use cases the window shares with the commands: import and export
// on a database that is already open, with typed results instead of
// sentences on stdout and stderr. They run the commands' own engines
// (importRun, command.writeFile), so both front ends accept the same
// inputs and produce the same files.

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

// ImportResult counts what an import did; Problems lists every invalid
// input, in file order.
type ImportResult struct {
	Imported, Duplicates, Invalid int
	// Joined are duplicates whose work was added to the stored document.
	Joined   int
	Problems []LineProblem
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
	run := importRun{c: c, files: files, format: f, opts: opts, annotator: as, skipInvalid: req.SkipInvalid,
		onLineError: func(le *dataset.LineError) {
			res.Problems = append(res.Problems, LineProblem{File: le.File, Line: le.Line, Message: annotate.ErrorMessage(le.Err)})
		}}
	n, err := run.run(ctx, db)
	res.Imported, res.Duplicates, res.Invalid, res.Joined = n.imported, n.duplicates, n.invalid, n.joined
	if err != nil {
		res.Imported, res.Duplicates, res.Joined = 0, 0, 0 // rolled back
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
