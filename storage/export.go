package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"hashiya/annotate"
)

// ExportFilter chooses what Export streams.
type ExportFilter struct {
	// Annotator limits the export to one annotator; "" exports everyone.
	Annotator string
	// DoneOnly keeps only documents the annotator marked done.
	DoneOnly bool
	// Evidence includes evidence spans, and the stances' references to
	// them. Only the stance export asks for them: an NER export (Prodigy
	// spans, doccano labels, CoNLL) must never carry a quote as if it
	// were an entity, so the zero filter leaves them out.
	Evidence bool
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
//
// It runs one query per table, each ordered by document and annotator,
// and merges their rows: a few queries per item cost more than the
// export's encoding once the statements are prepared for each.
func (db *DB) Export(ctx context.Context, f ExportFilter, fn func(ExportItem) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return readErr("export", err)
	}
	defer tx.Rollback()
	items := `SELECT document_id, annotator FROM (
			SELECT document_id, annotator FROM spans
			UNION SELECT document_id, annotator FROM targets
			UNION SELECT document_id, annotator FROM stances
			UNION SELECT document_id, annotator FROM statuses WHERE status != 'todo') AS worked
		WHERE (?1 = '' OR annotator = ?1)`
	if f.DoneOnly {
		items = `SELECT document_id, annotator FROM statuses WHERE status = 'done' AND (?1 = '' OR annotator = ?1)`
	}
	// Every query takes the annotator as ?1; an item's rows are those
	// with its key, and rows of other keys are skipped.
	const mine = "(?1 = '' OR annotator = ?1)"
	m := exportMerge{ctx: ctx, tx: tx, annotator: f.Annotator, pg: db.pg}
	defer m.close()
	keys := openCursor(&m, "SELECT document_id, annotator, 0 FROM ("+items+") AS items ORDER BY document_id, annotator", scanKeyOnly)
	docs := openCursor(&m, `SELECT d.id, '', 0, t.text, d.meta, d.input_hash, d.source, d.created
		FROM documents d JOIN texts t ON t.document_id = d.id
		WHERE d.id IN (SELECT document_id FROM (`+items+`) AS items) ORDER BY d.id`, scanExportDoc)
	statuses := openCursor(&m, `SELECT document_id, annotator, 0, status, active_seconds, updated FROM statuses
		WHERE `+mine+` ORDER BY document_id, annotator`, scanExportStatus)
	// A span's own document and annotator are the key, and its ID the
	// owner: each column read costs, and an export reads every span.
	// The rows come in the order of the spans_unique index, which SQLite
	// reads without sorting; each item's few spans are sorted below.
	kinds, evidenceJoin := " AND kind = 'entity'", " JOIN spans sp ON sp.id = e.span_id AND sp.kind = 'entity'"
	if f.Evidence {
		kinds, evidenceJoin = "", ""
	}
	spans := openCursor(&m, `SELECT document_id, annotator, id, start, "end", kind, label, origin, text, created, updated FROM spans
		WHERE `+mine+kinds+` ORDER BY document_id, annotator, start, "end", label`, scanExportSpan)
	targets := openCursor(&m, `SELECT document_id, annotator, id, id, name, topic, created, updated FROM targets
		WHERE `+mine+` ORDER BY document_id, annotator, id`, scanExportTarget)
	mentions := openCursor(&m, `SELECT t.document_id, t.annotator, t.id, m.span_id FROM target_mentions m
		JOIN targets t ON t.id = m.target_id WHERE (?1 = '' OR t.annotator = ?1)
		ORDER BY t.document_id, t.annotator, t.id, m.position`, scanExportRef)
	stances := openCursor(&m, `SELECT document_id, annotator, id, id, target_id, holder, label, note, created, updated FROM stances
		WHERE `+mine+` ORDER BY document_id, annotator, id`, scanExportStance)
	evidence := openCursor(&m, `SELECT s.document_id, s.annotator, s.id, e.span_id FROM stance_evidence e
		JOIN stances s ON s.id = e.stance_id`+evidenceJoin+` WHERE (?1 = '' OR s.annotator = ?1)
		ORDER BY s.document_id, s.annotator, s.id, e.position`, scanExportRef)
	if m.err != nil {
		return m.err
	}
	var doc annotate.Document
	var spanBuf []annotate.Span
	for {
		k, _, ok := keys.next()
		if !ok {
			break
		}
		it := ExportItem{Annotator: k.annotator}
		// Items of one document are consecutive: read its text once.
		if doc.ID != k.doc {
			if d, ok := docs.find(exportKey{doc: k.doc}, true); ok {
				doc = d
			} else if m.err == nil {
				m.err = readErr("export", fmt.Errorf("document %d has no text", k.doc))
			}
		}
		it.Doc = doc
		it.Status = annotate.DocStatus{DocumentID: k.doc, Annotator: k.annotator, Status: annotate.StatusTodo}
		if st, ok := statuses.find(k, false); ok {
			st.DocumentID, st.Annotator = k.doc, k.annotator
			it.Status = st
		}
		a := &it.Annotations
		// The spans are gathered in scratch space and copied out in one
		// allocation: an item leaves with fn, so its slices are its own.
		spanBuf = spanBuf[:0]
		spans.each(k, func(id int64, s annotate.Span) {
			s.ID, s.DocumentID, s.Annotator = id, k.doc, k.annotator
			spanBuf = append(spanBuf, s)
		})
		if len(spanBuf) > 0 {
			a.Spans = slices.Clone(spanBuf)
		}
		// By start, longest first, as Annotations lists them.
		slices.SortFunc(a.Spans, func(x, y annotate.Span) int {
			return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(y.End, x.End), cmp.Compare(x.ID, y.ID))
		})
		targets.each(k, func(_ int64, t annotate.Target) { a.Targets = append(a.Targets, t) })
		mentions.each(k, func(owner int64, span int64) {
			for i := range a.Targets {
				if a.Targets[i].ID == owner {
					a.Targets[i].Mentions = append(a.Targets[i].Mentions, span)
				}
			}
		})
		stances.each(k, func(_ int64, s annotate.Stance) { a.Stances = append(a.Stances, s) })
		evidence.each(k, func(owner int64, span int64) {
			for i := range a.Stances {
				if a.Stances[i].ID == owner {
					a.Stances[i].Evidence = append(a.Stances[i].Evidence, span)
				}
			}
		})
		if m.err != nil {
			return m.err
		}
		for i := range a.Targets {
			a.Targets[i].DocumentID, a.Targets[i].Annotator = k.doc, k.annotator
		}
		for i := range a.Stances {
			a.Stances[i].DocumentID, a.Stances[i].Annotator = k.doc, k.annotator
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	return m.err
}

// exportKey orders an export: by document, then annotator (compared
// bytewise, as SQLite's BINARY collation orders them).
type exportKey struct {
	doc       int64
	annotator string
}

func (k exportKey) less(o exportKey) bool {
	return k.doc < o.doc || k.doc == o.doc && k.annotator < o.annotator
}

// exportMerge holds the ordered queries of one export; the first error
// any of them meets is kept in err and ends the export.
type exportMerge struct {
	ctx       context.Context
	tx        *sql.Tx
	annotator string
	rows      []*sql.Rows
	err       error
	// pg is set on PostgreSQL, where a connection streams one result at
	// a time: each query becomes a server-side cursor (named cN after
	// cursors, counted) read pgBatch rows at a time.
	pg      bool
	cursors int
}

// pgBatch is how many rows a PostgreSQL export cursor fetches at once:
// enough that a round trip costs little per row, few enough that a batch
// of texts (a few KB each) stays small.
const pgBatch = 500

// exportScan reads one row whose first three columns are the document
// ID, the annotator and an owner ID (a target's or stance's, for the
// rows of lists; a span's own ID), into a value.
type exportScan[T any] func(rows *sql.Rows, k *exportKey, owner *int64) (T, error)

// exportCursor walks one ordered query, one row ahead. Its values are
// typed, so that rows are not boxed in interfaces.
type exportCursor[T any] struct {
	m     *exportMerge
	rows  *sql.Rows
	scan  exportScan[T]
	key   exportKey
	owner int64
	val   T
	ok    bool // key, owner and val hold the next row
	// name, buf and drained serve a PostgreSQL cursor (exportMerge.pg).
	name    string
	buf     []cursorRow[T]
	drained bool
}

type cursorRow[T any] struct {
	key   exportKey
	owner int64
	val   T
}

func openCursor[T any](m *exportMerge, query string, scan exportScan[T]) *exportCursor[T] {
	c := &exportCursor[T]{m: m, scan: scan}
	if m.err != nil {
		return c
	}
	if m.pg {
		m.cursors++
		c.name = fmt.Sprintf("c%d", m.cursors)
		if _, err := m.tx.ExecContext(m.ctx, "DECLARE "+c.name+" NO SCROLL CURSOR FOR "+query, m.annotator); err != nil {
			m.err = readErr("export", err)
			return c
		}
		c.advance()
		return c
	}
	rows, err := m.tx.QueryContext(m.ctx, query, m.annotator)
	if err != nil {
		m.err = readErr("export", err)
		return c
	}
	c.rows = rows
	m.rows = append(m.rows, rows)
	c.advance()
	return c
}

func (m *exportMerge) close() {
	for _, r := range m.rows {
		r.Close()
	}
}

// advance reads the next row into c.
func (c *exportCursor[T]) advance() {
	c.ok = false
	if c.name != "" {
		c.advancePG()
		return
	}
	if c.m.err != nil || c.rows == nil {
		return
	}
	if !c.rows.Next() {
		if err := c.rows.Err(); err != nil {
			c.m.err = readErr("export", err)
		}
		return
	}
	v, err := c.scan(c.rows, &c.key, &c.owner)
	if err != nil {
		c.m.err = readErr("export", err)
		return
	}
	c.val, c.ok = v, true
}

// advancePG is advance for a PostgreSQL cursor: the next row from the
// batch, fetching the next batch (the whole of it, closing its result
// before any other cursor reads) when this one is used up.
func (c *exportCursor[T]) advancePG() {
	if c.m.err != nil {
		return
	}
	if len(c.buf) == 0 && !c.drained {
		rows, err := c.m.tx.QueryContext(c.m.ctx, fmt.Sprintf("FETCH FORWARD %d FROM %s", pgBatch, c.name))
		if err != nil {
			c.m.err = readErr("export", err)
			return
		}
		for rows.Next() {
			var r cursorRow[T]
			if r.val, err = c.scan(rows, &r.key, &r.owner); err != nil {
				rows.Close()
				c.m.err = readErr("export", err)
				return
			}
			c.buf = append(c.buf, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			c.m.err = readErr("export", err)
			return
		}
		c.drained = len(c.buf) < pgBatch
	}
	if len(c.buf) == 0 {
		return
	}
	r := c.buf[0]
	c.buf = c.buf[1:]
	c.key, c.owner, c.val, c.ok = r.key, r.owner, r.val, true
}

// next returns the next row and moves past it.
func (c *exportCursor[T]) next() (exportKey, T, bool) {
	if !c.ok {
		var zero T
		return exportKey{}, zero, false
	}
	k, v := c.key, c.val
	c.advance()
	return k, v, true
}

// skip moves past the rows before k.
func (c *exportCursor[T]) skip(k exportKey, docOnly bool) {
	for c.ok && (c.key.doc < k.doc || !docOnly && c.key.less(k)) {
		c.advance()
	}
}

// find returns the one row with key k (comparing only the document when
// docOnly), if there is one.
func (c *exportCursor[T]) find(k exportKey, docOnly bool) (T, bool) {
	c.skip(k, docOnly)
	if c.ok && (c.key == k || docOnly && c.key.doc == k.doc) {
		_, v, _ := c.next()
		return v, true
	}
	var zero T
	return zero, false
}

// each calls fn with every row with key k, in order.
func (c *exportCursor[T]) each(k exportKey, fn func(owner int64, v T)) {
	c.skip(k, false)
	for c.ok && c.key == k {
		fn(c.owner, c.val)
		c.advance()
	}
}

func scanKeyOnly(rows *sql.Rows, k *exportKey, owner *int64) (struct{}, error) {
	return struct{}{}, rows.Scan(&k.doc, &k.annotator, owner)
}

func scanExportDoc(rows *sql.Rows, k *exportKey, owner *int64) (annotate.Document, error) {
	var d annotate.Document
	var meta string
	var created int64
	if err := rows.Scan(&k.doc, &k.annotator, owner, &d.Text, &meta, &d.InputHash, &d.Source, &created); err != nil {
		return d, err
	}
	d.ID, d.Meta, d.Created = k.doc, json.RawMessage(meta), fromNanos(created)
	return d, nil
}

func scanExportStatus(rows *sql.Rows, k *exportKey, owner *int64) (annotate.DocStatus, error) {
	var s annotate.DocStatus
	var updated int64
	if err := rows.Scan(&k.doc, &k.annotator, owner, &s.Status, &s.ActiveSeconds, &updated); err != nil {
		return s, err
	}
	s.Updated = fromNanos(updated)
	return s, nil
}

// scanExportSpan reads a span without its ID, document and annotator:
// the owner and key columns hold them.
func scanExportSpan(rows *sql.Rows, k *exportKey, owner *int64) (annotate.Span, error) {
	var s annotate.Span
	var created, updated int64
	var kind string
	err := rows.Scan(&k.doc, &k.annotator, owner, &s.Start, &s.End, &kind, &s.Label, &s.Origin, &s.Text, &created, &updated)
	s.Kind = spanKind(kind)
	s.Created, s.Updated = fromNanos(created), fromNanos(updated)
	return s, err
}

func scanExportTarget(rows *sql.Rows, k *exportKey, owner *int64) (annotate.Target, error) {
	var t annotate.Target
	var created, updated int64
	err := rows.Scan(&k.doc, &k.annotator, owner, &t.ID, &t.Name, &t.Topic, &created, &updated)
	t.Created, t.Updated = fromNanos(created), fromNanos(updated)
	return t, err
}

func scanExportStance(rows *sql.Rows, k *exportKey, owner *int64) (annotate.Stance, error) {
	var s annotate.Stance
	var created, updated int64
	err := rows.Scan(&k.doc, &k.annotator, owner, &s.ID, &s.TargetID, &s.Holder, &s.Label, &s.Note, &created, &updated)
	s.Created, s.Updated = fromNanos(created), fromNanos(updated)
	return s, err
}

// scanExportRef reads a (document, annotator, owner, span ID) row of
// target mentions or stance evidence.
func scanExportRef(rows *sql.Rows, k *exportKey, owner *int64) (int64, error) {
	var span int64
	err := rows.Scan(&k.doc, &k.annotator, owner, &span)
	return span, err
}

// Stats are counts over the whole database.
type Stats struct {
	Documents int
	// ByAnnotator counts, for everyone who has a status or an annotation,
	// their documents in each status; todo counts documents with no other
	// status.
	ByAnnotator map[string]map[annotate.Status]int
	// SpansByLabel counts entity spans by label, and evidence spans,
	// which have none, under EvidenceLabel.
	SpansByLabel   map[string]int
	Targets        int
	StancesByLabel map[string]int
	// Queues is each assigned annotator's progress through their queue
	// (hashiya assign); empty when nobody has one.
	Queues map[string]QueueCount
}

// statsSteps is how many queries Stats runs, the unit of its progress.
const statsSteps = 6

// Stats counts documents, statuses, spans, targets and stances.
func (db *DB) Stats(ctx context.Context) (Stats, error) { return db.StatsProgress(ctx, nil) }

// StatsProgress is Stats telling progress, if it is not nil, how many of
// its queries have run: each counts over a whole table, so there is no
// finer unit.
func (db *DB) StatsProgress(ctx context.Context, progress func(done, total int64)) (Stats, error) {
	step := func(done int64) {
		if progress != nil {
			progress(done, statsSteps)
		}
	}
	step(0)
	s := Stats{ByAnnotator: map[string]map[annotate.Status]int{}, SpansByLabel: map[string]int{}, StancesByLabel: map[string]int{}}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s, readErr("stats", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM targets)").Scan(&s.Documents, &s.Targets); err != nil {
		return s, readErr("stats", err)
	}
	step(1)
	err = eachRow(ctx, tx, `SELECT annotator, '' FROM (SELECT annotator FROM spans UNION SELECT annotator FROM targets
		UNION SELECT annotator FROM stances UNION SELECT annotator FROM statuses) AS a`, func(a, _ string, _ int) {
		s.ByAnnotator[a] = map[annotate.Status]int{annotate.StatusTodo: s.Documents}
	})
	if err != nil {
		return s, err
	}
	step(2)
	err = eachRow(ctx, tx, "SELECT annotator, status, count(*) FROM statuses WHERE status != 'todo' GROUP BY annotator, status", func(a, st string, n int) {
		s.ByAnnotator[a][annotate.Status(st)] = n
		s.ByAnnotator[a][annotate.StatusTodo] -= n
	})
	if err != nil {
		return s, err
	}
	step(3)
	if err := eachRow(ctx, tx, "SELECT CASE kind WHEN 'evidence' THEN '"+EvidenceLabel+"' ELSE label END, '', count(*) FROM spans GROUP BY 1", func(l, _ string, n int) { s.SpansByLabel[l] = n }); err != nil {
		return s, err
	}
	step(4)
	if err := eachRow(ctx, tx, "SELECT label, '', count(*) FROM stances GROUP BY label", func(l, _ string, n int) { s.StancesByLabel[l] = n }); err != nil {
		return s, err
	}
	step(5)
	if s.Queues, err = queueCounts(ctx, tx); err != nil {
		return s, err
	}
	step(statsSteps)
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

// EvidenceLabel is the name Stats.SpansByLabel counts evidence spans
// under.
const EvidenceLabel = "(evidence)"

// Problem is one inconsistency Check found.
type Problem struct {
	// DocumentID and SpanID locate it; 0 when it is not about one.
	DocumentID, SpanID int64
	Message            string
}

// IntegrityCheck runs SQLite's own check of the file and returns "ok" or
// SQLite's list of problems, one per line.
//
// A PostgreSQL server guards its own files (page checksums, and amcheck
// for its administrator); a client has nothing of that kind to check, so
// it reports "ok", and Check's content checks are the whole check.
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	if db.pg {
		return "ok", nil
	}
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
	content, err := db.CheckContent(ctx, nil)
	return append(probs, content...), err
}

// CheckContent is Check without SQLite's integrity check (for a caller
// that reports that itself), telling progress, if it is not nil, how
// many documents of how many it has checked: reading every text is what
// takes long on a large database.
func (db *DB) CheckContent(ctx context.Context, progress func(done, total int64)) ([]Problem, error) {
	var probs []Problem
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, readErr("check", err)
	}
	defer tx.Rollback()
	// PostgreSQL enforces foreign keys on every change, and has no such
	// check; SQLite's can be switched off by another program.
	if !db.pg {
		if probs, err = foreignKeyProblems(ctx, tx); err != nil {
			return nil, err
		}
	}
	err = eachIDRow(ctx, tx, `SELECT s.id, s.document_id, s.holder FROM stances s WHERE s.holder != 0 AND NOT EXISTS
		(SELECT 1 FROM targets t WHERE t.id = s.holder AND t.document_id = s.document_id)`, func(v [3]int64) {
		probs = append(probs, Problem{DocumentID: v[1], Message: fmt.Sprintf("Stance %d is held by target %d, which is not in its document.", v[0], v[2])})
	})
	if err != nil {
		return nil, err
	}
	var done, total int64
	if progress != nil {
		// Counted in the check's own transaction, so done ends at total.
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&total); err != nil {
			return nil, readErr("check", err)
		}
		progress(0, total)
	}
	// Documents are read a batch at a time, each batch closed before its
	// spans are read: a PostgreSQL connection streams one result at a
	// time, and a batch of texts stays small.
	var last int64
	for {
		batch, err := readCheckBatch(ctx, tx, last)
		if err != nil {
			return nil, err
		}
		if len(batch) == 0 {
			break
		}
		last = batch[len(batch)-1].id
		for _, d := range batch {
			if progress != nil && done > 0 {
				progress(done, total)
			}
			done++
			p, err := checkDocument(ctx, tx, d)
			if err != nil {
				return nil, err
			}
			probs = append(probs, p...)
		}
	}
	if progress != nil && done > 0 {
		progress(done, total)
	}
	return probs, nil
}

