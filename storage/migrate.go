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

// The two backends have their own migrations, numbered alike: version N
// means the same tables and columns on both.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migrationSteps are the parts of migrations that SQL cannot do, run
// after the migration's SQL in its transaction, by version.
var migrationSteps = map[int]func(*DB, context.Context, *sql.Tx) error{
	4: (*DB).pendAll, // indexing needs Go's normaliser, and waits for IndexPending
}

// migrationSQL is migration version's SQL text for db's backend.
func (db *DB) migrationSQL(version int) string {
	if db.pg {
		return pgMigrations[version-1].sql
	}
	return migrations[version-1].sql
}

// migration is one numbered schema step; PRAGMA user_version holds the
// number of the last one applied.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the embedded steps in order, numbered 1, 2, ... without
// gaps (checked at start-up, since a gap would silently skip a step).
var (
	migrations   = loadMigrations("sqlite")
	pgMigrations = loadMigrations("postgres")
)

func init() {
	if len(migrations) != len(pgMigrations) {
		panic(fmt.Sprintf("storage: %d SQLite migrations but %d PostgreSQL ones", len(migrations), len(pgMigrations)))
	}
}

func loadMigrations(backend string) []migration {
	names, err := fs.Glob(migrationFS, "migrations/"+backend+"/*.sql")
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
	version, err := db.version(ctx, db.r)
	if err != nil {
		return false, err
	}
	if version >= len(migrations) {
		return false, checkVersion(db.path, version)
	}
	ms := migrations
	if db.pg {
		ms = pgMigrations
	}
	// Each migration reads the version again in its transaction, since
	// another process may be migrating too; those applied already need
	// no transaction at all.
	for _, m := range ms[version:] {
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
	// Two processes migrating one PostgreSQL database take turns (SQLite's
	// write lock does this for a file). The version is read after the
	// lock is granted, at read committed (pgxConn), so it sees a migration
	// another process committed while this one waited.
	tx, err := db.beginWrite(ctx, lockAll)
	if err != nil {
		return false, openErr(db.path, err)
	}
	defer tx.Rollback()
	// Read the version inside the write transaction: another process may
	// have migrated since we looked.
	version, err := db.version(ctx, tx)
	if err != nil {
		return false, err
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
		if err := step(db, ctx, tx); err != nil {
			return false, openErr(db.path, fmt.Errorf("migration %s: %w", m.name, err))
		}
	}
	if m.version == 1 {
		ddl := `CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL) STRICT`
		if db.pg {
			ddl = `CREATE TABLE migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)`
		}
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
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
	// PostgreSQL's version is the migrations table itself.
	if !db.pg {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			return false, openErr(db.path, fmt.Errorf("set user_version: %w", err))
		}
	}
	if err := tx.Commit(); err != nil {
		return false, openErr(db.path, fmt.Errorf("commit migration %s: %w", m.name, err))
	}
	return true, nil
}

// version returns the number of the last migration applied. A SQLite
// file keeps it in its header (user_version). A PostgreSQL database
// keeps it in the migrations table; a database (schema) with tables but
// no migrations table is somebody else's, and Hashiya writes nothing to
// it.
func (db *DB) version(ctx context.Context, q queryer) (int, error) {
	var version int
	if !db.pg {
		if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return 0, openErr(db.path, err)
		}
		return version, nil
	}
	var tables int
	var hashiya bool
	err := q.QueryRowContext(ctx, `SELECT count(*), COALESCE(bool_or(table_name = 'migrations'), false)
		FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&tables, &hashiya)
	if err != nil {
		return 0, openErr(db.path, err)
	}
	switch {
	case tables == 0:
		return 0, nil
	case !hashiya:
		return 0, notHashiya(db.path, fmt.Errorf("%d tables, no migrations table", tables))
	}
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(max(version), 0) FROM migrations").Scan(&version); err != nil {
		return 0, openErr(db.path, err)
	}
	return version, checkVersion(db.path, version)
}
