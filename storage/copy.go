package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"hashiya/annotate"
)

// CopyStats counts what CopyTo moved.
type CopyStats struct {
	// Documents, Spans and Edits are the live documents, live spans and
	// edit log rows copied; Rows counts every row of every table.
	Documents, Spans, Edits, Rows int64
}

// copyKind is how a column's values travel between the backends, which
// store some of them differently (targets.topic is 0 or 1 in SQLite, a
// BOOLEAN in PostgreSQL).
type copyKind int

const (
	copyPlain copyKind = iota // integers, text, NULL: the same on both
	copyBool
	copyReal
)

type copyCol struct {
	name string
	kind copyKind
}

// copyTable is one table as CopyTo reads and writes it: its columns by
// name (not by position, which the two backends need not share) and the
// key it is read in order of.
type copyTable struct {
	name  string
	cols  []copyCol
	order string
}

func cols(names ...string) []copyCol {
	cs := make([]copyCol, len(names))
	for i, n := range names {
		cs[i] = copyCol{name: n}
		switch n {
		case "topic":
			cs[i].kind = copyBool
		case "active_seconds":
			cs[i].kind = copyReal
		}
	}
	return cs
}

var (
	copyDocuments      = cols("id", "title", "length", "input_hash", "source", "meta", "created")
	copyTexts          = cols("document_id", "text")
	copySpans          = cols("id", "document_id", "annotator", "start", `"end"`, "kind", "label", "origin", "text", "created", "updated")
	copyTargets        = cols("id", "document_id", "annotator", "name", "topic", "created", "updated")
	copyMentions       = cols("target_id", "span_id", "position")
	copyStances        = cols("id", "document_id", "annotator", "target_id", "holder", "label", "note", "created", "updated")
	copyEvidence       = cols("stance_id", "span_id", "position")
	copyStatuses       = cols("document_id", "annotator", "status", "active_seconds", "updated")
	copyStatusesOrder  = "document_id, annotator"
	copyAssignments    = cols("document_id", "annotator", "position", "assigned")
	copyMentionsOrder  = "target_id, span_id"
	copyEvidenceOrder  = "stance_id, span_id"
	copyTextsOrder     = "document_id"
	copyIDOrder        = "id"
	copyTrashRowsOrder = "id, document_id" // trash tables have no key; id is unique in them all the same
)

// copyTables are every table of a project in an order that satisfies the
// foreign keys: parents first, and the edit log before the history that
// points into it. The migrations table is the destination's own, and
// the search index is the destination's own, never copied (FTS5's
// internals are SQLite's alone): every document waits for it.
var copyTables = []copyTable{
	{"settings", cols("key", "value"), "key"},
	{"documents", copyDocuments, copyIDOrder},
	{"texts", copyTexts, copyTextsOrder},
	{"spans", copySpans, copyIDOrder},
	{"targets", copyTargets, copyIDOrder},
	{"target_mentions", copyMentions, copyMentionsOrder},
	{"stances", copyStances, copyIDOrder},
	{"stance_evidence", copyEvidence, copyEvidenceOrder},
	{"statuses", copyStatuses, copyStatusesOrder},
	{"edits", cols("id", "annotator", "at", "document_id", "kind", "before", "after", "reverts"), copyIDOrder},
	{"history", cols("edit_id", "annotator", "undone"), "edit_id"},
	{"trash_documents", copyDocuments, copyIDOrder},
	{"trash_texts", copyTexts, copyTextsOrder},
	{"trash_spans", copySpans, copyTrashRowsOrder},
	{"trash_targets", copyTargets, copyTrashRowsOrder},
	{"trash_target_mentions", copyMentions, copyMentionsOrder},
	{"trash_stances", copyStances, copyTrashRowsOrder},
	{"trash_stance_evidence", copyEvidence, copyEvidenceOrder},
	{"trash_statuses", copyStatuses, copyStatusesOrder},
	{"assignments", copyAssignments, copyStatusesOrder},
	{"trash_assignments", copyAssignments, copyStatusesOrder},
}

// copyCounters are the tables whose IDs the database hands out. An ID is
// never handed out twice (undo puts a deleted row back under its old
// ID, and the edit log remembers rows no table holds any more), so the
// destination's counter starts where the source's stands, not at the
// highest ID still stored.
var copyCounters = []string{"documents", "spans", "targets", "stances", "edits"}

// copyBatchParams bounds the placeholders of one INSERT: SQLite allows
// 32766, PostgreSQL 65535.
const copyBatchParams = 8000

