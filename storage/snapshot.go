package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"hashiya/annotate"
)

// snapshot is the part of the database one edit touches, as it was before
// or after the edit; the edit log stores both as JSON. Moving the
// database from an edit's before to its after snapshot redoes it, and the
// other way round undoes it, so one routine (transition) applies edits,
// undos and redos alike.
type snapshot struct {
	Spans   []annotate.Span   `json:"spans,omitempty"`
	Targets []annotate.Target `json:"targets,omitempty"`
	Stances []annotate.Stance `json:"stances,omitempty"`
	Status  *statusState      `json:"status,omitempty"`
	// Documents are the IDs of whole documents present in this state
	// (an import's after state, a deleted document's before state):
	// moving between states trashes or restores them with everything
	// on them.
	Documents []int64 `json:"documents,omitempty"`
	// Statuses are the statuses an import set on documents stored
	// before it, as they were before it and as it left them.
	Statuses []statusState `json:"statuses,omitempty"`
}

// statusState is an annotator's status on a document as edits change it;
// active time is not part of it (it is not undoable).
type statusState struct {
	DocumentID int64
	Annotator  string
	Status     annotate.Status
	Updated    time.Time
}

// empty reports whether s holds no annotations and no documents.
func (s *snapshot) empty() bool {
	return len(s.Spans) == 0 && len(s.Targets) == 0 && len(s.Stances) == 0 && s.Status == nil && len(s.Documents) == 0 && len(s.Statuses) == 0
}

func hasID[T any](xs []T, id int64, idOf func(*T) int64) bool {
	return slices.ContainsFunc(xs, func(x T) bool { return idOf(&x) == id })
}

func spanID(s *annotate.Span) int64     { return s.ID }
func targetID(t *annotate.Target) int64 { return t.ID }
func stanceID(s *annotate.Stance) int64 { return s.ID }

// transition changes the database from state from to state to: it deletes
// what only from has (stances first, so nothing is left pointing at a
// deleted row) and writes everything in to (spans first, so references
// resolve). Rows in to with ID 0 are inserted and get their IDs filled in.
func transition(ctx context.Context, tx *sql.Tx, from, to *snapshot) error {
	// An import's edit has both: the documents it added, and the
	// annotations it added to (or replaced on) documents stored before.
	if len(from.Documents) > 0 || len(to.Documents) > 0 {
		if err := moveDocuments(ctx, tx, from, to); err != nil {
			return err
		}
	}
	for _, s := range from.Stances {
		if !hasID(to.Stances, s.ID, stanceID) {
			if err := deleteRow(ctx, tx, "stances", s.ID); err != nil {
				return err
			}
		}
	}
	for _, t := range from.Targets {
		if !hasID(to.Targets, t.ID, targetID) {
			if err := deleteRow(ctx, tx, "targets", t.ID); err != nil {
				return err
			}
		}
	}
	for _, s := range from.Spans {
		if !hasID(to.Spans, s.ID, spanID) {
			if err := deleteRow(ctx, tx, "spans", s.ID); err != nil {
				return err
			}
		}
	}
	for i := range to.Spans {
		if err := putSpan(ctx, tx, &to.Spans[i]); err != nil {
			return err
		}
	}
	for i := range to.Targets {
		if err := putTarget(ctx, tx, &to.Targets[i]); err != nil {
			return err
		}
	}
	for i := range to.Stances {
		if err := putStance(ctx, tx, &to.Stances[i]); err != nil {
			return err
		}
	}
	for _, st := range to.Statuses {
		if err := putStatus(ctx, tx, st); err != nil {
			return err
		}
	}
	if to.Status != nil {
		return putStatus(ctx, tx, *to.Status)
	}
	return nil
}

// deleteRow deletes one annotation row; mentions and evidence pointing at
// it go with it (ON DELETE CASCADE).
func deleteRow(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	// table is one of our constant names, never user input.
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = ?", id); err != nil {
		return writeErr(fmt.Sprintf("delete from %s %d", table, id), err)
	}
	return nil
}

