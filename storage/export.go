package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"hashiya/annotate"
)

// ExportFilter chooses what Export streams.
type ExportFilter struct {
	// Annotator limits the export to one annotator; "" exports everyone.
	Annotator string
	// DoneOnly keeps only documents the annotator marked done.
	DoneOnly bool
}

// ExportItem is one annotator's work on one document.
type ExportItem struct {
	Doc         annotate.Document
	Annotator   string
	Status      annotate.DocStatus
	Annotations annotate.Annotations
}

// Export calls fn once per document and annotator that has a status other
// than todo or any annotation on it, ordered by document ID then
// annotator, all read from one snapshot. It holds one item in memory at a
// time. It stops at fn's first error and returns it.
func (db *DB) Export(ctx context.Context, f ExportFilter, fn func(ExportItem) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return readErr("export", err)
	}
	defer tx.Rollback()
	query := `SELECT document_id, annotator FROM (
			SELECT document_id, annotator FROM spans
			UNION SELECT document_id, annotator FROM targets
			UNION SELECT document_id, annotator FROM stances
			UNION SELECT document_id, annotator FROM statuses WHERE status != 'todo')
		WHERE (?1 = '' OR annotator = ?1)`
	if f.DoneOnly {
		query = `SELECT document_id, annotator FROM statuses WHERE status = 'done' AND (?1 = '' OR annotator = ?1)`
	}
	rows, err := tx.QueryContext(ctx, query+" ORDER BY document_id, annotator", f.Annotator)
	if err != nil {
		return readErr("export", err)
	}
	defer rows.Close()
	var doc annotate.Document
	for rows.Next() {
		var it ExportItem
		var docID int64
		if err := rows.Scan(&docID, &it.Annotator); err != nil {
			return readErr("export", err)
		}
		// Items of one document are consecutive: load its text once.
		if doc.ID != docID {
			if doc, err = loadDocument(ctx, tx, docID); err != nil {
				return err
			}
		}
		it.Doc = doc
		if it.Status, err = loadStatus(ctx, tx, docID, it.Annotator); err != nil {
			return err
		}
		if it.Annotations, err = loadAnnotations(ctx, tx, docID, it.Annotator); err != nil {
			return err
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return readErr("export", err)
	}
	return nil
}

// Stats are counts over the whole database.
type Stats struct {
	Documents int
	// ByAnnotator counts, for everyone who has a status or an annotation,
	// their documents in each status; todo counts documents with no other
	// status.
	ByAnnotator    map[string]map[annotate.Status]int
	SpansByLabel   map[string]int
	Targets        int
	StancesByLabel map[string]int
}

// Stats counts documents, statuses, spans, targets and stances.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	s := Stats{ByAnnotator: map[string]map[annotate.Status]int{}, SpansByLabel: map[string]int{}, StancesByLabel: map[string]int{}}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s, readErr("stats", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM targets)").Scan(&s.Documents, &s.Targets); err != nil {
		return s, readErr("stats", err)
	}
	err = eachRow(ctx, tx, `SELECT annotator, '' FROM (SELECT annotator FROM spans UNION SELECT annotator FROM targets
		UNION SELECT annotator FROM stances UNION SELECT annotator FROM statuses)`, func(a, _ string, _ int) {
		s.ByAnnotator[a] = map[annotate.Status]int{annotate.StatusTodo: s.Documents}
	})
	if err != nil {
		return s, err
	}
	err = eachRow(ctx, tx, "SELECT annotator, status, count(*) FROM statuses WHERE status != 'todo' GROUP BY annotator, status", func(a, st string, n int) {
		s.ByAnnotator[a][annotate.Status(st)] = n
		s.ByAnnotator[a][annotate.StatusTodo] -= n
	})
	if err != nil {
		return s, err
	}
	if err := eachRow(ctx, tx, "SELECT label, '', count(*) FROM spans GROUP BY label", func(l, _ string, n int) { s.SpansByLabel[l] = n }); err != nil {
		return s, err
	}
	if err := eachRow(ctx, tx, "SELECT label, '', count(*) FROM stances GROUP BY label", func(l, _ string, n int) { s.StancesByLabel[l] = n }); err != nil {
		return s, err
	}
	return s, nil
}

// eachRow runs a query returning (text, text[, count]) rows.
func eachRow(ctx context.Context, q queryer, query string, fn func(a, b string, n int)) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return readErr("stats", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		var a, b string
		var n int
		dst := []any{&a, &b, &n}[:len(cols)]
		if err := rows.Scan(dst...); err != nil {
			return readErr("stats", err)
		}
		fn(a, b, n)
	}
	if err := rows.Err(); err != nil {
		return readErr("stats", err)
	}
	return nil
}

// Problem is one inconsistency Check found.
type Problem struct {
	// DocumentID and SpanID locate it; 0 when it is not about one.
	DocumentID, SpanID int64
	Message            string
}

