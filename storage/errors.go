package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"

	"hashiya/annotate"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNothingToUndo is returned by Undo when the annotator has no edit left
// to undo.
var ErrNothingToUndo error = annotate.Errorf(annotate.ECodeNotFound, "There is nothing to undo.")

// ErrNothingToRedo is returned by Redo when the annotator has undone
// nothing since their last edit.
var ErrNothingToRedo error = annotate.Errorf(annotate.ECodeNotFound, "There is nothing to redo.")

// Fixed sentences of other errors, named so that Sentences lists them.
var (
	errCommitLost = annotate.Errorf(annotate.ECodeIO,
		"The connection to the PostgreSQL server broke while the change was being saved, so it may or may not have been saved; look before you make it again.")
	errNoAnnotator   = annotate.Errorf(annotate.ECodeEmpty, "Enter your annotator name before annotating.")
	errCuratedSpans  = annotate.Errorf(annotate.ECodeEmpty, "There is nothing to change here: the curated layer already has these spans.")
	errCuratedStance = annotate.Errorf(annotate.ECodeEmpty, "There is nothing to change here: the curated layer already has this stance.")
)

// sqliteCoder is what modernc.org/sqlite's *Error offers; an interface so
// that tests can feed the classifier without a real failing disk.
type sqliteCoder interface{ Code() int }

// writeErr turns a failure while saving into the one sentence a user sees,
// keeping the cause (with the operation) for logs. Errors that already are
// *annotate.Error pass through: they carry a better sentence.
func writeErr(op string, err error) error {
	return classify(savePrefix, op, err)
}

// The prefixes of classify's sentences, and its sentence for a cancelled
// operation.
const (
	savePrefix = "Could not save"
	readPrefix = "Could not read the database"
	cancelled  = ": the operation was cancelled; nothing was changed."
)

// readErr is writeErr for reads.
func readErr(op string, err error) error {
	return classify(readPrefix, op, err)
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
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		msg = prefix + cancelled
		code = annotate.ECodeInternal
	case errors.As(err, &sc):
		msg, code = sqliteMessage(prefix, sc.Code())
	case errors.As(err, &pe):
		msg, code = pgMessage(prefix, pe.Code)
	case pgLost(err):
		msg = prefix + ": the connection to the PostgreSQL server was lost or refused (" + pgReason(err) + "). Check that the server is running and reachable and try again; nothing saved was lost."
	}
	if msg == "" {
		return &annotate.Error{Code: annotate.ECodeInternal, Message: prefix + ": internal error (" + err.Error() + ").", Err: wrapped}
	}
	return &annotate.Error{Code: code, Message: msg, Err: wrapped}
}

// sqliteMessage is classify's sentence for a SQLite result code; the
// empty message means an unexpected one.
func sqliteMessage(prefix string, rc int) (string, annotate.Code) {
	switch rc & 0xff {
	case sqlite3.SQLITE_FULL:
		return prefix + ": the disk is full. Free some space; nothing was lost.", annotate.ECodeIO
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return prefix + ": another Hashiya kept the database busy for too long. Try again; nothing was lost.", annotate.ECodeIO
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return prefix + ": the database file is read-only. Give yourself write permission on it (and its folder) and try again.", annotate.ECodeIO
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		return prefix + ": the disk reported an error. Check that the disk is still connected and try again; nothing was lost.", annotate.ECodeIO
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return prefix + ": the database file is damaged. Restore it from a backup.", annotate.ECodeIO
	case sqlite3.SQLITE_CONSTRAINT:
		return prefix + ": the change conflicts with what is stored already; nothing was changed.", annotate.ECodeInvalid
	}
	return "", ""
}

