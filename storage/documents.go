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

// Import adds many documents, and annotations and statuses imported with
// them, in one transaction: either all of an import is stored or none.
// An Import holds the database's write lock until Commit or Rollback:
// edits through the DB wait for it (so never make one from the goroutine
// that holds an open Import). An Import is not safe for concurrent use.
type Import struct {
	db     *DB
	ctx    context.Context
	tx     *sql.Tx
	schema annotate.Schema
	// doc caches the last document spans were added to: imports add a
	// document's spans right after it.
	doc  annotate.Document
	done bool
}

// BeginImport starts an import.
func (db *DB) BeginImport(ctx context.Context) (*Import, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, writeErr("begin import", err)
	}
	schema, err := loadSchema(ctx, tx)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return &Import{db: db, ctx: ctx, tx: tx, schema: schema}, nil
}

// AddDocument stores doc, whose Text must be frozen already (see
// annotate.FreezeText). InputHash is computed when empty. When a document
// with the same input hash exists, nothing is added and its ID is
// returned with duplicate set.
func (im *Import) AddDocument(doc annotate.Document) (id int64, duplicate bool, err error) {
	if doc.InputHash == "" {
		doc.InputHash = annotate.HashText(doc.Text)
	}
	if len(doc.Meta) == 0 {
		doc.Meta = json.RawMessage("{}")
	}
	if err := doc.Validate(); err != nil {
		return 0, false, err
	}
	err = im.tx.QueryRowContext(im.ctx, "SELECT id FROM documents WHERE input_hash = ?", doc.InputHash).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, writeErr("find duplicate document", err)
	}
	if doc.Created.IsZero() {
		doc.Created = im.db.now()
	}
	res, err := im.tx.ExecContext(im.ctx, `INSERT INTO documents (title, length, input_hash, source, meta, created)
		VALUES (?, ?, ?, ?, ?, ?)`, annotate.Title(doc.Text), annotate.RuneLen(doc.Text), doc.InputHash,
		doc.Source, string(doc.Meta), nanos(doc.Created))
	if err != nil {
		return 0, false, writeErr("add document", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, false, writeErr("add document", err)
	}
	if _, err := im.tx.ExecContext(im.ctx, "INSERT INTO texts (document_id, text) VALUES (?, ?)", id, doc.Text); err != nil {
		return 0, false, writeErr("add document text", err)
	}
	doc.ID = id
	im.doc = doc
	return id, false, nil
}

func (im *Import) document(id int64) (annotate.Document, error) {
	if im.doc.ID == id {
		return im.doc, nil
	}
	d, err := loadDocument(im.ctx, im.tx, id)
	if err != nil {
		return d, err
	}
	im.doc = d
	return d, nil
}

// AddSpan stores an imported span (Origin defaults to imported; Text is
// filled from the document). Imported spans are not in the edit log and
// cannot be undone. A span equal to one already stored is refused.
func (im *Import) AddSpan(s annotate.Span) (int64, error) {
	doc, err := im.document(s.DocumentID)
	if err != nil {
		return 0, err
	}
	if s.Origin == "" {
		s.Origin = annotate.OriginImported
	}
	existing, err := spansOverlapping(im.ctx, im.tx, &s)
	if err != nil {
		return 0, err
	}
	now := im.db.now()
	if s.Created.IsZero() {
		s.Created = now
	}
	if s.Updated.IsZero() {
		s.Updated = s.Created
	}
	if err := checkNewSpan(&doc, &im.schema, existing, &s); err != nil {
		return 0, err
	}
	if err := insertSpan(im.ctx, im.tx, &s); err != nil {
		return 0, err
	}
	return s.ID, nil
}

// SetStatus sets annotator's status on a document, without an edit-log
// row (an import is not an annotator's edit).
func (im *Import) SetStatus(docID int64, annotator string, st annotate.Status) error {
	if _, err := loadDocument(im.ctx, im.tx, docID); err != nil {
		return err
	}
	return putStatus(im.ctx, im.tx, statusState{DocumentID: docID, Annotator: annotator, Status: st, Updated: im.db.now()})
}

// Commit stores everything the import added.
func (im *Import) Commit() error {
	if im.done {
		return annotate.Errorf(annotate.ECodeInternal, "This import has already ended.")
	}
	im.done = true
	if err := im.tx.Commit(); err != nil {
		return writeErr("commit import", err)
	}
	return nil
}

// Rollback discards the import. It is safe to call after Commit (then it
// does nothing), so callers may defer it.
func (im *Import) Rollback() error {
	if im.done {
		return nil
	}
	im.done = true
	if err := im.tx.Rollback(); err != nil {
		return writeErr("roll back import", err)
	}
	return nil
}
