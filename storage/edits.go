package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync/atomic"
	"time"

	"hashiya/annotate"

	"github.com/jackc/pgx/v5/pgconn"
)

// Edit is one row of the append-only edit log.
type Edit struct {
	ID         int64
	Annotator  string
	Time       time.Time
	DocumentID int64
	// Kind names the change: "span.add", "span.update", "span.delete",
	// "target.add", ..., "stance.delete", "status.set", or "undo" and
	// "redo" for the rows Undo and Redo write.
	Kind string
	// Before and After are the touched rows before and after the edit, as
	// JSON objects with "spans", "targets", "stances" and "status" keys.
	Before, After json.RawMessage
}

// ChangesDocuments reports whether undoing or redoing e adds or removes
// whole documents (an import, a deletion), so a document list read
// before it is stale.
func (e Edit) ChangesDocuments() bool { return e.Kind == kindImport || e.Kind == kindDocDelete }

// Edit kinds.
const (
	kindSpanAdd      = "span.add"
	kindSpanUpdate   = "span.update"
	kindSpanDelete   = "span.delete"
	kindTargetAdd    = "target.add"
	kindTargetUpdate = "target.update"
	kindTargetDelete = "target.delete"
	kindStanceAdd    = "stance.add"
	kindStanceUpdate = "stance.update"
	kindStanceDelete = "stance.delete"
	kindStatus       = "status.set"
	kindEvidenceAdd  = "evidence.add"
	kindImport       = "import"
	kindDocDelete    = "document.delete"
	kindUndo         = "undo"
	kindRedo         = "redo"
)

// inTx runs fn in one write transaction that changes the database as a
// whole (a document deleted with everyone's work, a schema, the queues),
// and commits it; any error rolls everything back and reaches the caller
// as one sentence.
//
// On PostgreSQL, a transaction the server aborted for colliding with
// another, or whose connection broke before the commit was sent, runs
// again, for up to pgRetryFor: fn must therefore be repeatable, reading
// what it needs through tx (the methods that fill in the value they
// were given, an ID or times, start each run from a copy, given). A commit whose answer was lost is not
// repeated (it may have been saved), and is reported.
func (db *DB) inTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, op, lockAll, fn)
}

// inTxAs is inTx for a change of annotator's own rows (their spans,
// targets, stances, statuses, undo history), which on PostgreSQL runs
// beside other annotators' changes instead of after them (see
// writeLock).
func (db *DB) inTxAs(ctx context.Context, op, annotator string, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, op, writeLock{annotator: annotator}, fn)
}

// writeLock is what a PostgreSQL write transaction holds so that it needs
// no more than read committed isolation. Serializable isolation did the
// same job by aborting and rerunning colliding transactions: its
// predicate locks cover index pages, so with 20 annotators editing at
// once a third of all edits ran twice or more and p99 latency reached a
// third of a second (TestLoad). The locks are PostgreSQL's advisory,
// transaction-scoped ones, on two kinds of key:
//   - the database key (pgDatabaseKey): shared by every annotator's write,
//     held alone by a write of the whole database, which therefore waits
//     for the others to end and keeps new ones out until it commits;
//   - an annotator's key: one annotator's writes (two windows, a window
//     and a command) one at a time, as their undo history needs.
//
// Every other row an annotator writes is theirs alone; the rows several
// share (documents, the schema) are changed only under the database key.
// A lock not granted within the session's lock_timeout (busyTimeout, as
// SQLite's busy timeout) is reported as busy.
type writeLock struct {
	all       bool
	annotator string
}

var (
	lockAll    = writeLock{all: true}
	lockShared = writeLock{} // the database key, shared, and no annotator's
)

// pgDatabaseKey and pgAnnotatorKey are writeLock's keys, as SQL. Advisory
// locks belong to a PostgreSQL database, and a Hashiya database may be
// one schema of several there (?search_path=), so the keys are the
// schema's: two projects in one database never wait for each other.
// Migrations hold the database key too.
const (
	pgDatabaseKey  = "hashtextextended('hashiya:' || current_schema(), 0)"
	pgAnnotatorKey = "hashtextextended('hashiya:' || current_schema() || ':' || ?, 0)"
)

