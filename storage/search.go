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
// (migration 4); one or two code points cannot be looked up in a trigram
// index, so they read and normalise every text, which on a large
// database takes seconds: ctx cancels it.
func (db *DB) SearchDocuments(ctx context.Context, query string) ([]int64, error) {
	q, _ := annotate.Normalize(query)
	switch n := annotate.RuneLen(q); {
	case n == 0:
		return nil, nil
	case n < SearchMinRunes:
		return db.scanDocuments(ctx, q)
	}
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
	err := db.r.QueryRowContext(ctx, query, arg).Scan(&list)
	if err != nil {
		return nil, readErr("search", err)
	}
	ids, err := parseIDs(list.String)
	if err != nil {
		return nil, readErr("search", err)
	}
	slices.Sort(ids) // in rowid order from FTS5 already, so this costs a pass
	return ids, nil
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

// scanDocuments is SearchDocuments for a normalised query too short for
// the index.
func (db *DB) scanDocuments(ctx context.Context, q string) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT d.id, t.text FROM documents d JOIN texts t ON t.document_id = d.id ORDER BY d.id")
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
		if strings.Contains(annotate.NormalizeText(text), q) {
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

// indexText adds document id's text to the search index.
func indexText(ctx context.Context, tx *sql.Tx, id int64, text string) error {
	if _, err := tx.ExecContext(ctx, insSearch, id, searchText(text)); err != nil {
		return writeErr("index document text", err)
	}
	return nil
}

// reindexMoved keeps the index in step with moveDocument: a document
// going to the trash leaves the index, one coming back is indexed again
// from its text (now live).
func reindexMoved(ctx context.Context, tx *sql.Tx, id int64, toTrash bool) error {
	if toTrash {
		if _, err := tx.ExecContext(ctx, "DELETE FROM search WHERE rowid = ?", id); err != nil {
			return writeErr("unindex document", err)
		}
		return nil
	}
	var text string
	if err := tx.QueryRowContext(ctx, "SELECT text FROM texts WHERE document_id = ?", id).Scan(&text); err != nil {
		return readErr("index document text", err)
	}
	return indexText(ctx, tx, id, text)
}

// indexAll indexes every stored text: migration 4's Go step, for a
// database made before search had an index. It reads the texts in
// batches by ID, so no query is open while it writes. On the 2-core
// build machine (shared, load about 3) it took 2.6 to 3.2 s per 10,000
// articles of 3 KB (BenchmarkSearchIndexAll), so the first opening of a
// database of 100,000 articles after the upgrade takes about half a
// minute, once.
func indexAll(ctx context.Context, tx *sql.Tx) error {
	const batch = 500
	var last int64
	for {
		rows, err := tx.QueryContext(ctx, "SELECT document_id, text FROM texts WHERE document_id > ? ORDER BY document_id LIMIT ?", last, batch)
		if err != nil {
			return readErr("index texts", err)
		}
		type doc struct {
			id   int64
			text string
		}
		var docs []doc
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.text); err != nil {
				rows.Close()
				return readErr("index texts", err)
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return readErr("index texts", err)
		}
		for _, d := range docs {
			if err := indexText(ctx, tx, d.id, d.text); err != nil {
				return err
			}
			last = d.id
		}
		if len(docs) < batch {
			return nil
		}
	}
}
