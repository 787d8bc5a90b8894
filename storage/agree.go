package storage

import (
	"context"
	"slices"

	"hashiya/annotate"
)

// Annotators returns, sorted, everyone who has a status other than todo
// or any span, target or stance in the database.
func (db *DB) Annotators(ctx context.Context) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT annotator FROM spans UNION SELECT annotator FROM targets
		UNION SELECT annotator FROM stances UNION SELECT annotator FROM statuses WHERE status != 'todo'
		ORDER BY 1`)
	if err != nil {
		return nil, readErr("list annotators", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, readErr("list annotators", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, readErr("list annotators", err)
	}
	return out, nil
}

// EachWorkedDocument calls fn once per document that one of annotators
// (everyone when empty) has worked on (a status other than todo, or any
// annotation), in document ID order, with each of those annotators' work
// on it (ordered by annotator), all read from one snapshot. It is what
// agreement reads; it stops at fn's first error and returns it.
func (db *DB) EachWorkedDocument(ctx context.Context, annotators []string, fn func(doc annotate.Document, work []ExportItem) error) error {
	var cur []ExportItem
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		err := fn(cur[0].Doc, cur)
		cur = nil
		return err
	}
	err := db.Export(ctx, ExportFilter{}, func(it ExportItem) error {
		if len(annotators) > 0 && !slices.Contains(annotators, it.Annotator) {
			return nil
		}
		if len(cur) > 0 && cur[0].Doc.ID != it.Doc.ID {
			if err := flush(); err != nil {
				return err
			}
		}
		cur = append(cur, it)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