// beginWrite begins a write transaction holding lock (on PostgreSQL;
// SQLite's single writer needs none). Every write of the package begins
// here, so none runs outside the locking scheme.
func (db *DB) beginWrite(ctx context.Context, lock writeLock) (*sql.Tx, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil || !db.pg {
		return tx, err
	}
	if err := lock.take(ctx, tx); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// lockAnnotator takes annotator's key in tx, which holds the database key
// already.
func lockAnnotator(ctx context.Context, tx *sql.Tx, annotator string) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock("+pgAnnotatorKey+")", annotator)
	return err
}

// take takes l in tx.
func (l writeLock) take(ctx context.Context, tx *sql.Tx) error {
	var err error
	switch {
	case l.all:
		_, err = tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock("+pgDatabaseKey+")")
	default:
		// The shared key first, always, so that two writers never wait
		// for each other's second lock.
		_, err = tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock_shared("+pgDatabaseKey+")")
		if err == nil && l.annotator != "" {
			err = lockAnnotator(ctx, tx, l.annotator)
		}
	}
	return err
}

func (db *DB) write(ctx context.Context, op string, lock writeLock, fn func(tx *sql.Tx) error) error {
	deadline := time.Now().Add(pgRetryFor)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		err, committing := db.tryTx(ctx, lock, fn)
		if err == nil {
			return nil
		}
		retry, ambiguous := false, false
		if db.pg {
			retry, ambiguous = pgAgain(err, committing)
		}
		if !retry || time.Now().Add(wait).After(deadline) {
			if ambiguous {
				return &annotate.Error{Code: annotate.ECodeIO, Message: annotate.ErrorMessage(errCommitLost),
					Err: fmt.Errorf("%s: commit: %w", op, err)}
			}
			return writeErr(op, err)
		}
		pgRetries.Add(1)
		select {
		case <-ctx.Done():
			return writeErr(op, ctx.Err())
		case <-time.After(wait):
		}
	}
}

// pgAgain is inTx's choice for a PostgreSQL transaction that failed with
// err: run it again, or report it, saying whether it may have been saved
// (committing: the error came from the commit).
func pgAgain(err error, committing bool) (retry, ambiguous bool) {
	if pgconn.SafeToRetry(err) {
		// pgx sent nothing: a connection that had broken before.
		return true, false
	}
	if committing {
		// Only a commit the server refused (a collision, rolled back) is
		// known not to have been saved; after any other failure of the
		// commit (a shutdown, a broken connection) it may have been.
		if pgCollision(err) {
			return true, false
		}
		return false, pgRetry(err)
	}
	return pgRetry(err), false
}

// pgRetries counts the PostgreSQL transactions inTx ran again, which the
// load test reports: collisions that cost annotators time.
var pgRetries atomic.Int64

// pgRetryFor is how long a PostgreSQL write keeps trying, as SQLite's busy
// timeout waits for another writer: long enough for a server restart.
const pgRetryFor = 20 * time.Second

// tryTx runs fn in one write transaction and commits it; committing
// reports that the error came from the commit itself.
func (db *DB) tryTx(ctx context.Context, lock writeLock, fn func(tx *sql.Tx) error) (err error, committing bool) {
	tx, err := db.beginWrite(ctx, lock)
	if err != nil {
		return err, false
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err, false
	}
	return tx.Commit(), true
}

// record applies a user edit (before → after), appends its log row and
// pushes it on the annotator's undo stack, clearing their redo stack: a
// new edit after undos starts a new branch of history, and the undone
// edits can no longer be redone (they stay in the log).
func (db *DB) record(ctx context.Context, tx *sql.Tx, annotator string, docID int64, kind string, before, after *snapshot) error {
	if err := transition(ctx, tx, before, after); err != nil {
		return err
	}
	return db.push(ctx, tx, annotator, docID, kind, before, after)
}

