package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"hashiya/annotate"
)

// DocSummary is what a document list shows; reading it never loads texts.
type DocSummary struct {
	ID    int64
	Title string
	// Status is the listing annotator's status (todo when none).
	Status annotate.Status
	// Length is the text's length in code points.
	Length int
}

func nanos(t time.Time) int64 { return t.UnixNano() }

// now is the clock at the precision and zone times come back from the
// database, so a value an edit returns equals the one Annotations loads.
func (db *DB) now() time.Time { return fromNanos(nanos(db.Now())) }

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// ListDocuments returns every document, ordered by ID, with annotator's
// status on each. It reads no texts, and the statuses separately (an
// annotator has few), since joining them row by row costs more than the
// scan itself at 100,000 documents.
func (db *DB) ListDocuments(ctx context.Context, annotator string) ([]DocSummary, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, readErr("list documents", err)
	}
	defer tx.Rollback()
	statuses := map[int64]annotate.Status{}
	rows, err := tx.QueryContext(ctx, "SELECT document_id, status FROM statuses WHERE annotator = ?", annotator)
	if err != nil {
		return nil, readErr("list documents", err)
	}
	for rows.Next() {
		var id int64
		var st annotate.Status
		if err := rows.Scan(&id, &st); err != nil {
			rows.Close()
			return nil, readErr("list documents", err)
		}
		statuses[id] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, readErr("list documents", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err != nil {
		return nil, readErr("list documents", err)
	}
	out := make([]DocSummary, 0, n)
	if rows, err = tx.QueryContext(ctx, "SELECT id, title, length FROM documents ORDER BY id"); err != nil {
		return nil, readErr("list documents", err)
	}
	defer rows.Close()
	for rows.Next() {
		d := DocSummary{Status: annotate.StatusTodo}
		if err := rows.Scan(&d.ID, &d.Title, &d.Length); err != nil {
			return nil, readErr("list documents", err)
		}
		if st, ok := statuses[d.ID]; ok {
			d.Status = st
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr("list documents", err)
	}
	return out, nil
}

// queryer is what both *sql.DB and *sql.Tx offer, so helpers run inside
// or outside a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const docColumns = `d.id, t.text, d.meta, d.input_hash, d.source, d.created
	FROM documents d JOIN texts t ON t.document_id = d.id`

func scanDocument(sc interface{ Scan(...any) error }) (annotate.Document, error) {
	var d annotate.Document
	var meta string
	var created int64
	if err := sc.Scan(&d.ID, &d.Text, &meta, &d.InputHash, &d.Source, &created); err != nil {
		return d, err
	}
	d.Meta = json.RawMessage(meta)
	d.Created = fromNanos(created)
	return d, nil
}

func loadDocument(ctx context.Context, q queryer, id int64) (annotate.Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, "SELECT "+docColumns+" WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, annotate.Errorf(annotate.ECodeNotFound, "Document %d does not exist.", id)
	}
	if err != nil {
		return d, readErr(fmt.Sprintf("load document %d", id), err)
	}
	return d, nil
}

// Document returns the document with the given ID.
func (db *DB) Document(ctx context.Context, id int64) (annotate.Document, error) {
	return loadDocument(ctx, db.r, id)
}

// DocumentCount returns the number of documents.
func (db *DB) DocumentCount(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err != nil {
		return 0, readErr("count documents", err)
	}
	return n, nil
}

// Progress returns how many documents annotator has finished (marked done
// or skipped: neither needs more work) and how many there are.
func (db *DB) Progress(ctx context.Context, annotator string) (done, total int, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM statuses WHERE annotator = ? AND status IN ('done', 'skipped')),
		(SELECT count(*) FROM documents)`, annotator).Scan(&done, &total)
	if err != nil {
		return 0, 0, readErr("progress", err)
	}
	return done, total, nil
}

// EachDocument calls fn for every document in ID order, reading them one
// at a time from one snapshot. It stops at fn's first error and returns it.
func (db *DB) EachDocument(ctx context.Context, fn func(annotate.Document) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return readErr("read documents", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT "+docColumns+" ORDER BY d.id")
	if err != nil {
		return readErr("read documents", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return readErr("read documents", err)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return readErr("read documents", err)
	}
	return nil
}