// CopyTo copies the whole project in db into dst, row for row with the
// IDs kept: settings (the label schema with its guidelines, the
// boilerplate lines), documents and texts, every annotator's spans,
// targets, stances and statuses, the edit log with each annotator's undo
// and redo stacks, and the trash. dst's search index is its own: every
// copied document waits for it (see IndexPending), and its ID counters are moved to the source's, so that a
// new row never takes an ID the copied history knows.
//
// dst must hold no project yet (a new database: no documents, no edits,
// nothing in the trash), or the copy is refused and dst is left as it
// was. The source is read in one read transaction, a single snapshot
// while others may go on writing to it; the destination is written in
// one transaction, so a failure or a cancelled ctx leaves it as empty as
// it was. progress, if not nil, is told how many rows of how many are
// copied.
//
// 20,000 articles of about 3 KB with ten spans each take 5.3 to 5.5 s
// from SQLite to SQLite and 6.9 to 8.3 s from SQLite to PostgreSQL on
// loopback, on the shared 2-core build machine (BenchmarkCopy); most of
// the PostgreSQL time is spent waiting on the server (in one profiled
// run the copy's own CPU time was 2.1 s of 6.9 s).
func (db *DB) CopyTo(ctx context.Context, dst *DB, progress func(done, total int64)) (CopyStats, error) {
	var st CopyStats
	if db == dst || db.key == dst.key {
		return st, annotate.Errorf(annotate.ECodeInvalid, "%s cannot be copied onto itself; name another database to copy to.", db.path)
	}
	src, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return st, readErr("copy: begin reading", err)
	}
	defer src.Rollback()
	// The whole of dst is written: nobody else writes to it meanwhile.
	w, err := dst.beginWrite(ctx, lockAll)
	if err != nil {
		return st, writeErr("copy: begin writing", err)
	}
	defer w.Rollback()
	if err := dst.checkEmpty(ctx, w); err != nil {
		return st, err
	}
	counts := make([]int64, len(copyTables))
	var total int64
	for i, t := range copyTables {
		if err := src.QueryRowContext(ctx, "SELECT count(*) FROM "+t.name).Scan(&counts[i]); err != nil {
			return st, readErr("copy: count "+t.name, err)
		}
		total += counts[i]
	}
	if progress != nil {
		progress(0, total)
	}
	// Settings are replaced whole: a new database has the default
	// schema, which the source's replaces.
	if _, err := w.ExecContext(ctx, "DELETE FROM settings"); err != nil {
		return st, writeErr("copy: clear settings", err)
	}
	c := copier{ctx: ctx, src: src, dst: w, pg: dst.pg, progress: progress, total: total}
	for i, t := range copyTables {
		if err := c.table(t); err != nil {
			return st, err
		}
		switch t.name {
		case "documents":
			st.Documents = counts[i]
		case "spans":
			st.Spans = counts[i]
		case "edits":
			st.Edits = counts[i]
		}
	}
	st.Rows = c.done
	if c.done != total {
		// Both come from one snapshot; a difference is a bug, and a
		// partial copy must not be committed.
		return st, annotate.Errorf(annotate.ECodeInternal, "The copy read %d rows of the %d it counted in one snapshot; this is a bug in Hashiya, and nothing was copied.", c.done, total)
	}
	if err := c.counters(db); err != nil {
		return st, err
	}
	if err := w.Commit(); err != nil {
		return st, writeErr("copy: commit", err)
	}
	// The schema came with the settings.
	dst.mu.Lock()
	dst.schema = nil
	dst.mu.Unlock()
	return st, nil
}

// checkEmpty refuses a destination that holds any project data: only
// its settings (a new database has the default schema) may be there. The
// documents it names count the trash's, which undo can bring back.
func (db *DB) checkEmpty(ctx context.Context, tx *sql.Tx) error {
	for _, t := range copyTables {
		if t.name == "settings" {
			continue
		}
		var one int
		switch err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+t.name+" LIMIT 1").Scan(&one); {
		case errors.Is(err, sql.ErrNoRows):
			continue
		case err != nil:
			return readErr("copy: look at destination", err)
		}
		var docs, edits int64
		if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM trash_documents), (SELECT count(*) FROM edits)").Scan(&docs, &edits); err != nil {
			return readErr("copy: look at destination", err)
		}
		return &annotate.Error{Code: annotate.ECodeDuplicate,
			Message: fmt.Sprintf("%s is not empty (%s, %s), so nothing was copied; copy into a new database instead.", db.path,
				countOf(docs, "document", "documents"), countOf(edits, "edit", "edits")),
			Err: fmt.Errorf("copy: destination table %s has rows", t.name)}
	}
	return nil
}