// checkBatch is how many documents CheckContent reads at once.
const checkBatch = 256

// checkRow is one document as CheckContent reads it.
type checkRow struct {
	id          int64
	title, hash string
	length      int
	text        sql.NullString
}

// readCheckBatch reads the next checkBatch documents after ID last.
func readCheckBatch(ctx context.Context, tx *sql.Tx, last int64) ([]checkRow, error) {
	docs, err := tx.QueryContext(ctx, `SELECT d.id, d.title, d.length, d.input_hash, t.text
		FROM documents d LEFT JOIN texts t ON t.document_id = d.id WHERE d.id > ? ORDER BY d.id LIMIT ?`, last, checkBatch)
	if err != nil {
		return nil, readErr("check", err)
	}
	defer docs.Close()
	var batch []checkRow
	for docs.Next() {
		var d checkRow
		if err := docs.Scan(&d.id, &d.title, &d.length, &d.hash, &d.text); err != nil {
			return nil, readErr("check", err)
		}
		batch = append(batch, d)
	}
	if err := docs.Err(); err != nil {
		return nil, readErr("check", err)
	}
	return batch, nil
}

// foreignKeyProblems runs SQLite's foreign key check.
func foreignKeyProblems(ctx context.Context, tx *sql.Tx) ([]Problem, error) {
	fk, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, readErr("check", err)
	}
	defer fk.Close()
	var probs []Problem
	for fk.Next() {
		var table, parent string
		var rowid, idx sql.NullInt64
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			return nil, readErr("check", err)
		}
		probs = append(probs, Problem{Message: fmt.Sprintf("Row %d of %s points at a missing %s row.", rowid.Int64, table, parent)})
	}
	if err := fk.Err(); err != nil {
		return nil, readErr("check", err)
	}
	return probs, nil
}

