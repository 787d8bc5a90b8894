package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"hashiya/annotate"
)

// loadSchema reads the label schema inside q (so edits validate against
// the schema of their own snapshot).
func loadSchema(ctx context.Context, q queryer) (annotate.Schema, error) {
	var raw string
	var s annotate.Schema
	if err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'schema'").Scan(&raw); err != nil {
		return s, readErr("load schema", err)
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return s, &annotate.Error{Code: annotate.ECodeInternal,
			Message: "The label schema stored in the database is damaged; set the labels again.",
			Err:     fmt.Errorf("decode schema: %w", err)}
	}
	return s, nil
}

// Schema returns the database's label schema. It is cached: a change made
// by another process shows after reopening.
func (db *DB) Schema(ctx context.Context) (annotate.Schema, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.schema != nil {
		return cloneSchema(*db.schema), nil
	}
	s, err := loadSchema(ctx, db.r)
	if err != nil {
		return s, err
	}
	db.schema = &s
	return cloneSchema(s), nil
}

// cloneSchema copies the slices so callers cannot change the cache.
func cloneSchema(s annotate.Schema) annotate.Schema {
	s.Entities = append([]annotate.EntityLabel(nil), s.Entities...)
	s.Stances = append([]annotate.StanceLabel(nil), s.Stances...)
	return s
}

// SetSchema replaces the label schema after checking it, and checking that
// no label still in use disappears (annotate.SchemaChangeCheck).
func (db *DB) SetSchema(ctx context.Context, s annotate.Schema) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, "set schema", func(tx *sql.Tx) error {
		old, err := loadSchema(ctx, tx)
		if err != nil {
			return err
		}
		usage, err := labelUsage(ctx, tx)
		if err != nil {
			return err
		}
		if err := annotate.SchemaChangeCheck(&old, &s, usage); err != nil {
			return err
		}
		return storeSchema(ctx, tx, s)
	})
	if err != nil {
		return err
	}
	db.cacheSchema(s)
	return nil
}

// storeSchema writes s as the database's schema, in tx.
func storeSchema(ctx context.Context, tx *sql.Tx, s annotate.Schema) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode schema: %w", err)
	}
	_, err = tx.ExecContext(ctx, "UPDATE settings SET value = ? WHERE key = 'schema'", string(raw))
	return err
}

// cacheSchema keeps a copy of s, committed, for Schema.
func (db *DB) cacheSchema(s annotate.Schema) {
	c := cloneSchema(s)
	db.mu.Lock()
	db.schema = &c
	db.mu.Unlock()
}

// labelUsage counts the spans and stances using each label name.
func labelUsage(ctx context.Context, q queryer) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT label, count(*) FROM spans GROUP BY label
		UNION ALL SELECT label, count(*) FROM stances GROUP BY label`)
	if err != nil {
		return nil, readErr("count label usage", err)
	}
	defer rows.Close()
	usage := map[string]int{}
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, readErr("count label usage", err)
		}
		usage[l] += n
	}
	if err := rows.Err(); err != nil {
		return nil, readErr("count label usage", err)
	}
	return usage, nil
}

// SetGuidelines replaces the schema's guidelines (Markdown; "" removes
// them) and leaves its labels as they are: the schema is read and
// written in one transaction, so a label change made meanwhile by
// another process is not undone.
func (db *DB) SetGuidelines(ctx context.Context, md string) error {
	if err := annotate.ValidateGuidelines(md); err != nil {
		return err
	}
	var s annotate.Schema
	err := db.inTx(ctx, "set guidelines", func(tx *sql.Tx) error {
		var err error
		if s, err = loadSchema(ctx, tx); err != nil {
			return err
		}
		s.Guidelines = md
		return storeSchema(ctx, tx, s)
	})
	if err != nil {
		return err
	}
	db.cacheSchema(s)
	return nil
}
