package storage

import (
	"context"
	"database/sql"
)

// MarkStarted moves a document from todo to in progress for annotator,
// and leaves any other status alone. It is bookkeeping that follows the
// annotator's first change, not an edit of theirs: no log row, no undo.
func (db *DB) MarkStarted(ctx context.Context, docID int64, annotator string) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	return db.inTxAs(ctx, "mark started", annotator, func(tx *sql.Tx) error {
		if _, err := loadDocument(ctx, tx, docID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO statuses (document_id, annotator, status, active_seconds, updated)
			VALUES (?, ?, 'in_progress', 0, ?)
			ON CONFLICT (document_id, annotator) DO UPDATE SET status = 'in_progress', updated = excluded.updated
			WHERE statuses.status = 'todo'`,
			docID, annotator, nanos(db.now()))
		if err != nil {
			return writeErr("mark started", err)
		}
		return nil
	})
}