// checkDocument checks one document's hash, length and title against its
// text, and its spans' offsets and texts.
func checkDocument(ctx context.Context, tx *sql.Tx, d checkRow) ([]Problem, error) {
	id, title, hash, length, text := d.id, d.title, d.hash, d.length, d.text
	var probs []Problem
	if !text.Valid {
		return []Problem{{DocumentID: id, Message: fmt.Sprintf("Document %d has no text.", id)}}, nil
	}
	if annotate.HashText(text.String) != hash {
		probs = append(probs, Problem{DocumentID: id, Message: fmt.Sprintf("Document %d's text does not match its input hash: the text was changed.", id)})
	}
	if n := annotate.RuneLen(text.String); n != length {
		probs = append(probs, Problem{DocumentID: id, Message: fmt.Sprintf("Document %d's stored length %d differs from its text's %d characters.", id, length, n)})
	}
	if title != annotate.Title(text.String) && title != annotate.TitleAfterFirst(text.String) {
		probs = append(probs, Problem{DocumentID: id, Message: fmt.Sprintf("Document %d's stored title differs from its first line (and from its second, used when the first is boilerplate).", id)})
	}
	spans, err := tx.QueryContext(ctx, `SELECT id, start, "end", text FROM spans WHERE document_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, readErr("check", err)
	}
	defer spans.Close()
	ix := annotate.NewOffsetIndex(text.String)
	for spans.Next() {
		var sid int64
		var start, end int
		var stext string
		if err := spans.Scan(&sid, &start, &end, &stext); err != nil {
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
	if err := spans.Err(); err != nil {
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