// Sentences lists the fixed sentences storage's errors carry (those with
// no name, number or path in them), for the window to translate: what
// classify says for each kind of failure, and the sentences of the
// errors below.
func Sentences() []string {
	var out []string
	add := func(msg string, _ annotate.Code) {
		if msg != "" && !slices.Contains(out, msg) {
			out = append(out, msg)
		}
	}
	for _, prefix := range []string{savePrefix, readPrefix} {
		add(prefix+cancelled, "")
		for _, rc := range []int{sqlite3.SQLITE_FULL, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_CONSTRAINT} {
			add(sqliteMessage(prefix, rc))
		}
		for _, state := range []string{"53100", "40001", "55P03", "22021", "23505", "25006", "28P01", "3F000", "3D000", "57P01", "XX001"} {
			add(pgMessage(prefix, state))
		}
	}
	for _, err := range []error{ErrNothingToUndo, ErrNothingToRedo, errCommitLost, errNoAnnotator, errCuratedSpans, errCuratedStance} {
		add(annotate.ErrorMessage(err), "")
	}
	return out
}

// pgMessage is classify's sentence for a PostgreSQL error code
// (SQLSTATE); the empty message means an unexpected one.
func pgMessage(prefix, state string) (string, annotate.Code) {
	switch {
	case state == "53100":
		return prefix + ": the database server's disk is full. Ask its administrator to free some space; nothing was lost.", annotate.ECodeIO
	case state == "40001", state == "40P01":
		return prefix + ": another annotator's change collided with this one several times. Try again; nothing was lost.", annotate.ECodeIO
	case state == "55P03":
		return prefix + ": another Hashiya kept the database busy for too long. Try again; nothing was lost.", annotate.ECodeIO
	case state == "22021", state == "22P05":
		return prefix + ": the text holds a character PostgreSQL cannot store (U+0000, a NUL); remove it from the file and try again. Nothing was changed.", annotate.ECodeInvalid
	case strings.HasPrefix(state, "23"):
		return prefix + ": the change conflicts with what is stored already; nothing was changed.", annotate.ECodeInvalid
	case state == "25006", state == "42501":
		return prefix + ": the PostgreSQL server does not let this user write here. Ask its administrator for write permission on the database.", annotate.ECodeIO
	case strings.HasPrefix(state, "28"):
		return prefix + ": the PostgreSQL server refused the user name or password. Check the user in the address and the password file (PGPASSFILE or ~/.pgpass).", annotate.ECodeIO
	case state == "3F000":
		return prefix + ": the schema the address names (search_path) does not exist on the PostgreSQL server. Create it (CREATE SCHEMA) or correct the address.", annotate.ECodeIO
	case state == "3D000":
		return prefix + ": there is no such database on the PostgreSQL server. Create it (createdb) or check its name in the address.", annotate.ECodeIO
	case strings.HasPrefix(state, "57P"), strings.HasPrefix(state, "08"), strings.HasPrefix(state, "53"):
		return prefix + ": the PostgreSQL server is shutting down, restarting or overloaded. Try again in a moment; nothing saved was lost.", annotate.ECodeIO
	case strings.HasPrefix(state, "XX"):
		return prefix + ": the PostgreSQL server reported damaged data. Ask its administrator to check the server.", annotate.ECodeIO
	}
	return "", ""
}

// pgLost reports whether err means that the server could not be reached
// or the connection broke: nothing of the transaction was committed.
func pgLost(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	// pgx says "conn closed" for a connection that broke earlier (in a
	// server restart, the statement after the one that saw it break).
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, driver.ErrBadConn) || pgconn.Timeout(err)
}

// pgRetry reports whether a PostgreSQL transaction that failed with err
// may simply run again: the server aborted it for colliding with another
// (serialization failure, deadlock), or the connection broke before the
// commit was sent.
func pgRetry(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pgCollision(err) || strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08")
	}
	return pgLost(err)
}

// pgCollision reports whether PostgreSQL aborted a transaction for
// colliding with another: a serialization failure or a deadlock. It was
// rolled back, so running it again is safe even after its commit.
func pgCollision(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