// push is record for an edit applied already: it appends the log row and
// pushes the edit on the annotator's undo stack.
func (db *DB) push(ctx context.Context, tx *sql.Tx, annotator string, docID int64, kind string, before, after *snapshot) error {
	id, err := db.appendLog(ctx, tx, annotator, docID, kind, before, after, 0)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM history WHERE annotator = ? AND undone = 1", annotator); err != nil {
		return writeErr("clear redo history", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO history (edit_id, annotator) VALUES (?, ?)", id, annotator); err != nil {
		return writeErr("push undo history", err)
	}
	return nil
}

func (db *DB) appendLog(ctx context.Context, tx *sql.Tx, annotator string, docID int64, kind string, before, after *snapshot, reverts int64) (int64, error) {
	b, err := json.Marshal(before)
	if err != nil {
		return 0, fmt.Errorf("encode edit: %w", err)
	}
	a, err := json.Marshal(after)
	if err != nil {
		return 0, fmt.Errorf("encode edit: %w", err)
	}
	var rev any
	if reverts != 0 {
		rev = reverts
	}
	const ins = `INSERT INTO edits (annotator, at, document_id, kind, before, after, reverts) VALUES (?, ?, ?, ?, ?, ?, ?)`
	args := []any{annotator, nanos(db.now()), docID, kind, string(b), string(a), rev}
	var id int64
	if db.pg { // no LastInsertId (and SQLite's RETURNING costs a statement journal: Import.insertRow)
		err = tx.QueryRowContext(ctx, ins+" RETURNING id", args...).Scan(&id)
	} else {
		var res sql.Result
		if res, err = tx.ExecContext(ctx, ins, args...); err == nil {
			id, err = res.LastInsertId()
		}
	}
	if err != nil {
		return 0, writeErr("append edit log", err)
	}
	return id, nil
}

// owned returns the row a by-ID query found when annotator owns it. Rows
// of other annotators are reported as missing, so one annotator's edits
// can never reach another's work.
func owned[T any](rows []T, err error, owner func(T) string, annotator, what string, id int64) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(rows) == 0 || owner(rows[0]) != annotator {
		return zero, annotate.Errorf(annotate.ECodeNotFound, "%s %d does not exist (or is another annotator's).", what, id)
	}
	return rows[0], nil
}

// sameDocument refuses an update that names another document than the
// one the row is in (0: not named); rows never move between documents.
func sameDocument(what string, id, have, given int64) error {
	if given != 0 && given != have {
		return annotate.Errorf(annotate.ECodeOtherDoc, "%s %d belongs to document %d, not %d; it cannot move between documents.", what, id, have, given)
	}
	return nil
}

func needAnnotator(a string) error {
	if a == "" {
		return errNoAnnotator
	}
	// No control characters either: names reach terminals (stats,
	// agree) and every export.
	return annotate.ValidateAnnotator(a)
}

// AddSpan stores a new span (ID must be 0; Origin defaults to manual) and
// returns it with its ID, Text and times filled in.
func (db *DB) AddSpan(ctx context.Context, s annotate.Span) (annotate.Span, error) {
	if err := needAnnotator(s.Annotator); err != nil {
		return s, err
	}
	if s.ID != 0 {
		return s, annotate.Errorf(annotate.ECodeInvalid, "Span %d exists already; change it instead of adding it.", s.ID)
	}
	if s.Origin == "" {
		s.Origin = annotate.OriginManual
	}
	given := s
	err := db.inTxAs(ctx, "add span", s.Annotator, func(tx *sql.Tx) error {
		s = given
		doc, err := loadDocument(ctx, tx, s.DocumentID)
		if err != nil {
			return err
		}
		schema, err := loadSchema(ctx, tx)
		if err != nil {
			return err
		}
		existing, err := spansOverlapping(ctx, tx, &s)
		if err != nil {
			return err
		}
		now := db.now()
		s.Created, s.Updated = now, now
		if err := checkNewSpan(&doc, &schema, existing, &s); err != nil {
			return err
		}
		after := &snapshot{Spans: []annotate.Span{s}}
		if err := db.record(ctx, tx, s.Annotator, s.DocumentID, kindSpanAdd, &snapshot{}, after); err != nil {
			return err
		}
		s = after.Spans[0]
		return nil
	})
	return s, err
}

