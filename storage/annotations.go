package storage

import (
	"context"
	"database/sql"

	"hashiya/annotate"
)

// Annotations returns annotator's spans (by start, then longest first),
// targets and stances (by ID) on a document, all from one snapshot.
func (db *DB) Annotations(ctx context.Context, docID int64, annotator string) (annotate.Annotations, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return annotate.Annotations{}, readErr("load annotations", err)
	}
	defer tx.Rollback()
	var exists bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?)", docID).Scan(&exists); err != nil {
		return annotate.Annotations{}, readErr("load annotations", err)
	}
	if !exists {
		return annotate.Annotations{}, annotate.Errorf(annotate.ECodeNotFound, "Document %d does not exist.", docID)
	}
	return loadAnnotations(ctx, tx, docID, annotator)
}

func loadAnnotations(ctx context.Context, q queryer, docID int64, annotator string) (annotate.Annotations, error) {
	var a annotate.Annotations
	var err error
	if a.Spans, err = loadSpans(ctx, q, docID, annotator); err != nil {
		return a, err
	}
	if a.Targets, err = loadTargets(ctx, q, docID, annotator); err != nil {
		return a, err
	}
	if a.Stances, err = loadStances(ctx, q, docID, annotator); err != nil {
		return a, err
	}
	return a, nil
}

const spanColumns = `id, document_id, annotator, start, "end", kind, label, origin, text, created, updated FROM spans`

func scanSpan(sc interface{ Scan(...any) error }) (annotate.Span, error) {
	var s annotate.Span
	var created, updated int64
	var kind string
	err := sc.Scan(&s.ID, &s.DocumentID, &s.Annotator, &s.Start, &s.End, &kind, &s.Label, &s.Origin, &s.Text, &created, &updated)
	s.Kind = spanKind(kind)
	s.Created, s.Updated = fromNanos(created), fromNanos(updated)
	return s, err
}

// spanKind reads the kind column: the database says "entity" where the
// model's zero value means it.
func spanKind(col string) annotate.SpanKind {
	if col == annotate.SpanEntity.String() {
		return annotate.SpanEntity
	}
	return annotate.SpanKind(col)
}

func loadSpans(ctx context.Context, q queryer, docID int64, annotator string) ([]annotate.Span, error) {
	return collectSpans(q.QueryContext(ctx, "SELECT "+spanColumns+
		` WHERE document_id = ? AND annotator = ? ORDER BY start, "end" DESC, id`, docID, annotator))
}

// collectSpans reads the rows of a query on spanColumns, taking the
// query's error too so that callers stay one line.
func collectSpans(rows *sql.Rows, err error) ([]annotate.Span, error) {
	if err != nil {
		return nil, readErr("load spans", err)
	}
	defer rows.Close()
	var out []annotate.Span
	for rows.Next() {
		s, err := scanSpan(rows)
		if err != nil {
			return nil, readErr("load spans", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr("load spans", err)
	}
	return out, nil
}

// idLists reads (owner, member) pairs ordered by owner and position into a
// map, for target mentions and stance evidence.
func idLists(ctx context.Context, q queryer, query string, args ...any) (map[int64][]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, readErr("load references", err)
	}
	defer rows.Close()
	m := map[int64][]int64{}
	for rows.Next() {
		var owner, member int64
		if err := rows.Scan(&owner, &member); err != nil {
			return nil, readErr("load references", err)
		}
		m[owner] = append(m[owner], member)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr("load references", err)
	}
	return m, nil
}

func loadTargets(ctx context.Context, q queryer, docID int64, annotator string) ([]annotate.Target, error) {
	return queryTargets(ctx, q, "document_id = ? AND annotator = ?", docID, annotator)
}

// queryTargets loads the targets matching where (a condition on the
// targets table), with their mentions.
func queryTargets(ctx context.Context, q queryer, where string, args ...any) ([]annotate.Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, document_id, annotator, name, topic, created, updated
		FROM targets WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, readErr("load targets", err)
	}
	var out []annotate.Target
	for rows.Next() {
		var t annotate.Target
		var created, updated int64
		if err := rows.Scan(&t.ID, &t.DocumentID, &t.Annotator, &t.Name, &t.Topic, &created, &updated); err != nil {
			rows.Close()
			return nil, readErr("load targets", err)
		}
		t.Created, t.Updated = fromNanos(created), fromNanos(updated)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, readErr("load targets", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	m, err := idLists(ctx, q, `SELECT m.target_id, m.span_id FROM target_mentions m
		WHERE m.target_id IN (SELECT id FROM targets WHERE `+where+`) ORDER BY m.target_id, m.position`, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Mentions = m[out[i].ID]
	}
	return out, nil
}

func loadStances(ctx context.Context, q queryer, docID int64, annotator string) ([]annotate.Stance, error) {
	return queryStances(ctx, q, "document_id = ? AND annotator = ?", docID, annotator)
}

func queryStances(ctx context.Context, q queryer, where string, args ...any) ([]annotate.Stance, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, document_id, annotator, target_id, holder, label, note, created, updated
		FROM stances WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, readErr("load stances", err)
	}
	var out []annotate.Stance
	for rows.Next() {
		var s annotate.Stance
		var created, updated int64
		if err := rows.Scan(&s.ID, &s.DocumentID, &s.Annotator, &s.TargetID, &s.Holder, &s.Label, &s.Note, &created, &updated); err != nil {
			rows.Close()
			return nil, readErr("load stances", err)
		}
		s.Created, s.Updated = fromNanos(created), fromNanos(updated)
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, readErr("load stances", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	m, err := idLists(ctx, q, `SELECT e.stance_id, e.span_id FROM stance_evidence e
		WHERE e.stance_id IN (SELECT id FROM stances WHERE `+where+`) ORDER BY e.stance_id, e.position`, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Evidence = m[out[i].ID]
	}
	return out, nil
}
