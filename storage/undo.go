package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"hashiya/annotate"
)

// Undo and redo.
//
// Each annotator has an undo stack and a redo stack, kept in the history
// table and therefore shared by all documents and surviving restarts:
//
//   - every user edit is pushed on the undo stack and empties the redo
//     stack (what was undone before a new edit cannot be redone);
//   - Undo pops the newest edit of the undo stack, moves the database
//     from the edit's After back to its Before, logs an "undo" row
//     pointing at the edit, and pushes the edit on the redo stack;
//   - Redo pops the oldest edit of the redo stack (the one undone last),
//     moves the database from Before to After again, logs a "redo" row
//     and pushes the edit back on the undo stack.
//
// The edit log itself is never changed. Before replaying, Undo and Redo
// check that the rows involved are still as the edit left them; if not
// (an import or another window changed them), the edit is dropped from
// the history instead, with a sentence saying so.

// Undo reverts annotator's most recent edit that is not undone yet, on
// whatever document it was, and returns that edit.
func (db *DB) Undo(ctx context.Context, annotator string) (Edit, error) {
	return db.replay(ctx, annotator, true)
}

// Redo re-applies the edit annotator undid last, provided they made no new
// edit since, and returns that edit.
func (db *DB) Redo(ctx context.Context, annotator string) (Edit, error) {
	return db.replay(ctx, annotator, false)
}

// errStale is returned inside the transaction when an edit cannot be
// replayed; the caller then drops it from the history.
var errStale = errors.New("annotations changed since the edit")

// errWholeDatabase ends a replay begun as the annotator's own change
// that turned out to move documents (see replay).
var errWholeDatabase = errors.New("the edit changes documents")

func (db *DB) replay(ctx context.Context, annotator string, undo bool) (Edit, error) {
	op, query, none, kind := "undo", "SELECT edit_id FROM history WHERE annotator = ? AND undone = 0 ORDER BY edit_id DESC LIMIT 1",
		ErrNothingToUndo, kindUndo
	if !undo {
		op, query, none, kind = "redo", "SELECT edit_id FROM history WHERE annotator = ? AND undone = 1 ORDER BY edit_id LIMIT 1",
			ErrNothingToRedo, kindRedo
	}
	var e Edit
	// An undo or redo is a change of the annotator's own rows, unless it
	// puts documents in or out of the trash (an import, a deletion):
	// then, on PostgreSQL, it starts again as a change of the whole
	// database (writeLock), which it learns only once it has read the
	// edit.
	lock := writeLock{annotator: annotator}
	fn := func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, query, annotator).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return none
		}
		if err != nil {
			return readErr(op, err)
		}
		if e, err = loadEdit(ctx, tx, id); err != nil {
			return err
		}
		if db.pg && e.ChangesDocuments() && !lock.all {
			return errWholeDatabase
		}
		var before, after snapshot
		if err := json.Unmarshal(e.Before, &before); err != nil {
			return fmt.Errorf("decode edit %d: %w", id, err)
		}
		if err := json.Unmarshal(e.After, &after); err != nil {
			return fmt.Errorf("decode edit %d: %w", id, err)
		}
		from, to := &after, &before
		if !undo {
			from, to = &before, &after
		}
		if err := checkState(ctx, tx, from, to); err != nil {
			return err
		}
		if err := transition(ctx, tx, from, to); err != nil {
			return err
		}
		if _, err := db.appendLog(ctx, tx, annotator, e.DocumentID, kind, from, to, id); err != nil {
			return err
		}
		flag := 1
		if !undo {
			flag = 0
		}
		if _, err := tx.ExecContext(ctx, "UPDATE history SET undone = ? WHERE edit_id = ?", flag, id); err != nil {
			return writeErr(op, err)
		}
		return nil
	}
	err := db.write(ctx, op, lock, fn)
	if errors.Is(err, errWholeDatabase) {
		lock = lockAll
		err = db.write(ctx, op, lock, fn)
	}
	if errors.Is(err, errStale) {
		if derr := db.inTxAs(ctx, op, annotator, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM history WHERE edit_id = ?", e.ID)
			return err
		}); derr != nil {
			return Edit{}, derr
		}
		msg := fmt.Sprintf("Could not %s the %s on document %d: those annotations changed since (in another window or by an import), so it was removed from your history.", op, describe(e.Kind), e.DocumentID)
		if e.DocumentID == 0 {
			// An import spans documents; one of them has gone or come back.
			msg = fmt.Sprintf("Could not %s the %s: its documents changed since (one was deleted or restored, in another window or from the command line), so it was removed from your history.", op, describe(e.Kind))
		}
		return e, &annotate.Error{Code: annotate.ECodeMismatch, Message: msg, Err: fmt.Errorf("%s edit %d: %w", op, e.ID, err)}
	}
	if err != nil {
		return Edit{}, err
	}
	return e, nil
}