// checkNewSpan checks s against the document, the schema and the
// annotator's other spans on it (a span with s's ID among them is its old
// self and is skipped), and fills s.Text from the document. A Text the
// caller set must match the document (an importer's check on offsets).
func checkNewSpan(doc *annotate.Document, schema *annotate.Schema, others []annotate.Span, s *annotate.Span) error {
	if err := s.Validate(doc, schema); err != nil {
		return err
	}
	if s.Text == "" { // else Validate found it equal to the document's
		s.Text = annotate.Slice(doc.Text, s.Start, s.End)
	}
	return annotate.CheckOverlap(schema, others, *s)
}

// checkNewSpanAt is checkNewSpan finding the span's text with cur, a
// cursor through doc's text, for an import checking many spans of one
// document.
func checkNewSpanAt(doc *annotate.Document, cur *annotate.TextCursor, schema *annotate.Schema, others []annotate.Span, s *annotate.Span) error {
	if err := s.ValidateAt(doc, cur, schema); err != nil {
		return err
	}
	if s.Text == "" { // else ValidateAt found it equal to the document's
		var err error
		if s.Text, err = cur.Slice(s.Start, s.End); err != nil {
			return err
		}
	}
	return annotate.CheckOverlap(schema, others, *s)
}

// spansOverlapping loads the annotator's spans that share a character
// with s: the only ones annotate.CheckOverlap can object to (an identical
// span overlaps too), so an edit does not read every span of a long
// document.
func spansOverlapping(ctx context.Context, q queryer, s *annotate.Span) ([]annotate.Span, error) {
	return collectSpans(q.QueryContext(ctx, "SELECT "+spanColumns+
		` WHERE document_id = ? AND annotator = ? AND start < ? AND "end" > ?`, s.DocumentID, s.Annotator, s.End, s.Start))
}

