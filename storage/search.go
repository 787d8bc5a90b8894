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

// SearchMinRunes is the length, in code points once normalised, of the
// shortest query the trigram index answers; SearchDocuments reads every
// text for shorter ones, which takes seconds on a large database (5.6 s
// for 100,000 articles, BenchmarkSearch).
const SearchMinRunes = 3

// SearchDocuments returns, in ID order, the live documents whose text
// contains query once both are folded by annotate.Normalize: the
// documents in which annotate.Search(text, query) finds a hit. A query
// that normalises to nothing matches no document.
//
// Queries of three or more normalised code points use the search index
// (migration 4), and read the texts of the documents not yet in it
// (migration 6) as the short queries do; one or two code points cannot
// be looked up in a trigram index, so they read and normalise every
// text, which on a large database takes seconds: ctx cancels it.
func (db *DB) SearchDocuments(ctx context.Context, query string) ([]int64, error) {
	q, _ := annotate.Normalize(query)
	switch n := annotate.RuneLen(q); {
	case n == 0:
		return nil, nil
	case n < SearchMinRunes:
		return scanTexts(ctx, db.r, "SELECT d.id, t.text FROM documents d JOIN texts t ON t.document_id = d.id ORDER BY d.id", q)
	}
	// One snapshot for both: IndexPending committing between them would
	// otherwise move a document out of the pending list after it was
	// scanned and into the index after it was looked up, and lose it.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, readErr("search", err)
	}
	defer tx.Rollback()
	// A quoted FTS5 string is one phrase: with the trigram tokenizer, a
	// substring of the indexed text. Quotes inside are doubled.
	phrase := `"` + strings.ReplaceAll(q, `"`, `""`) + `"`
	// One row of comma-separated IDs rather than a row per document: a
	// query found in all of 100,000 documents spends most of its time
	// handing rows through database/sql otherwise (BenchmarkSearch).
	var list sql.NullString
	query, arg := "SELECT group_concat(rowid) FROM search WHERE search MATCH ?", phrase
	if db.pg {
		// migrations/postgres/0004_search.sql: the folded texts, scanned.
		query, arg = "SELECT string_agg(rowid::text, ',') FROM search WHERE strpos(norm, ?) > 0", q
	}
	err = tx.QueryRowContext(ctx, query, arg).Scan(&list)
	if err != nil {
		return nil, readErr("search", err)
	}
	ids, err := parseIDs(list.String)
	if err != nil {
		return nil, readErr("search", err)
	}
	// search_pending holds live documents only (its rows leave with
	// their document), and the join to texts keeps it so regardless.
	pending, err := scanTexts(ctx, tx, "SELECT p.document_id, t.text FROM search_pending p JOIN texts t ON t.document_id = p.document_id ORDER BY p.document_id", q)
	if err != nil {
		return nil, err
	}
	// A document is in the index or pending, never both; Compact is for
	// a database another process broke that rule on.
	ids = append(ids, pending...)
	slices.Sort(ids) // in rowid order from FTS5 already, so this costs a pass when nothing is pending
	return slices.Compact(ids), nil
}

