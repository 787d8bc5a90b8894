package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"hashiya/annotate"
	"hashiya/storage/internal/placeholder"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// This file is the PostgreSQL backend, through github.com/jackc/pgx/v5
// and its database/sql adapter. The rest of the package writes one SQL
// for both backends: SQLite's ? placeholders, which pgxConn rewrites to
// PostgreSQL's $1, $2, ...; RETURNING instead of LastInsertId;
// ON CONFLICT; integers compared with <> 0 rather than used as booleans.
// What cannot be shared (the schema's DDL, the search index, the version
// stamp, error codes) is chosen by DB.pg.

// IsPostgres reports whether name is a PostgreSQL connection URL rather
// than a file name.
func IsPostgres(name string) bool {
	scheme, _, ok := strings.Cut(name, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// keywordForm reports whether name looks like libpq's key=value form of
// a connection string ("host=db user=amal password=..."), which Hashiya
// does not take: it would otherwise become a file of that name, and the
// password would be shown as its path.
func keywordForm(name string) bool {
	for _, f := range strings.Fields(name) {
		k, _, ok := strings.Cut(f, "=")
		switch strings.ToLower(k) {
		case "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "sslmode", "service":
			if ok {
				return true
			}
		}
	}
	return false
}

// errKeywordForm is Open's answer to keywordForm, which never repeats
// the name.
var errKeywordForm = annotate.Errorf(annotate.ECodeInvalid,
	"Write a PostgreSQL database as an address, postgres://USER@HOST:PORT/DATABASE (settings after ?); Hashiya does not take the key=value form.")

// pgMaxConns bounds this process's connections to the server: the window
// needs a writer and a reader or two, an import one, and every
// connection costs the server a process.
const pgMaxConns = 6

// openPostgres opens the database a postgres:// URL names and brings its
// schema up to date, as Open does for a file. With existing, a database
// (schema) without Hashiya's tables is refused rather than set up, as
// OpenExisting refuses a missing file.
func openPostgres(name string, existing bool) (*DB, error) {
	ctx := context.Background()
	shown, err := checkPostgresURL(name)
	if err != nil {
		return nil, err
	}
	// pgx knows the scheme in lower case only.
	if scheme, rest, _ := strings.Cut(name, "://"); scheme != strings.ToLower(scheme) {
		name = strings.ToLower(scheme) + "://" + rest
	}
	cfg, err := pgx.ParseConfig(name)
	if err != nil {
		return nil, &annotate.Error{Code: annotate.ECodeInvalid,
			Message: fmt.Sprintf("%s is not a PostgreSQL address Hashiya understands (%s).", shown, pgReason(err)),
			Err:     fmt.Errorf("parse %s: %w", shown, err)}
	}
	// Every edit is acknowledged only once it is on the server's disk,
	// whatever the server's default; the name shows in pg_stat_activity.
	cfg.RuntimeParams["synchronous_commit"] = "on"
	// A lock (another annotator's write of the whole database, a row)
	// is waited for as long as SQLite waits for another writer, then
	// reported as busy.
	cfg.RuntimeParams["lock_timeout"] = strconv.Itoa(busyTimeout)
	cfg.RuntimeParams["application_name"] = "hashiya"
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	pool := sql.OpenDB(pgxConnector{stdlib.GetConnector(*cfg)})
	pool.SetMaxOpenConns(pgMaxConns)
	pool.SetMaxIdleConns(pgMaxConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{Now: time.Now, path: shown, key: name, pg: true, w: pool, r: pool}
	ok := false
	defer func() {
		if !ok {
			db.release()
		}
	}()
	if err := pool.PingContext(ctx); err != nil {
		return nil, openErr(shown, err)
	}
	if existing {
		switch v, err := db.version(ctx, pool); {
		case err != nil:
			return nil, err
		case v == 0:
			return nil, annotate.Errorf(annotate.ECodeNotFound,
				"There is no Hashiya database at %s; check the address (hashiya import --db ADDRESS creates one).", shown)
		}
	}
	fresh, err := db.migrate(ctx)
	if err != nil {
		return nil, err
	}
	db.created = fresh
	if _, err := db.Schema(ctx); err != nil {
		return nil, err
	}
	ok = true
	return db, nil
}

// checkPostgresURL refuses a password written into the address: a
// command line is visible to every user of the machine (ps), and the
// address is shown in messages and logs. It returns the address as
// Hashiya shows it.
func checkPostgresURL(name string) (string, error) {
	u, err := url.Parse(name)
	if err != nil {
		return "postgres://…", &annotate.Error{Code: annotate.ECodeInvalid,
			Message: "The PostgreSQL address is not a valid URL; write it as postgres://USER@HOST:PORT/DATABASE.",
			Err:     errors.New("parse postgres URL")}
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
		return u.Redacted(), &annotate.Error{Code: annotate.ECodeInvalid,
			Message: "Do not write the password in the PostgreSQL address: put it in a password file (PGPASSFILE, ~/.pgpass, or ?passfile=PATH in the address) instead.",
			Err:     errors.New("password in postgres URL")}
	}
	q := u.Query()
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			q.Set(k, "xxxxx")
			u.RawQuery = q.Encode()
			return u.String(), &annotate.Error{Code: annotate.ECodeInvalid,
				Message: "Do not write the password in the PostgreSQL address: put it in a password file (PGPASSFILE, ~/.pgpass, or ?passfile=PATH in the address) instead.",
				Err:     fmt.Errorf("%s in postgres URL", k)}
		}
	}
	return u.String(), nil
}

// pgReason is pgx's explanation, which never holds the password (pgconn
// redacts the address in its errors).
// pgx lists a failed connection's attempts one per line (one per
// address, often the same twice): the reason is those lines once each,
// on one line.
func pgReason(err error) string {
	var parts []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(parts, l) {
			parts = append(parts, l)
		}
	}
	return strings.TrimSuffix(strings.Join(parts, " "), ".")
}

// pgxConnector hands database/sql connections that speak the package's
// SQL.
type pgxConnector struct{ inner driver.Connector }

func (c pgxConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgxConn{conn.(*stdlib.Conn)}, nil
}

func (c pgxConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgxConn is pgx's database/sql connection with the package's
// placeholders rewritten and its transactions given their isolation: a
// read transaction sees one snapshot (repeatable read, as a WAL read
// transaction does), and a write runs at read committed under writeLock,
// which keeps writers out of each other's way as SQLite's single writer
// does. Read committed matters to a write that waits for a lock: its
// statements after the wait see what the lock's holder committed.
type pgxConn struct{ *stdlib.Conn }

func (c *pgxConn) Prepare(q string) (driver.Stmt, error) {
	return c.Conn.Prepare(placeholder.Rebind(q))
}

func (c *pgxConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, placeholder.Rebind(q))
}

func (c *pgxConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, placeholder.Rebind(q), args)
}

func (c *pgxConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, placeholder.Rebind(q), args)
}

func (c *pgxConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgxConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if sql.IsolationLevel(opts.Isolation) == sql.LevelDefault {
		opts.Isolation = driver.IsolationLevel(sql.LevelReadCommitted)
		if opts.ReadOnly {
			opts.Isolation = driver.IsolationLevel(sql.LevelRepeatableRead)
		}
	}
	return c.Conn.BeginTx(ctx, opts)
}