// spanOf loads span id and checks it is annotator's.
func spanOf(ctx context.Context, q queryer, annotator string, id int64) (annotate.Span, error) {
	s, err := scanSpan(q.QueryRowContext(ctx, "SELECT "+spanColumns+" WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && s.Annotator != annotator) {
		return s, annotate.Errorf(annotate.ECodeNotFound, "Span %d does not exist (or is another annotator's).", id)
	}
	if err != nil {
		return s, readErr("load span", err)
	}
	return s, nil
}

// UpdateSpan relabels or moves span s.ID (Start, End, Label; Origin when
// set) and returns it as stored.
func (db *DB) UpdateSpan(ctx context.Context, s annotate.Span) (annotate.Span, error) {
	if err := needAnnotator(s.Annotator); err != nil {
		return s, err
	}
	given := s
	err := db.inTxAs(ctx, "change span", s.Annotator, func(tx *sql.Tx) error {
		s = given
		old, err := spanOf(ctx, tx, s.Annotator, s.ID)
		if err != nil {
			return err
		}
		if err := sameDocument("Span", s.ID, old.DocumentID, s.DocumentID); err != nil {
			return err
		}
		// A span keeps its kind: an entity does not become a quote.
		s.DocumentID, s.Created, s.Kind = old.DocumentID, old.Created, old.Kind
		if s.Origin == "" {
			s.Origin = old.Origin
		}
		// The text follows the new offsets.
		s.Text = ""
		s.Updated = db.now()
		doc, err := loadDocument(ctx, tx, s.DocumentID)
		if err != nil {
			return err
		}
		schema, err := loadSchema(ctx, tx)
		if err != nil {
			return err
		}
		existing, err := spansOverlapping(ctx, tx, &s)
		if err != nil {
			return err
		}
		if err := checkNewSpan(&doc, &schema, existing, &s); err != nil {
			return err
		}
		after := &snapshot{Spans: []annotate.Span{s}}
		return db.record(ctx, tx, s.Annotator, s.DocumentID, kindSpanUpdate, &snapshot{Spans: []annotate.Span{old}}, after)
	})
	return s, err
}

// DeleteSpan deletes one of annotator's spans, and removes it from the
// mentions of targets and the evidence of stances; Undo restores all of it.
func (db *DB) DeleteSpan(ctx context.Context, annotator string, id int64) error {
	return db.inTxAs(ctx, "delete span", annotator, func(tx *sql.Tx) error {
		old, err := spanOf(ctx, tx, annotator, id)
		if err != nil {
			return err
		}
		before := &snapshot{Spans: []annotate.Span{old}}
		after := &snapshot{}
		if before.Targets, err = queryTargets(ctx, tx, "id IN (SELECT target_id FROM target_mentions WHERE span_id = ?)", id); err != nil {
			return err
		}
		if before.Stances, err = queryStances(ctx, tx, "id IN (SELECT stance_id FROM stance_evidence WHERE span_id = ?)", id); err != nil {
			return err
		}
		now := db.now()
		for _, t := range before.Targets {
			t.Mentions = slices.DeleteFunc(slices.Clone(t.Mentions), func(m int64) bool { return m == id })
			t.Updated = now
			after.Targets = append(after.Targets, t)
		}
		for _, st := range before.Stances {
			st.Evidence = slices.DeleteFunc(slices.Clone(st.Evidence), func(m int64) bool { return m == id })
			st.Updated = now
			after.Stances = append(after.Stances, st)
		}
		return db.record(ctx, tx, annotator, old.DocumentID, kindSpanDelete, before, after)
	})
}

// AddEvidence makes ev (an evidence span: Kind SpanEvidence, no label)
// evidence of stance stanceID, in one undoable edit: the annotator
// selects a quote and attaches it, and one undo takes both the span and
// the attachment back. An evidence span of the annotator's at the same
// offsets is reused rather than made twice (a quote may support several
// stances). It returns the stance and the span as stored.
func (db *DB) AddEvidence(ctx context.Context, stanceID int64, ev annotate.Span) (annotate.Stance, annotate.Span, error) {
	if err := needAnnotator(ev.Annotator); err != nil {
		return annotate.Stance{}, ev, err
	}
	if ev.ID != 0 || ev.Kind != annotate.SpanEvidence {
		return annotate.Stance{}, ev, annotate.Errorf(annotate.ECodeInvalid, "Evidence is attached as a new evidence span; this is a bug in Hashiya.")
	}
	if ev.Origin == "" {
		ev.Origin = annotate.OriginManual
	}
	var st annotate.Stance
	given := ev
	err := db.inTxAs(ctx, "attach evidence", ev.Annotator, func(tx *sql.Tx) error {
		ev = given
		old, err := stanceOf(ctx, tx, ev.Annotator, stanceID)
		if err != nil {
			return err
		}
		if err := sameDocument("Stance", stanceID, old.DocumentID, ev.DocumentID); err != nil {
			return err
		}
		ev.DocumentID = old.DocumentID
		existing, err := spansOverlapping(ctx, tx, &ev)
		if err != nil {
			return err
		}
		after := &snapshot{}
		reused := false
		for _, e := range existing {
			if e.Kind == annotate.SpanEvidence && e.Start == ev.Start && e.End == ev.End {
				ev, reused = e, true
				break
			}
		}
		if !reused {
			doc, err := loadDocument(ctx, tx, ev.DocumentID)
			if err != nil {
				return err
			}
			schema, err := loadSchema(ctx, tx)
			if err != nil {
				return err
			}
			now := db.now()
			ev.Created, ev.Updated = now, now
			if err := checkNewSpan(&doc, &schema, existing, &ev); err != nil {
				return err
			}
			// Insert now for its ID, which the stance's evidence names;
			// the edit's after state holds it, so undo deletes it.
			if err := putSpan(ctx, tx, &ev); err != nil {
				return err
			}
			after.Spans = []annotate.Span{ev}
		}
		if slices.Contains(old.Evidence, ev.ID) {
			return annotate.Errorf(annotate.ECodeDuplicate, "This passage (%d–%d) is already evidence for this stance.", ev.Start, ev.End)
		}
		st = old
		st.Evidence = append(slices.Clone(old.Evidence), ev.ID)
		st.Updated = db.now()
		after.Stances = []annotate.Stance{st}
		return db.record(ctx, tx, ev.Annotator, old.DocumentID, kindEvidenceAdd, &snapshot{Stances: []annotate.Stance{old}}, after)
	})
	return st, ev, err
}

// targetContext loads what checking a target needs.
func targetContext(ctx context.Context, tx *sql.Tx, docID int64, annotator string) (annotate.Document, []annotate.Span, error) {
	doc, err := loadDocument(ctx, tx, docID)
	if err != nil {
		return doc, nil, err
	}
	spans, err := loadSpans(ctx, tx, docID, annotator)
	return doc, spans, err
}

// checkTopic refuses a second topic target on a document.
func checkTopic(ctx context.Context, tx *sql.Tx, t *annotate.Target) error {
	if !t.Topic {
		return nil
	}
	var other int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM targets WHERE document_id = ? AND annotator = ? AND topic AND id != ?",
		t.DocumentID, t.Annotator, t.ID).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return readErr("check topic", err)
	}
	return annotate.Errorf(annotate.ECodeDuplicate, "This document already has a main topic (target %d); unmark it first.", other)
}