// parseIDs reads group_concat's list of integers.
func parseIDs(list string) ([]int64, error) {
	if list == "" {
		return nil, nil
	}
	ids := make([]int64, 0, strings.Count(list, ",")+1)
	for f := range strings.SplitSeq(list, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("search index answer %.20q: %w", f, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// scanTexts returns the IDs, in the order query gives them, of the
// (id, text) rows whose text, normalised, contains the normalised q:
// SearchDocuments without the index.
func scanTexts(ctx context.Context, q queryer, query, norm string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, readErr("search", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, readErr("search", err)
		}
		if strings.Contains(searchText(text), norm) {
			ids = append(ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, readErr("search", err)
	}
	return ids, nil
}

// insSearch adds a document's normalised text (see searchText) to the
// index under its ID.
const insSearch = "INSERT INTO search (rowid, norm) VALUES (?, ?)"

// searchText is what the index holds for a text.
func searchText(text string) string { return annotate.NormalizeText(text) }

// insPending puts a document on the list of those not yet indexed.
const insPending = "INSERT INTO search_pending (document_id) VALUES (?)"

// pendEveryDocument lists every live document as waiting for the index
// (documents holds the live ones; the trash has its own tables). WHERE
// true: SQLite would read ON as a join's otherwise.
const pendEveryDocument = "INSERT INTO search_pending (document_id) SELECT id FROM documents WHERE true ON CONFLICT DO NOTHING"

// reindexMoved keeps the index in step with moveDocument, before the
// move when toTrash and after it otherwise: a document going to the
// trash leaves the index, or the pending list when it was not indexed
// yet (the cascade would drop that row, but then this could not tell
// which of the two held it); one coming back waits for IndexPending,
// so that redoing an import of 20,000 documents does not index them all
// in the redo's transaction.
func reindexMoved(ctx context.Context, tx *sql.Tx, id int64, toTrash bool) error {
	if !toTrash {
		if _, err := tx.ExecContext(ctx, insPending, id); err != nil {
			return writeErr("queue document for indexing", err)
		}
		return nil
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM search_pending WHERE document_id = ?", id)
	if err != nil {
		return writeErr("unindex document", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return writeErr("unindex document", err)
	} else if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM search WHERE rowid = ?", id); err != nil {
		return writeErr("unindex document", err)
	}
	return nil
}

// pendAll is migration 4's Go step, for a database made before search
// had an index: it lists every live document as waiting to be indexed
// (in migration 6's table, made here early) instead of indexing them in
// the migration's transaction. Indexing them there took 2.6 to 3.2 s
// per 10,000 articles of 3 KB on the 2-core build machine, so the first
// opening of a database of 100,000 articles after the upgrade took half
// a minute; listing their IDs is one INSERT ... SELECT, and the window
// indexes them in the background afterwards. DO NOTHING: a test that
// rolls a database back to version 3 keeps the table and its rows.
func (db *DB) pendAll(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, db.migrationSQL(6)); err != nil {
		return writeErr("make the indexing list", err)
	}
	if _, err := tx.ExecContext(ctx, pendEveryDocument); err != nil {
		return writeErr("list documents to index", err)
	}
	return nil
}

// IndexPending adds up to limit of the documents waiting to be indexed
// (imported, merged or restored since the last call) to the search
// index, lowest ID first, and returns how many still wait. It holds the
// write lock for one short transaction: the texts are read and
// normalised before it, so an edit queued behind it waits for the index
// writes only. For batches of 500 news articles on the shared 2-core
// build machine (BenchmarkIndexPending), the longest whole call,
// normalising included, took 0.17 to 0.21 s at load 2.5 and 0.8 s at
// load 4 to 5; indexing 20,000 took 4.4 s and 14 s, where one batch of
// all of them took 4.9 s at load 5. SearchDocuments is exact before, during and
// after; ctx cancels it, leaving the batch waiting.
func (db *DB) IndexPending(ctx context.Context, limit int) (left int, err error) {
	type doc struct {
		id   int64
		norm string
	}
	var docs []doc
	if limit > 0 {
		rows, err := db.r.QueryContext(ctx, `SELECT p.document_id, t.text FROM search_pending p JOIN texts t ON t.document_id = p.document_id
			ORDER BY p.document_id LIMIT ?`, limit)
		if err != nil {
			return 0, readErr("read texts to index", err)
		}
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.norm); err != nil {
				rows.Close()
				return 0, readErr("read texts to index", err)
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, readErr("read texts to index", err)
		}
		for i := range docs {
			if err := ctx.Err(); err != nil {
				return 0, readErr("index documents", err)
			}
			docs[i].norm = searchText(docs[i].norm)
		}
	}
	err = db.write(ctx, "index documents", lockShared, func(tx *sql.Tx) error {
		del, err := tx.PrepareContext(ctx, "DELETE FROM search_pending WHERE document_id = ?")
		if err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, insSearch)
		if err != nil {
			return err
		}
		for _, d := range docs {
			res, err := del.ExecContext(ctx, d.id)
			if err != nil {
				return err
			}
			// No longer waiting: trashed since it was read (a restore
			// would have listed it again), or indexed by another
			// process. Either way indexing it would be wrong.
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue
			}
			if _, err := ins.ExecContext(ctx, d.id, d.norm); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, "SELECT count(*) FROM search_pending").Scan(&left)
	})
	if err != nil {
		return 0, err
	}
	return left, nil
}
