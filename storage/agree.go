package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"hashiya/annotate"
)

// Annotators returns, sorted, everyone who has a status other than todo
// or any span, target or stance in the database; with doneOnly, everyone
// who marked a document done (an index answers that without reading every
// span).
func (db *DB) Annotators(ctx context.Context, doneOnly bool) ([]string, error) {
	query := `SELECT annotator FROM spans UNION SELECT annotator FROM targets
		UNION SELECT annotator FROM stances UNION SELECT annotator FROM statuses WHERE status != 'todo'
		ORDER BY 1`
	if doneOnly {
		query = "SELECT DISTINCT annotator FROM statuses WHERE status = 'done' ORDER BY 1"
	}
	return db.names(ctx, "list annotators", query)
}

// WorkedDocument is a document with the work of each annotator on it, as
// agreement reads them.
type WorkedDocument struct {
	// Doc has its ID, Text and InputHash.
	Doc annotate.Document
	// Length is the text's length in code points.
	Length int
	// Work is ordered by annotator. Its spans carry their ID, offsets and
	// label; targets their ID, name, topic and mentions; stances their
	// ID, target, holder and label; statuses their status. Nothing else
	// is read: agreement reads every span of the database, and each
	// column read costs.
	Work []ExportItem
}

// EachWorkedDocument calls fn once per document that one of annotators
// (everyone when empty) has worked on (a status other than todo, or any
// annotation), in document ID order, all read from one snapshot. It stops
// at fn's first error and returns it.
//
// Like Export, it runs one ordered query per table and merges their rows.
func (db *DB) EachWorkedDocument(ctx context.Context, annotators []string, fn func(WorkedDocument) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return readErr("read work", err)
	}
	defer tx.Rollback()
	// A document is worked on when any of these finds a row: each is an
	// index lookup, and most documents are found by the first, where the
	// union of every table's (document, annotator) keys sorted half a
	// million span rows first.
	worked := `EXISTS (SELECT 1 FROM statuses s WHERE s.document_id = d.id AND s.status != 'todo')
		OR EXISTS (SELECT 1 FROM spans s WHERE s.document_id = d.id)
		OR EXISTS (SELECT 1 FROM targets s WHERE s.document_id = d.id)
		OR EXISTS (SELECT 1 FROM stances s WHERE s.document_id = d.id)`
	m := exportMerge{ctx: ctx, tx: tx, pg: db.pg}
	defer m.close()
	docs := openCursor(&m, `SELECT d.id, '', d.length, t.text, d.input_hash FROM documents d JOIN texts t ON t.document_id = d.id
		WHERE ?1 = ?1 AND (`+worked+`) ORDER BY d.id`, scanWorkedDoc)
	statuses := openCursor(&m, `SELECT document_id, annotator, 0, status FROM statuses
		WHERE ?1 = ?1 AND status != 'todo' ORDER BY document_id, annotator`, scanWorkedStatus)
	// One row per document and annotator with all their spans: rows
	// cost far more than SQLite's string building, and labels hold no
	// white space (Schema.Validate). Entity spans are told from evidence
	// by their label, which evidence never has (Span.Validate): the
	// kind is not in spans_unique, and reading it costs a table lookup
	// per span where the index alone answers.
	concat := "group_concat(id || ' ' || start || ' ' || \"end\" || ' ' || label, char(10))"
	if db.pg {
		concat = "string_agg(id || ' ' || start || ' ' || \"end\" || ' ' || label, chr(10))"
	}
	spans := openCursor(&m, `SELECT document_id, annotator, 0,
		`+concat+` FROM spans
		WHERE ?1 = ?1 AND label != '' GROUP BY document_id, annotator ORDER BY document_id, annotator`, scanWorkedSpans)
	targets := openCursor(&m, `SELECT document_id, annotator, id, name, topic FROM targets
		WHERE ?1 = ?1 ORDER BY document_id, annotator, id`, scanWorkedTarget)
	mentions := openCursor(&m, `SELECT t.document_id, t.annotator, t.id, m.span_id FROM target_mentions m
		JOIN targets t ON t.id = m.target_id WHERE ?1 = ?1 ORDER BY t.document_id, t.annotator, t.id, m.position`, scanExportRef)
	stances := openCursor(&m, `SELECT document_id, annotator, id, target_id, holder, label FROM stances
		WHERE ?1 = ?1 ORDER BY document_id, annotator, id`, scanWorkedStance)
	if m.err != nil {
		return m.err
	}
	var cur WorkedDocument
	flush := func() error {
		if len(cur.Work) == 0 {
			return nil
		}
		err := fn(cur)
		cur = WorkedDocument{}
		return err
	}
	// The next item is the least key any cursor holds: merging the
	// cursors costs less than asking SQLite for the union of their keys.
	nextKey := func() (k exportKey, found bool) {
		consider := func(ok bool, c exportKey) {
			if ok && (!found || c.less(k)) {
				k, found = c, true
			}
		}
		consider(statuses.ok, statuses.key)
		consider(spans.ok, spans.key)
		consider(targets.ok, targets.key)
		consider(stances.ok, stances.key)
		return k, found
	}
	for {
		k, ok := nextKey()
		if !ok {
			break
		}
		if len(annotators) > 0 && !slices.Contains(annotators, k.annotator) {
			statuses.skip(nextAfter(k), false)
			spans.skip(nextAfter(k), false)
			targets.skip(nextAfter(k), false)
			mentions.skip(nextAfter(k), false)
			stances.skip(nextAfter(k), false)
			continue
		}
		if cur.Doc.ID != k.doc {
			if err := flush(); err != nil {
				return err
			}
			d, ok := docs.find(exportKey{doc: k.doc}, true)
			if !ok {
				if m.err != nil {
					return m.err
				}
				return readErr("read work", sql.ErrNoRows)
			}
			cur.Doc, cur.Length = d.doc, d.length
		}
		it := ExportItem{Doc: cur.Doc, Annotator: k.annotator,
			Status: annotate.DocStatus{DocumentID: k.doc, Annotator: k.annotator, Status: annotate.StatusTodo}}
		if st, ok := statuses.find(k, false); ok {
			it.Status.Status = st
		}
		a := &it.Annotations
		if list, ok := spans.find(k, false); ok {
			if a.Spans, err = parseSpans(list, k); err != nil {
				return err
			}
		}
		targets.each(k, func(id int64, t annotate.Target) {
			t.ID, t.DocumentID, t.Annotator = id, k.doc, k.annotator
			a.Targets = append(a.Targets, t)
		})
		mentions.each(k, func(owner, span int64) {
			for i := range a.Targets {
				if a.Targets[i].ID == owner {
					a.Targets[i].Mentions = append(a.Targets[i].Mentions, span)
				}
			}
		})
		stances.each(k, func(id int64, s annotate.Stance) {
			s.ID, s.DocumentID, s.Annotator = id, k.doc, k.annotator
			a.Stances = append(a.Stances, s)
		})
		if m.err != nil {
			return m.err
		}
		cur.Work = append(cur.Work, it)
	}
	if m.err != nil {
		return m.err
	}
	return flush()
}