// AddTarget stores a new target and returns it with its ID and times.
func (db *DB) AddTarget(ctx context.Context, t annotate.Target) (annotate.Target, error) {
	if err := needAnnotator(t.Annotator); err != nil {
		return t, err
	}
	if t.ID != 0 {
		return t, annotate.Errorf(annotate.ECodeInvalid, "Target %d exists already; change it instead of adding it.", t.ID)
	}
	given := t
	err := db.inTxAs(ctx, "add target", t.Annotator, func(tx *sql.Tx) error {
		t = given
		doc, spans, err := targetContext(ctx, tx, t.DocumentID, t.Annotator)
		if err != nil {
			return err
		}
		now := db.now()
		t.Created, t.Updated = now, now
		if err := t.Validate(&doc, spans); err != nil {
			return err
		}
		if err := checkTopic(ctx, tx, &t); err != nil {
			return err
		}
		after := &snapshot{Targets: []annotate.Target{t}}
		if err := db.record(ctx, tx, t.Annotator, t.DocumentID, kindTargetAdd, &snapshot{}, after); err != nil {
			return err
		}
		t = after.Targets[0]
		return nil
	})
	return t, err
}

func targetOf(ctx context.Context, q queryer, annotator string, id int64) (annotate.Target, error) {
	ts, err := queryTargets(ctx, q, "id = ?", id)
	return owned(ts, err, func(t annotate.Target) string { return t.Annotator }, annotator, "Target", id)
}

// UpdateTarget changes target t.ID (name, mentions, topic) and returns it
// as stored.
func (db *DB) UpdateTarget(ctx context.Context, t annotate.Target) (annotate.Target, error) {
	if err := needAnnotator(t.Annotator); err != nil {
		return t, err
	}
	given := t
	err := db.inTxAs(ctx, "change target", t.Annotator, func(tx *sql.Tx) error {
		t = given
		old, err := targetOf(ctx, tx, t.Annotator, t.ID)
		if err != nil {
			return err
		}
		if err := sameDocument("Target", t.ID, old.DocumentID, t.DocumentID); err != nil {
			return err
		}
		t.DocumentID, t.Created, t.Updated = old.DocumentID, old.Created, db.now()
		doc, spans, err := targetContext(ctx, tx, t.DocumentID, t.Annotator)
		if err != nil {
			return err
		}
		if err := t.Validate(&doc, spans); err != nil {
			return err
		}
		if err := checkTopic(ctx, tx, &t); err != nil {
			return err
		}
		return db.record(ctx, tx, t.Annotator, t.DocumentID, kindTargetUpdate,
			&snapshot{Targets: []annotate.Target{old}}, &snapshot{Targets: []annotate.Target{t}})
	})
	return t, err
}

