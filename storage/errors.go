package storage

import (
	"context"
	"errors"
	"fmt"

	"hashiya/annotate"

	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNothingToUndo is returned by Undo when the annotator has no edit left
// to undo.
var ErrNothingToUndo error = annotate.Errorf(annotate.ECodeNotFound, "There is nothing to undo.")

// ErrNothingToRedo is returned by Redo when the annotator has undone
// nothing since their last edit.
var ErrNothingToRedo error = annotate.Errorf(annotate.ECodeNotFound, "There is nothing to redo.")

// sqliteCoder is what modernc.org/sqlite's *Error offers; an interface so
// that tests can feed the classifier without a real failing disk.
type sqliteCoder interface{ Code() int }

// writeErr turns a failure while saving into the one sentence a user sees,
// keeping the cause (with the operation) for logs. Errors that already are
// *annotate.Error pass through: they carry a better sentence.
func writeErr(op string, err error) error {
	return classify("Could not save", op, err)
}

// readErr is writeErr for reads.
func readErr(op string, err error) error {
	return classify("Could not read the database", op, err)
}

func classify(prefix, op string, err error) error {
	if err == nil {
		return nil
	}
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return err
	}
	wrapped := fmt.Errorf("%s: %w", op, err)
	var msg string
	code := annotate.ECodeIO
	var sc sqliteCoder
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		msg = prefix + ": the operation was cancelled; nothing was changed."
		code = annotate.ECodeInternal
	case errors.As(err, &sc):
		switch sc.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			msg = prefix + ": the disk is full. Free some space; nothing was lost."
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			msg = prefix + ": another Hashiya kept the database busy for too long. Try again; nothing was lost."
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
			msg = prefix + ": the database file is read-only. Give yourself write permission on it (and its folder) and try again."
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
			msg = prefix + ": the disk reported an error. Check that the disk is still connected and try again; nothing was lost."
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			msg = prefix + ": the database file is damaged. Restore it from a backup."
		case sqlite3.SQLITE_CONSTRAINT:
			msg = prefix + ": the change conflicts with what is stored already; nothing was changed."
			code = annotate.ECodeInvalid
		}
	}
	if msg == "" {
		return &annotate.Error{Code: annotate.ECodeInternal, Message: prefix + ": internal error (" + err.Error() + ").", Err: wrapped}
	}
	return &annotate.Error{Code: code, Message: msg, Err: wrapped}
}
