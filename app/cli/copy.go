package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"hashiya/annotate"
	"hashiya/storage"
)

// CopyRequest says how to copy a project.
type CopyRequest struct {
	// Progress, if set, is told how many rows of how many are copied.
	Progress ProgressFunc
	// CheckProgress, if set, is told how far each check has got; source
	// is true for the check of the database copied from.
	CheckProgress func(source bool) ProgressFunc
}

// CopyResult counts what a copy moved and holds the checks of both
// databases made after it.
type CopyResult struct {
	Documents, Spans, Edits, Rows int64
	Source, Destination           CheckResult
}

// CopyDatabase copies everything src holds into dst, which must hold no
// project yet (see storage.DB.CopyTo), then checks both as hashiya check
// does. A problem either check finds is in the result, not an error.
func CopyDatabase(ctx context.Context, src, dst *storage.DB, req CopyRequest) (CopyResult, error) {
	var res CopyResult
	m := throttled(req.Progress)
	st, err := src.CopyTo(ctx, dst, m.set)
	if err != nil {
		return res, err
	}
	m.Finish()
	res.Documents, res.Spans, res.Edits, res.Rows = st.Documents, st.Spans, st.Edits, st.Rows
	checkProgress := func(source bool) ProgressFunc {
		if req.CheckProgress == nil {
			return nil
		}
		return req.CheckProgress(source)
	}
	if res.Source, err = CheckDatabase(ctx, src, CheckRequest{Progress: checkProgress(true)}); err != nil {
		return res, err
	}
	if res.Destination, err = CheckDatabase(ctx, dst, CheckRequest{Progress: checkProgress(false)}); err != nil {
		return res, err
	}
	return res, nil
}

// Copy runs "hashiya copy": a whole project from one database to a new
// one, each a file or a postgres:// address, then the checks of hashiya
// check on both.
func Copy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newBareCommand("copy", "--from SOURCE --to DESTINATION",
		"Copies a whole project (documents, every annotator's annotations and statuses, the edit log with undo and redo,\n"+
			"the trash, the labels and guidelines) from SOURCE to DESTINATION, each a database file or a postgres:// address,\n"+
			"keeping every ID, then checks both as hashiya check does. DESTINATION must be new: a file that does not exist\n"+
			"or is empty, or a PostgreSQL database (schema) with no tables or a Hashiya one with nothing in it.\n"+
			"Nothing is copied unless all of it is.", stdout, stderr)
	var from, to string
	c.fs.StringVar(&from, "from", "", "the database `SOURCE` to copy: a file or a postgres:// address")
	c.fs.StringVar(&to, "to", "", "the new database `DESTINATION`: a file or a postgres:// address")
	if code, done := c.parse(args); done {
		return code
	}
	switch {
	case len(c.args) > 0:
		return c.usageError("copy takes no arguments; name the databases with --from and --to.")
	case from == "" || to == "":
		return c.usageError("Name the database to copy with --from and the new one with --to.")
	}
	src, err := storage.OpenExisting(from)
	if err != nil {
		return c.fail(err)
	}
	defer src.Close()
	dst, cleanup, err := openCopyDestination(to)
	if err != nil {
		return c.fail(err)
	}
	res, err := CopyDatabase(ctx, src, dst, CopyRequest{
		Progress: c.bar("copying"),
		CheckProgress: func(source bool) ProgressFunc {
			if source {
				return c.bar("checking " + src.Path())
			}
			return c.bar("checking " + dst.Path())
		},
	})
	copied := err == nil || res.Rows > 0
	if cerr := dst.Close(); cerr != nil && err == nil {
		err = cerr
	}
	if err != nil {
		if !copied {
			cleanup()
		}
		return c.fail(err)
	}
	bad := false
	for _, end := range []struct {
		db  *storage.DB
		res CheckResult
	}{{src, res.Source}, {dst, res.Destination}} {
		if end.res.Count() == 0 {
			continue
		}
		bad = true
		fmt.Fprintf(stdout, "%s:\n", annotate.Printable(end.db.Path()))
		if err := writeCheck(stdout, end.res); err != nil {
			return c.fail(writeErr(err))
		}
	}
	fmt.Fprintln(stdout, annotate.Printable(fmt.Sprintf("Copied %s to %s: %s, %s, %s (%s in all).",
		src.Path(), dst.Path(), plural(int(res.Documents), "document", "documents"), plural(int(res.Spans), "span", "spans"),
		plural(int(res.Edits), "edit", "edits"), plural(int(res.Rows), "row", "rows"))))
	if bad {
		n := res.Source.Count() + res.Destination.Count()
		fmt.Fprintf(stderr, "hashiya copy: the copy is made, but the check found %s; see the list above.\n", plural(n, "problem", "problems"))
		return exitFail
	}
	fmt.Fprintln(stdout, annotate.Printable(fmt.Sprintf("check: ok on both (%s and %s).", src.Path(), dst.Path())))
	return exitOK
}

// openCopyDestination opens (creating) the database a copy writes to,
// and returns what removes it again when the copy fails before writing
// anything: a file the copy made, never one that was there.
func openCopyDestination(name string) (*storage.DB, func(), error) {
	nothing := func() {}
	if storage.IsPostgres(name) {
		db, err := storage.Open(name)
		return db, nothing, err
	}
	fi, err := os.Stat(name)
	switch {
	case err == nil && fi.IsDir():
		return nil, nothing, annotate.Errorf(annotate.ECodeInvalid, "%s is a folder; name a new database file to copy to.", name)
	case err == nil && fi.Size() > 0:
		// A Hashiya file made but never written to is new enough; one
		// with a project is refused by the copy, anything else by Open.
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, nothing, &annotate.Error{Code: annotate.ECodeIO, Err: err,
			Message: fmt.Sprintf("Cannot read %s: %v.", name, errors.Unwrap(err))}
	}
	existed := err == nil
	db, err := storage.Open(name)
	if err != nil {
		return nil, nothing, err
	}
	if existed {
		return db, nothing, nil
	}
	return db, func() {
		for _, f := range []string{name, name + "-wal", name + "-shm"} {
			os.Remove(f)
		}
	}, nil
}