// DeleteTarget deletes one of annotator's targets and the stances on it or
// held by it; Undo restores them all.
func (db *DB) DeleteTarget(ctx context.Context, annotator string, id int64) error {
	return db.inTxAs(ctx, "delete target", annotator, func(tx *sql.Tx) error {
		old, err := targetOf(ctx, tx, annotator, id)
		if err != nil {
			return err
		}
		before := &snapshot{Targets: []annotate.Target{old}}
		if before.Stances, err = queryStances(ctx, tx, "target_id = ? OR holder = ?", id, id); err != nil {
			return err
		}
		return db.record(ctx, tx, annotator, old.DocumentID, kindTargetDelete, before, &snapshot{})
	})
}

// stanceContext loads what checking a stance needs.
func stanceContext(ctx context.Context, tx *sql.Tx, docID int64, annotator string) (annotate.Document, annotate.Schema, []annotate.Target, []annotate.Span, error) {
	doc, spans, err := targetContext(ctx, tx, docID, annotator)
	if err != nil {
		return doc, annotate.Schema{}, nil, nil, err
	}
	schema, err := loadSchema(ctx, tx)
	if err != nil {
		return doc, schema, nil, nil, err
	}
	targets, err := loadTargets(ctx, tx, docID, annotator)
	return doc, schema, targets, spans, err
}

// AddStance stores a new stance and returns it with its ID and times.
func (db *DB) AddStance(ctx context.Context, st annotate.Stance) (annotate.Stance, error) {
	if err := needAnnotator(st.Annotator); err != nil {
		return st, err
	}
	if st.ID != 0 {
		return st, annotate.Errorf(annotate.ECodeInvalid, "Stance %d exists already; change it instead of adding it.", st.ID)
	}
	given := st
	err := db.inTxAs(ctx, "add stance", st.Annotator, func(tx *sql.Tx) error {
		st = given
		doc, schema, targets, spans, err := stanceContext(ctx, tx, st.DocumentID, st.Annotator)
		if err != nil {
			return err
		}
		now := db.now()
		st.Created, st.Updated = now, now
		if err := st.Validate(&doc, &schema, targets, spans); err != nil {
			return err
		}
		if err := oneStancePerHolder(ctx, tx, st); err != nil {
			return err
		}
		after := &snapshot{Stances: []annotate.Stance{st}}
		if err := db.record(ctx, tx, st.Annotator, st.DocumentID, kindStanceAdd, &snapshot{}, after); err != nil {
			return err
		}
		st = after.Stances[0]
		return nil
	})
	return st, err
}

