package storage

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"hashiya/annotate"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationSteps are the parts of migrations that SQL cannot do, run
// after the migration's SQL in its transaction, by version.
var migrationSteps = map[int]func(context.Context, *sql.Tx) error{
	4: pendAll, // indexing needs Go's normaliser, and waits for IndexPending
}

// migrationSQL is migration version's SQL text.
func migrationSQL(version int) string { return migrations[version-1].sql }

// migration is one numbered schema step; PRAGMA user_version holds the
// number of the last one applied.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the embedded steps in order, numbered 1, 2, ... without
// gaps (checked at start-up, since a gap would silently skip a step).
var migrations = loadMigrations()

func loadMigrations() []migration {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err) // the pattern is a constant
	}
	sort.Strings(names)
	var ms []migration
	for i, n := range names {
		base := path.Base(n)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			panic(fmt.Sprintf("storage: migration %s is out of sequence (want number %d)", base, i+1))
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	return ms
}

// migrate applies the migrations the database lacks, each in its own
// transaction together with its row in the migrations table, and stores
// the default schema on a new database. It reports whether the database
// had no schema before.
func (db *DB) migrate(ctx context.Context) (fresh bool, err error) {
	// An up-to-date database needs no write lock: opening one while
	// another process writes (an import holds the lock throughout) must
	// not wait for that writer.
	var version int
	if err := db.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return false, openErr(db.path, err)
	}
	if version >= len(migrations) {
		return false, checkVersion(db.path, version)
	}
	for _, m := range migrations {
		applied, err := db.applyMigration(ctx, m)
		if err != nil {
			return false, err
		}
		if applied && m.version == 1 {
			fresh = true
		}
	}
	return fresh, nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) (bool, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, openErr(db.path, err)
	}
	defer tx.Rollback()
	// Read the version inside the write transaction: another process may
	// have migrated since we looked.
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return false, openErr(db.path, err)
	}
	if err := checkVersion(db.path, version); err != nil {
		return false, err
	}
	if version >= m.version {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, openErr(db.path, fmt.Errorf("migration %s: %w", m.name, err))
	}
	if step := migrationSteps[m.version]; step != nil {
		if err := step(ctx, tx); err != nil {
			return false, openErr(db.path, fmt.Errorf("migration %s: %w", m.name, err))
		}
	}
	if m.version == 1 {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL) STRICT`); err != nil {
			return false, openErr(db.path, fmt.Errorf("create migrations table: %w", err))
		}
		s, err := json.Marshal(annotate.DefaultSchema())
		if err != nil {
			return false, fmt.Errorf("encode default schema: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('schema', ?)", string(s)); err != nil {
			return false, openErr(db.path, fmt.Errorf("store default schema: %w", err))
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)",
		m.version, m.name, db.Now().UnixNano()); err != nil {
		return false, openErr(db.path, fmt.Errorf("record migration %s: %w", m.name, err))
	}
	// PRAGMA takes no bound parameters; the version is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return false, openErr(db.path, fmt.Errorf("set user_version: %w", err))
	}
	if err := tx.Commit(); err != nil {
		return false, openErr(db.path, fmt.Errorf("commit migration %s: %w", m.name, err))
	}
	return true, nil
}
