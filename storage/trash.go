package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"hashiya/annotate"
)

// Documents leave and come back through the trash tables (see migration
// 3): undoing an import trashes the documents it added, redoing it
// restores them; deleting a document trashes it, undoing the deletion
// restores it. The edit log names the documents only.

// trashSteps are the tables a document's rows live in, in the order
// trashing deletes from them (references first); restoring runs them
// backwards. where selects a document's rows, with ? its ID.
var trashSteps = []struct{ table, where string }{
	{"stance_evidence", "stance_id IN (SELECT id FROM %s WHERE document_id = ?)"},
	{"stances", "document_id = ?"},
	{"target_mentions", "target_id IN (SELECT id FROM %s WHERE document_id = ?)"},
	{"targets", "document_id = ?"},
	{"spans", "document_id = ?"},
	{"statuses", "document_id = ?"},
	{"assignments", "document_id = ?"},
	{"texts", "document_id = ?"},
	{"documents", "id = ?"},
}

// parentOf names the table a step's subquery reads: stances for stance
// evidence, targets for mentions.
func parentOf(table string) string {
	switch table {
	case "stance_evidence":
		return "stances"
	case "target_mentions":
		return "targets"
	}
	return ""
}

// moveDocument moves document id and all its rows from the live tables
// to the trash (toTrash) or back. Table names are constants.
func moveDocument(ctx context.Context, tx *sql.Tx, id int64, toTrash bool) error {
	steps := slices.Clone(trashSteps)
	if toTrash {
		// While the document is live, to tell index from pending list.
		if err := reindexMoved(ctx, tx, id, true); err != nil {
			return err
		}
	} else {
		slices.Reverse(steps)
	}
	for _, s := range steps {
		src, dst := s.table, "trash_"+s.table
		if !toTrash {
			src, dst = dst, src
		}
		where := s.where
		if p := parentOf(s.table); p != "" {
			// The parent rows are live either way: trashing moves the
			// children first, restoring the parents first.
			where = fmt.Sprintf(where, p)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+dst+" SELECT * FROM "+src+" WHERE "+where, id); err != nil {
			return writeErr(fmt.Sprintf("move %s of document %d", s.table, id), err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+src+" WHERE "+where, id); err != nil {
			return writeErr(fmt.Sprintf("move %s of document %d", s.table, id), err)
		}
	}
	if toTrash {
		return nil
	}
	return reindexMoved(ctx, tx, id, false)
}

// liveDocument reports whether document id is in the documents table.
func liveDocument(ctx context.Context, q queryer, id int64) (bool, error) {
	var ok bool
	if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?)", id).Scan(&ok); err != nil {
		return false, readErr("find document", err)
	}
	return ok, nil
}

// trashedDocument reports whether document id is in the trash.
func trashedDocument(ctx context.Context, q queryer, id int64) (bool, error) {
	var ok bool
	if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM trash_documents WHERE id = ?)", id).Scan(&ok); err != nil {
		return false, readErr("find document", err)
	}
	return ok, nil
}

// FindDocument resolves what a user typed to name a document: its ID, or
// its input hash (the whole hex SHA-256, or a prefix of at least 8 hex
// digits that only one document has).
func (db *DB) FindDocument(ctx context.Context, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	var id int64
	if _, err := fmt.Sscan(ref, &id); err == nil && fmt.Sprint(id) == ref {
		if ok, err := liveDocument(ctx, db.r, id); err != nil {
			return 0, err
		} else if ok {
			return id, nil
		}
		return 0, annotate.Errorf(annotate.ECodeNotFound, "There is no document %d; hashiya stats counts them, the window lists them.", id)
	}
	if len(ref) < 8 || strings.Trim(strings.ToLower(ref), "0123456789abcdef") != "" {
		return 0, annotate.Errorf(annotate.ECodeInvalid, "%q is neither a document ID nor an input hash (at least 8 hex digits).", ref)
	}
	rows, err := db.r.QueryContext(ctx, "SELECT id FROM documents WHERE input_hash >= ? AND input_hash < ? LIMIT 2",
		strings.ToLower(ref), strings.ToLower(ref)+"g")
	if err != nil {
		return 0, readErr("find document", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return 0, readErr("find document", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return 0, readErr("find document", err)
	}
	switch len(ids) {
	case 0:
		return 0, annotate.Errorf(annotate.ECodeNotFound, "No document has an input hash starting %s.", ref)
	case 1:
		return ids[0], nil
	}
	return 0, annotate.Errorf(annotate.ECodeDuplicate, "More than one document has an input hash starting %s; give more of it.", ref)
}

// DeleteDocument deletes document id with every annotator's work on it,
// as one edit on annotator's undo stack: undoing it brings all of it
// back.
func (db *DB) DeleteDocument(ctx context.Context, annotator string, id int64) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	return db.inTx(ctx, "delete document", func(tx *sql.Tx) error {
		if _, err := loadDocument(ctx, tx, id); err != nil {
			return err
		}
		return db.record(ctx, tx, annotator, id, kindDocDelete, &snapshot{Documents: []int64{id}}, &snapshot{})
	})
}

// moveDocuments is transition's part for documents: those only from has
// go to the trash, those only to has come back from it (when they are
// there: an import's own edit finds them live already).
func moveDocuments(ctx context.Context, tx *sql.Tx, from, to *snapshot) error {
	for _, id := range from.Documents {
		if !slices.Contains(to.Documents, id) {
			if err := moveDocument(ctx, tx, id, true); err != nil {
				return err
			}
		}
	}
	for _, id := range to.Documents {
		if slices.Contains(from.Documents, id) {
			continue
		}
		trashed, err := trashedDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if trashed {
			if err := moveDocument(ctx, tx, id, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkDocuments is checkState's part for documents: from's must be
// live, and those only to has must not be.
func checkDocuments(ctx context.Context, tx *sql.Tx, from, to *snapshot) error {
	for _, id := range from.Documents {
		if ok, err := liveDocument(ctx, tx, id); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("document %d is gone: %w", id, errStale)
		}
	}
	for _, id := range to.Documents {
		if slices.Contains(from.Documents, id) {
			continue
		}
		if ok, err := liveDocument(ctx, tx, id); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("document %d is back: %w", id, errStale)
		}
		if ok, err := trashedDocument(ctx, tx, id); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("document %d is not in the trash: %w", id, errStale)
		}
		// Imported again since, it would come back beside its copy.
		var copied bool
		err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents d JOIN trash_documents t ON d.input_hash = t.input_hash
			WHERE t.id = ?)`, id).Scan(&copied)
		if err != nil {
			return readErr("check history", err)
		}
		if copied {
			return fmt.Errorf("document %d was imported again: %w", id, errStale)
		}
	}
	return nil
}
