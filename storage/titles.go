package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"hashiya/annotate"
)

// settingBoilerplate is the settings key of the short first lines found
// repeated across documents (a JSON array), so a later import of one
// more article from the same site skips its line too.
const settingBoilerplate = "title_boilerplate"

// retitleRepeated applies the title rule of annotate/title.go inside an
// import's transaction: a short first line that opens two documents or
// more (or was found to before) is boilerplate, and the documents it
// opens are titled by their next line. It reads only the documents whose
// title is such a line.
func retitleRepeated(ctx context.Context, tx *sql.Tx) error {
	var known []string
	var raw string
	switch err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", settingBoilerplate).Scan(&raw); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return readErr("read title boilerplate", err)
	default:
		_ = json.Unmarshal([]byte(raw), &known) // a damaged list is rebuilt below
	}
	lines := slices.Clone(known)
	rows, err := tx.QueryContext(ctx, "SELECT title FROM documents GROUP BY title HAVING count(*) >= 2")
	if err != nil {
		return readErr("find repeated titles", err)
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return readErr("find repeated titles", err)
		}
		if t != "" && annotate.ShortLine(t) && !slices.Contains(lines, t) {
			lines = append(lines, t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return readErr("find repeated titles", err)
	}
	for _, line := range lines {
		if err := retitle(ctx, tx, line); err != nil {
			return err
		}
	}
	if len(lines) == len(known) {
		return nil
	}
	b, err := json.Marshal(lines)
	if err != nil {
		return writeErr("save title boilerplate", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", settingBoilerplate, string(b)); err != nil {
		return writeErr("save title boilerplate", err)
	}
	return nil
}

// retitle titles every document that opens with line by its next line.
func retitle(ctx context.Context, tx *sql.Tx, line string) error {
	type doc struct {
		id    int64
		title string
	}
	rows, err := tx.QueryContext(ctx, "SELECT d.id, t.text FROM documents d JOIN texts t ON t.document_id = d.id WHERE d.title = ?", line)
	if err != nil {
		return readErr("retitle documents", err)
	}
	var docs []doc
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return readErr("retitle documents", err)
		}
		if annotate.FirstLine(text) == line {
			if t := annotate.TitleAfterFirst(text); t != line {
				docs = append(docs, doc{id, t})
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return readErr("retitle documents", err)
	}
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, "UPDATE documents SET title = ? WHERE id = ?", d.title, d.id); err != nil {
			return writeErr("retitle documents", err)
		}
	}
	return nil
}