// nextAfter is the least key after k: skipping to it moves a cursor past
// k's rows (annotator names are compared bytewise; "\x00" sorts first).
func nextAfter(k exportKey) exportKey { return exportKey{doc: k.doc, annotator: k.annotator + "\x00"} }

// lengthDoc is a document and its length in code points.
type lengthDoc struct {
	doc    annotate.Document
	length int
}

func scanWorkedDoc(rows *sql.Rows, k *exportKey, owner *int64) (lengthDoc, error) {
	var d lengthDoc
	err := rows.Scan(&k.doc, &k.annotator, &d.length, &d.doc.Text, &d.doc.InputHash)
	d.doc.ID = k.doc
	return d, err
}

func scanWorkedStatus(rows *sql.Rows, k *exportKey, owner *int64) (annotate.Status, error) {
	var s annotate.Status
	err := rows.Scan(&k.doc, &k.annotator, owner, &s)
	return s, err
}

func scanWorkedSpans(rows *sql.Rows, k *exportKey, owner *int64) (string, error) {
	var list string
	err := rows.Scan(&k.doc, &k.annotator, owner, &list)
	return list, err
}

// parseSpans reads the "id start end label" lines of scanWorkedSpans.
// Labels are substrings of list: no copies.
func parseSpans(list string, k exportKey) ([]annotate.Span, error) {
	out := make([]annotate.Span, 0, strings.Count(list, "\n")+1)
	bad := func() error { return readErr("read spans", fmt.Errorf("bad span list %.80q", list)) }
	for len(list) > 0 {
		line := list
		if i := strings.IndexByte(list, '\n'); i >= 0 {
			line, list = list[:i], list[i+1:]
		} else {
			list = ""
		}
		var nums [3]int64
		for f := range nums {
			i := strings.IndexByte(line, ' ')
			if i <= 0 {
				return nil, bad()
			}
			n, err := strconv.ParseInt(line[:i], 10, 64)
			if err != nil {
				return nil, bad()
			}
			nums[f], line = n, line[i+1:]
		}
		if line == "" {
			return nil, bad()
		}
		out = append(out, annotate.Span{ID: nums[0], DocumentID: k.doc, Annotator: k.annotator, Start: int(nums[1]), End: int(nums[2]), Label: line})
	}
	return out, nil
}

func scanWorkedTarget(rows *sql.Rows, k *exportKey, owner *int64) (annotate.Target, error) {
	var t annotate.Target
	err := rows.Scan(&k.doc, &k.annotator, owner, &t.Name, &t.Topic)
	return t, err
}

func scanWorkedStance(rows *sql.Rows, k *exportKey, owner *int64) (annotate.Stance, error) {
	var s annotate.Stance
	err := rows.Scan(&k.doc, &k.annotator, owner, &s.TargetID, &s.Holder, &s.Label)
	return s, err
}