// checkLive returns errStale when a row of to would be written on a
// document that is in the trash: an edit made before the document was
// deleted, whose deletion has since left the history.
func checkLive(ctx context.Context, tx *sql.Tx, to *snapshot) error {
	var docs []int64
	add := func(id int64) {
		if !slices.Contains(docs, id) && !slices.Contains(to.Documents, id) {
			docs = append(docs, id)
		}
	}
	for _, s := range to.Spans {
		add(s.DocumentID)
	}
	for _, t := range to.Targets {
		add(t.DocumentID)
	}
	for _, s := range to.Stances {
		add(s.DocumentID)
	}
	for _, s := range to.Statuses {
		add(s.DocumentID)
	}
	if to.Status != nil {
		add(to.Status.DocumentID)
	}
	for _, id := range docs {
		if ok, err := liveDocument(ctx, tx, id); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("document %d is in the trash: %w", id, errStale)
		}
	}
	return nil
}

func describe(kind string) string {
	switch kind {
	case kindSpanAdd:
		return "new span"
	case kindSpanUpdate:
		return "span change"
	case kindSpanDelete:
		return "span deletion"
	case kindTargetAdd:
		return "new target"
	case kindTargetUpdate:
		return "target change"
	case kindTargetDelete:
		return "target deletion"
	case kindStanceAdd:
		return "new stance"
	case kindStanceUpdate:
		return "stance change"
	case kindStanceDelete:
		return "stance deletion"
	case kindStatus:
		return "status change"
	case kindEvidenceAdd:
		return "attached evidence"
	case kindSpanReplace, kindStanceTake:
		return "curation step"
	case kindImport:
		return "import"
	case kindDocDelete:
		return "document deletion"
	}
	return "edit"
}

func loadEdit(ctx context.Context, q queryer, id int64) (Edit, error) {
	var e Edit
	var at int64
	var before, after string
	err := q.QueryRowContext(ctx, "SELECT id, annotator, at, document_id, kind, before, after FROM edits WHERE id = ?", id).
		Scan(&e.ID, &e.Annotator, &at, &e.DocumentID, &e.Kind, &before, &after)
	if err != nil {
		return e, readErr(fmt.Sprintf("load edit %d", id), err)
	}
	e.Time = fromNanos(at)
	e.Before, e.After = json.RawMessage(before), json.RawMessage(after)
	return e, nil
}

// checkState returns errStale unless every row of from exists and every
// row only to has does not.
func checkState(ctx context.Context, tx *sql.Tx, from, to *snapshot) error {
	if len(from.Documents) > 0 || len(to.Documents) > 0 {
		if err := checkDocuments(ctx, tx, from, to); err != nil {
			return err
		}
	}
	if err := checkLive(ctx, tx, to); err != nil {
		return err
	}
	type row struct {
		table string
		id    int64
		want  bool
	}
	var rows []row
	for _, s := range from.Spans {
		rows = append(rows, row{"spans", s.ID, true})
	}
	for _, t := range from.Targets {
		rows = append(rows, row{"targets", t.ID, true})
	}
	for _, s := range from.Stances {
		rows = append(rows, row{"stances", s.ID, true})
	}
	for _, s := range to.Spans {
		if !hasID(from.Spans, s.ID, spanID) {
			rows = append(rows, row{"spans", s.ID, false})
		}
	}
	for _, t := range to.Targets {
		if !hasID(from.Targets, t.ID, targetID) {
			rows = append(rows, row{"targets", t.ID, false})
		}
	}
	for _, s := range to.Stances {
		if !hasID(from.Stances, s.ID, stanceID) {
			rows = append(rows, row{"stances", s.ID, false})
		}
	}
	for _, r := range rows {
		var exists bool
		// r.table is one of the constant names above.
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+r.table+" WHERE id = ?)", r.id).Scan(&exists); err != nil {
			return readErr("check history", err)
		}
		if exists != r.want {
			return fmt.Errorf("%s %d: exists %v: %w", r.table, r.id, exists, errStale)
		}
	}
	return nil
}