// oneStancePerHolder refuses a second stance of one annotator's with the
// same target and holder: a stance data set has one row per (text,
// target, holder), and two labels for one would contradict each other.
func oneStancePerHolder(ctx context.Context, tx *sql.Tx, st annotate.Stance) error {
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM stances WHERE document_id = ? AND annotator = ? AND target_id = ? AND holder = ? AND id != ?`,
		st.DocumentID, st.Annotator, st.TargetID, st.Holder, st.ID).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return readErr("find stance", err)
	}
	return annotate.Errorf(annotate.ECodeDuplicate, "That holder already has a stance towards this target (stance %d); change that one instead.", other)
}

func stanceOf(ctx context.Context, q queryer, annotator string, id int64) (annotate.Stance, error) {
	ss, err := queryStances(ctx, q, "id = ?", id)
	return owned(ss, err, func(st annotate.Stance) string { return st.Annotator }, annotator, "Stance", id)
}

// UpdateStance changes stance st.ID and returns it as stored.
func (db *DB) UpdateStance(ctx context.Context, st annotate.Stance) (annotate.Stance, error) {
	if err := needAnnotator(st.Annotator); err != nil {
		return st, err
	}
	given := st
	err := db.inTxAs(ctx, "change stance", st.Annotator, func(tx *sql.Tx) error {
		st = given
		old, err := stanceOf(ctx, tx, st.Annotator, st.ID)
		if err != nil {
			return err
		}
		if err := sameDocument("Stance", st.ID, old.DocumentID, st.DocumentID); err != nil {
			return err
		}
		st.DocumentID, st.Created, st.Updated = old.DocumentID, old.Created, db.now()
		doc, schema, targets, spans, err := stanceContext(ctx, tx, st.DocumentID, st.Annotator)
		if err != nil {
			return err
		}
		if err := st.Validate(&doc, &schema, targets, spans); err != nil {
			return err
		}
		if err := oneStancePerHolder(ctx, tx, st); err != nil {
			return err
		}
		return db.record(ctx, tx, st.Annotator, st.DocumentID, kindStanceUpdate,
			&snapshot{Stances: []annotate.Stance{old}}, &snapshot{Stances: []annotate.Stance{st}})
	})
	return st, err
}

// DeleteStance deletes one of annotator's stances.
func (db *DB) DeleteStance(ctx context.Context, annotator string, id int64) error {
	return db.inTxAs(ctx, "delete stance", annotator, func(tx *sql.Tx) error {
		old, err := stanceOf(ctx, tx, annotator, id)
		if err != nil {
			return err
		}
		return db.record(ctx, tx, annotator, old.DocumentID, kindStanceDelete,
			&snapshot{Stances: []annotate.Stance{old}}, &snapshot{})
	})
}

func loadStatus(ctx context.Context, q queryer, docID int64, annotator string) (annotate.DocStatus, error) {
	ds := annotate.DocStatus{DocumentID: docID, Annotator: annotator, Status: annotate.StatusTodo}
	var updated int64
	err := q.QueryRowContext(ctx, "SELECT status, active_seconds, updated FROM statuses WHERE document_id = ? AND annotator = ?",
		docID, annotator).Scan(&ds.Status, &ds.ActiveSeconds, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return ds, nil
	}
	if err != nil {
		return ds, readErr("load status", err)
	}
	ds.Updated = fromNanos(updated)
	return ds, nil
}

// SetStatus sets annotator's status on a document as an undoable edit.
// Setting the status it already has changes and logs nothing.
func (db *DB) SetStatus(ctx context.Context, docID int64, annotator string, st annotate.Status) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	if err := validStatus(st); err != nil {
		return err
	}
	return db.inTxAs(ctx, "set status", annotator, func(tx *sql.Tx) error {
		if _, err := loadDocument(ctx, tx, docID); err != nil {
			return err
		}
		old, err := loadStatus(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		if old.Status == st {
			return nil
		}
		if old.Updated.IsZero() {
			// No status row yet; undo will create one saying todo.
			old.Updated = db.now()
		}
		before := &snapshot{Status: &statusState{DocumentID: docID, Annotator: annotator, Status: old.Status, Updated: old.Updated}}
		after := &snapshot{Status: &statusState{DocumentID: docID, Annotator: annotator, Status: st, Updated: db.now()}}
		return db.record(ctx, tx, annotator, docID, kindStatus, before, after)
	})
}

// Status returns annotator's status on a document (todo when none is set).
func (db *DB) Status(ctx context.Context, docID int64, annotator string) (annotate.DocStatus, error) {
	return loadStatus(ctx, db.r, docID, annotator)
}

// AddActiveTime adds seconds of active work to annotator's time on a
// document. It is bookkeeping, not an edit: no log row, no undo.
func (db *DB) AddActiveTime(ctx context.Context, docID int64, annotator string, seconds float64) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	if seconds < 0 || math.IsNaN(seconds) || math.IsInf(seconds, 0) {
		return annotate.Errorf(annotate.ECodeInvalid, "Active time must be a positive number of seconds, not %v.", seconds)
	}
	return db.inTxAs(ctx, "record active time", annotator, func(tx *sql.Tx) error {
		if _, err := loadDocument(ctx, tx, docID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO statuses (document_id, annotator, status, active_seconds, updated)
			VALUES (?, ?, 'todo', ?, ?)
			ON CONFLICT (document_id, annotator) DO UPDATE SET active_seconds = statuses.active_seconds + excluded.active_seconds`,
			docID, annotator, seconds, nanos(db.now()))
		if err != nil {
			return writeErr("record active time", err)
		}
		return nil
	})
}
