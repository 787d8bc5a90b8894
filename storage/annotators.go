package storage

import (
	"context"
)

// SpanAnnotators lists, sorted, everyone who has spans on document docID,
// so the window can offer to show one of them (an "imported" set of
// pre-annotations, a colleague's work) beside the annotator's own. It
// reads the spans_unique index, whose first column is the document.
func (db *DB) SpanAnnotators(ctx context.Context, docID int64) ([]string, error) {
	return db.names(ctx, "list annotators", `SELECT DISTINCT annotator FROM spans WHERE document_id = ? ORDER BY annotator`, docID)
}

// names runs a query whose rows are one string each and returns them.
func (db *DB) names(ctx context.Context, op, query string, args ...any) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, readErr(op, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, readErr(op, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr(op, err)
	}
	return out, nil
}