func countOf(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// copier moves rows from one transaction to another.
type copier struct {
	ctx         context.Context
	src, dst    *sql.Tx
	pg          bool // dst is PostgreSQL
	progress    func(done, total int64)
	done, total int64
}

// table copies one table: one query streams it from the source (the
// only result open on the source transaction, which a PostgreSQL
// connection needs) while multi-row INSERTs, prepared once, write it to
// the destination.
func (c *copier) table(t copyTable) error {
	names := make([]string, len(t.cols))
	for i, col := range t.cols {
		names[i] = col.name
	}
	list := strings.Join(names, ", ")
	rows, err := c.src.QueryContext(c.ctx, "SELECT "+list+" FROM "+t.name+" ORDER BY "+t.order)
	if err != nil {
		return readErr("copy: read "+t.name, err)
	}
	defer rows.Close()
	ins := batchInsert{ctx: c.ctx, tx: c.dst, head: "INSERT INTO " + t.name + " (" + list + ") VALUES ", ncols: len(t.cols), what: t.name}
	defer ins.close()
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return readErr("copy: read "+t.name, err)
		}
		for i, col := range t.cols {
			vals[i] = c.convert(col.kind, vals[i])
		}
		if err := ins.add(vals...); err != nil {
			return err
		}
		c.done++
		if c.progress != nil && c.done%1024 == 0 {
			c.progress(c.done, c.total)
		}
	}
	if err := rows.Err(); err != nil {
		return readErr("copy: read "+t.name, err)
	}
	if err := ins.flush(); err != nil {
		return err
	}
	if t.name == "texts" {
		// The search index is the destination's own: every live document
		// waits for it, as after an import (IndexPending, which the window
		// runs in the background; searching is exact meanwhile).
		if _, err := c.dst.ExecContext(c.ctx, pendEveryDocument); err != nil {
			return writeErr("copy: list documents to index", err)
		}
	}
	if c.progress != nil {
		c.progress(c.done, c.total)
	}
	return nil
}

// convert makes a value read from one backend one the other stores in
// the same column: SQLite reads a BOOLEAN back as 0 or 1, which
// PostgreSQL does not take for a BOOLEAN, and a REAL that holds a whole
// number may come back as an integer.
func (c *copier) convert(k copyKind, v any) any {
	switch k {
	case copyBool:
		if n, ok := v.(int64); ok {
			return n != 0
		}
	case copyReal:
		if n, ok := v.(int64); ok {
			return float64(n)
		}
	}
	if b, ok := v.([]byte); ok {
		return string(b) // a driver's buffer is reused by the next Scan
	}
	return v
}

// counters moves dst's ID counters to the source's (see copyCounters),
// or past the highest ID copied if that is further (a live or trashed
// row), so that a new row gets an ID no copied row or edit has.
func (c *copier) counters(src *DB) error {
	for _, t := range copyCounters {
		var n int64
		var err error
		if src.pg {
			err = c.src.QueryRowContext(c.ctx, "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence(?, 'id')), 0)", t).Scan(&n)
		} else {
			err = c.src.QueryRowContext(c.ctx, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)", t).Scan(&n)
		}
		if err != nil {
			return readErr("copy: read the ID counter of "+t, err)
		}
		q := "SELECT COALESCE(max(id), 0) FROM " + t
		if t != "edits" {
			q = "SELECT max(n) FROM (SELECT COALESCE(max(id), 0) AS n FROM " + t + " UNION ALL SELECT COALESCE(max(id), 0) FROM trash_" + t + ") AS m"
		}
		var high int64
		if err := c.dst.QueryRowContext(c.ctx, q).Scan(&high); err != nil {
			return readErr("copy: read the highest ID of "+t, err)
		}
		n = max(n, high)
		if n == 0 {
			continue // nothing was ever numbered
		}
		if c.pg {
			_, err = c.dst.ExecContext(c.ctx, "SELECT setval(pg_get_serial_sequence(?, 'id'), ?)", t, n)
		} else {
			// SQLite keeps an AUTOINCREMENT table's counter in
			// sqlite_sequence, made when the table first gets a row.
			var res sql.Result
			res, err = c.dst.ExecContext(c.ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", n, t)
			if err == nil {
				if k, _ := res.RowsAffected(); k == 0 {
					_, err = c.dst.ExecContext(c.ctx, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", t, n)
				}
			}
		}
		if err != nil {
			return writeErr("copy: set the ID counter of "+t, err)
		}
	}
	return nil
}

// batchInsert gathers rows for one table and writes them a batch at a
// time, through a statement prepared once for a full batch.
type batchInsert struct {
	ctx   context.Context
	tx    *sql.Tx
	head  string // INSERT INTO t (cols) VALUES
	ncols int
	what  string
	args  []any
	full  *sql.Stmt
}

func (b *batchInsert) rowsPerBatch() int { return max(1, min(500, copyBatchParams/b.ncols)) }

func (b *batchInsert) add(vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < b.rowsPerBatch()*b.ncols {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.statement(b.rowsPerBatch()))
		if err != nil {
			return writeErr("copy: prepare "+b.what, err)
		}
		b.full = st
	}
	if _, err := b.full.ExecContext(b.ctx, b.args...); err != nil {
		return writeErr("copy: write "+b.what, err)
	}
	clear(b.args)
	b.args = b.args[:0]
	return nil
}

// flush writes the rows of a last, short batch.
func (b *batchInsert) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	if _, err := b.tx.ExecContext(b.ctx, b.statement(len(b.args)/b.ncols), b.args...); err != nil {
		return writeErr("copy: write "+b.what, err)
	}
	b.args = b.args[:0]
	return nil
}

func (b *batchInsert) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// statement is the INSERT of n rows.
func (b *batchInsert) statement(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.ncols), ", ") + ")"
	var s strings.Builder
	s.Grow(len(b.head) + n*(len(row)+2))
	s.WriteString(b.head)
	for i := range n {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(row)
	}
	return s.String()
}