// idColumn is the start of an INSERT's column list, placeholders and
// arguments for a row that keeps its ID (undo puts rows back under their
// old IDs); a new row (ID 0) names no ID, and the database numbers it.
// NULL would do for SQLite, but PostgreSQL numbers only an absent ID.
func idColumn(id int64) (column, mark string, args []any) {
	if id == 0 {
		return "", "", nil
	}
	return "id, ", "?, ", []any{id}
}

// putSpan inserts s, or replaces the row with its ID; ID 0 means new.
func putSpan(ctx context.Context, tx *sql.Tx, s *annotate.Span) error {
	c, m, id := idColumn(s.ID)
	err := tx.QueryRowContext(ctx, `INSERT INTO spans (`+c+`document_id, annotator, start, "end", kind, label, origin, text, created, updated)
		VALUES (`+m+`?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, annotator = excluded.annotator,
			start = excluded.start, "end" = excluded."end", kind = excluded.kind, label = excluded.label, origin = excluded.origin,
			text = excluded.text, created = excluded.created, updated = excluded.updated
		RETURNING id`, append(id, s.DocumentID, s.Annotator, s.Start, s.End, s.Kind.String(), s.Label, string(s.Origin), s.Text,
		nanos(s.Created), nanos(s.Updated))...).Scan(&s.ID)
	if err != nil {
		return writeErr("store span", err)
	}
	return nil
}

// putTarget inserts or replaces t and its mentions.
func putTarget(ctx context.Context, tx *sql.Tx, t *annotate.Target) error {
	c, m, id := idColumn(t.ID)
	err := tx.QueryRowContext(ctx, `INSERT INTO targets (`+c+`document_id, annotator, name, topic, created, updated)
		VALUES (`+m+`?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, annotator = excluded.annotator,
			name = excluded.name, topic = excluded.topic, created = excluded.created, updated = excluded.updated
		RETURNING id`, append(id, t.DocumentID, t.Annotator, t.Name, t.Topic, nanos(t.Created), nanos(t.Updated))...).Scan(&t.ID)
	if err != nil {
		return writeErr("store target", err)
	}
	return putList(ctx, tx, "target_mentions", "target_id", t.ID, t.Mentions)
}

// putStance inserts or replaces s and its evidence.
func putStance(ctx context.Context, tx *sql.Tx, s *annotate.Stance) error {
	c, m, id := idColumn(s.ID)
	err := tx.QueryRowContext(ctx, `INSERT INTO stances (`+c+`document_id, annotator, target_id, holder, label, note, created, updated)
		VALUES (`+m+`?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, annotator = excluded.annotator,
			target_id = excluded.target_id, holder = excluded.holder, label = excluded.label, note = excluded.note,
			created = excluded.created, updated = excluded.updated
		RETURNING id`, append(id, s.DocumentID, s.Annotator, s.TargetID, s.Holder, s.Label, s.Note,
		nanos(s.Created), nanos(s.Updated))...).Scan(&s.ID)
	if err != nil {
		return writeErr("store stance", err)
	}
	return putList(ctx, tx, "stance_evidence", "stance_id", s.ID, s.Evidence)
}

// putList replaces the ordered span list of one target or stance.
func putList(ctx context.Context, tx *sql.Tx, table, owner string, id int64, spans []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE "+owner+" = ?", id); err != nil {
		return writeErr("store "+table, err)
	}
	for i, sp := range spans {
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+table+" ("+owner+", span_id, position) VALUES (?, ?, ?)", id, sp, i); err != nil {
			return writeErr("store "+table, err)
		}
	}
	return nil
}

// putStatus sets a status, keeping the active time already recorded.
func putStatus(ctx context.Context, tx *sql.Tx, st statusState) error {
	if err := validStatus(st.Status); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO statuses (document_id, annotator, status, updated) VALUES (?, ?, ?, ?)
		ON CONFLICT (document_id, annotator) DO UPDATE SET status = excluded.status, updated = excluded.updated`,
		st.DocumentID, st.Annotator, string(st.Status), nanos(st.Updated))
	if err != nil {
		return writeErr("store status", err)
	}
	return nil
}

func validStatus(s annotate.Status) error {
	if s.Valid() {
		return nil
	}
	return annotate.Errorf(annotate.ECodeInvalid, "%q is not a document status; use todo, in_progress, done or skipped.", string(s))
}