// IntegrityCheck runs SQLite's own check of the file and returns "ok" or
// SQLite's list of problems, one per line.
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	rows, err := db.r.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", readErr("integrity check", err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", readErr("integrity check", err)
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		return "", readErr("integrity check", err)
	}
	return strings.Join(lines, "\n"), nil
}

// Check looks for damage: SQLite's integrity check and foreign keys, each
// document's hash, length and title against its text, each span's offsets
// and text against its document, and each stance's holder. It reads one
// document at a time.
func (db *DB) Check(ctx context.Context) ([]Problem, error) {
	var probs []Problem
	ic, err := db.IntegrityCheck(ctx)
	if err != nil {
		return nil, err
	}
	if ic != "ok" {
		for _, l := range strings.Split(ic, "\n") {
			probs = append(probs, Problem{Message: "SQLite integrity check: " + l})
		}
	}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, readErr("check", err)
	}
	defer tx.Rollback()
	fk, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, readErr("check", err)
	}
	for fk.Next() {
		var table, parent string
		var rowid, idx sql.NullInt64
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			fk.Close()
			return nil, readErr("check", err)
		}
		probs = append(probs, Problem{Message: fmt.Sprintf("Row %d of %s points at a missing %s row.", rowid.Int64, table, parent)})
	}
	fk.Close()
	if err := fk.Err(); err != nil {
		return nil, readErr("check", err)
	}
	err = eachIDRow(ctx, tx, `SELECT s.id, s.document_id, s.holder FROM stances s WHERE s.holder != 0 AND NOT EXISTS
		(SELECT 1 FROM targets t WHERE t.id = s.holder AND t.document_id = s.document_id)`, func(v [3]int64) {
		probs = append(probs, Problem{DocumentID: v[1], Message: fmt.Sprintf("Stance %d is held by target %d, which is not in its document.", v[0], v[2])})
	})
	if err != nil {
		return nil, err
	}
	docs, err := tx.QueryContext(ctx, `SELECT d.id, d.title, d.length, d.input_hash, t.text
		FROM documents d LEFT JOIN texts t ON t.document_id = d.id ORDER BY d.id`)
	if err != nil {
		return nil, readErr("check", err)
	}
	defer docs.Close()
	for docs.Next() {
		var id int64
		var title, hash string
		var length int
		var text sql.NullString
		if err := docs.Scan(&id, &title, &length, &hash, &text); err != nil {
			return nil, readErr("check", err)
		}
		if !text.Valid {
			probs = append(probs, Problem{DocumentID: id, Message: fmt.Sprintf("Document %d has no text.", id)})
			continue
		}
		if annotate.HashText(text.String) != hash {
			probs = append(probs, Problem{DocumentID: id, Message: fmt.Sprintf("Document %d's text does not match its input hash: the text was changed.", id)})
		}
		if n := annotate.RuneLen(text.String); n != length {
			probs = append(probs, Problem{DocumentID: id, Message: fmt.Sprintf("Document %d's stored length %d differs from its text's %d characters.", id, length, n)})
		}
		if annotate.Title(text.String) != title {
			probs = append(probs, Problem{DocumentID: id, Message: fmt.Sprintf("Document %d's stored title differs from its first line.", id)})
		}
		spans, err := tx.QueryContext(ctx, `SELECT id, start, "end", text FROM spans WHERE document_id = ? ORDER BY id`, id)
		if err != nil {
			return nil, readErr("check", err)
		}
		ix := annotate.NewOffsetIndex(text.String)
		for spans.Next() {
			var sid int64
			var start, end int
			var stext string
			if err := spans.Scan(&sid, &start, &end, &stext); err != nil {
				spans.Close()
				return nil, readErr("check", err)
			}
			got, err := ix.SliceChecked(start, end)
			switch {
			case err != nil:
				probs = append(probs, Problem{DocumentID: id, SpanID: sid, Message: fmt.Sprintf("Span %d (%d–%d) lies outside document %d's text.", sid, start, end, id)})
			case got != stext:
				probs = append(probs, Problem{DocumentID: id, SpanID: sid, Message: fmt.Sprintf("Span %d says %q but document %d has %q at %d–%d.", sid, stext, id, got, start, end)})
			}
		}
		spans.Close()
		if err := spans.Err(); err != nil {
			return nil, readErr("check", err)
		}
	}
	if err := docs.Err(); err != nil {
		return nil, readErr("check", err)
	}
	return probs, nil
}

// eachIDRow runs a query returning three integers per row.
func eachIDRow(ctx context.Context, q queryer, query string, fn func([3]int64)) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return readErr("check", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v [3]int64
		if err := rows.Scan(&v[0], &v[1], &v[2]); err != nil {
			return readErr("check", err)
		}
		fn(v)
	}
	if err := rows.Err(); err != nil {
		return readErr("check", err)
	}
	return nil
}
