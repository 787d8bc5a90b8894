package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hashiya/annotate"
	"hashiya/storage/storagetest"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestPostgresRefusesPasswordInAddress: a password in the address is
// refused before anything connects, and the message never repeats it.
func TestPostgresRefusesPasswordInAddress(t *testing.T) {
	for _, url := range []string{
		"postgres://amal:s3cr3t-word@db.example:5432/team",
		"postgresql://amal:s3cr3t-word@db.example/team?sslmode=require",
		"postgres://amal@db.example/team?password=s3cr3t-word",
		"postgres://amal@db.example/team?sslpassword=s3cr3t-word",
		"Postgres://amal:s3cr3t-word@db.example/team",
		"POSTGRESQL://amal:s3cr3t-word@db.example/team",
		"host=db.example user=amal password=s3cr3t-word dbname=team",
	} {
		db, err := Open(url)
		if err == nil {
			db.Close()
			t.Fatalf("Open(%q) succeeded", url)
		}
		wantCode(t, err, annotate.ECodeInvalid)
		if chain := fmt.Sprintf("%v %+v", err, errors.Unwrap(err)); strings.Contains(chain, "s3cr3t") {
			t.Errorf("Open(%q): the error shows the password: %s", url, chain)
		}
		if !strings.Contains(err.Error(), "password file") && !strings.Contains(err.Error(), "key=value") {
			t.Errorf("Open(%q) = %q, want it to point at a password file", url, err)
		}
	}
}

// TestPostgresUnreachable: a server that is not there is one sentence.
func TestPostgresUnreachable(t *testing.T) {
	db, err := Open("postgres://amal@127.0.0.1:1/team?connect_timeout=5")
	if err == nil {
		db.Close()
		t.Fatal("Open of a closed port succeeded")
	}
	wantCode(t, err, annotate.ECodeIO)
	msg := err.Error()
	if !strings.Contains(msg, "PostgreSQL server") || strings.Count(msg, "\n") > 0 {
		t.Errorf("message %q", msg)
	}
}

// TestPgMessage: every PostgreSQL error class a user can meet has its own
// sentence, and an unknown one falls back to the internal-error sentence.
func TestPgMessage(t *testing.T) {
	tests := []struct {
		state string
		want  string
		code  annotate.Code
	}{
		{"53100", "disk is full", annotate.ECodeIO},
		{"40001", "collided", annotate.ECodeIO},
		{"40P01", "collided", annotate.ECodeIO},
		{"23505", "conflicts with what is stored", annotate.ECodeInvalid},
		{"23503", "conflicts with what is stored", annotate.ECodeInvalid},
		{"25006", "write permission", annotate.ECodeIO},
		{"42501", "write permission", annotate.ECodeIO},
		{"28P01", "password file", annotate.ECodeIO},
		{"3D000", "no such database", annotate.ECodeIO},
		{"3F000", "CREATE SCHEMA", annotate.ECodeIO},
		{"57P01", "shutting down", annotate.ECodeIO},
		{"08006", "shutting down", annotate.ECodeIO},
		{"53300", "overloaded", annotate.ECodeIO},
		{"XX001", "damaged", annotate.ECodeIO},
		{"42P01", "internal error", annotate.ECodeInternal},
	}
	for _, tc := range tests {
		err := writeErr("add span", &pgconn.PgError{Code: tc.state, Message: "server words"})
		if !strings.Contains(err.Error(), tc.want) || annotate.ErrorCode(err) != tc.code {
			t.Errorf("%s: %q (%s), want %q (%s)", tc.state, err, annotate.ErrorCode(err), tc.want, tc.code)
		}
	}
}

// pgOnly skips a test that needs the PostgreSQL test server.
func pgOnly(t testing.TB) {
	t.Helper()
	if pgTestServer() == "" {
		t.Skip("no PostgreSQL server: set HASHIYA_TEST_POSTGRES (make test starts a throwaway one)")
	}
}

// TestPostgresErrorsHideThePassword: with the password in a password
// file, as Hashiya asks, no error shows it, even a refused login.
func TestPostgresErrorsHideThePassword(t *testing.T) {
	pgOnly(t)
	secret := passwordFromFile(t)
	wrong := filepath.Join(t.TempDir(), "pgpass")
	host := strings.TrimPrefix(pgTestServer(), "postgres://")
	host = host[strings.Index(host, "@")+1 : strings.Index(host, "/")]
	h, port, _ := strings.Cut(host, ":")
	if err := os.WriteFile(wrong, []byte(h+":"+port+":*:hashiya:"+secret+"-wrong\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sep := "?"
	if strings.Contains(pgTestServer(), "?") {
		sep = "&"
	}
	for name, url := range map[string]string{
		"no such database": strings.Replace(pgTestServer(), "/postgres", "/no_such_database", 1),
		"wrong password":   pgTestServer() + sep + "passfile=" + wrong,
	} {
		db, err := Open(url)
		if err == nil {
			db.Close()
			t.Fatalf("%s: Open succeeded", name)
		}
		wantCode(t, err, annotate.ECodeIO)
		if chain := fmt.Sprintf("%v | %+v", err, errors.Unwrap(err)); strings.Contains(chain, secret) {
			t.Errorf("%s: the error shows the password: %s", name, chain)
		}
		t.Logf("%s: %v", name, err)
	}
}

// passwordFromFile reads the test server's password from PGPASSFILE
// (.ci/postgres writes one), skipping when the server needs none.
func passwordFromFile(t *testing.T) string {
	t.Helper()
	f, err := os.Open(os.Getenv("PGPASSFILE"))
	if err != nil {
		t.Skip("the test server has no password file (PGPASSFILE): nothing to hide")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Split(sc.Text(), ":"); len(fields) == 5 && fields[4] != "" {
			return fields[4]
		}
	}
	t.Skip("PGPASSFILE names no password")
	return ""
}

// TestPostgresExistingAndForeign: OpenExisting refuses an empty database
// and writes nothing to it; Open refuses a schema of somebody else's
// tables and leaves them alone.
func TestPostgresExistingAndForeign(t *testing.T) {
	pgOnly(t)
	empty := storagetest.Name(t, "empty")
	db, err := OpenExisting(empty)
	if err == nil {
		db.Close()
		t.Fatal("OpenExisting of an empty database succeeded")
	}
	wantCode(t, err, annotate.ECodeNotFound)
	var tables int
	storagetest.QueryRow(t, empty, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", nil, &tables)
	if tables != 0 {
		t.Errorf("OpenExisting made %d tables", tables)
	}

	foreign := storagetest.Name(t, "foreign")
	storagetest.Exec(t, foreign, "CREATE TABLE invoices (id BIGINT PRIMARY KEY)")
	db, err = Open(foreign)
	if err == nil {
		db.Close()
		t.Fatal("Open of somebody else's tables succeeded")
	}
	wantCode(t, err, annotate.ECodeInvalid)
	storagetest.QueryRow(t, foreign, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", nil, &tables)
	if tables != 1 {
		t.Errorf("Open left %d tables, want the 1 it found", tables)
	}
}

// TestPostgresNewerVersion: a database a newer Hashiya migrated is
// refused with the version sentence.
func TestPostgresNewerVersion(t *testing.T) {
	pgOnly(t)
	db := openTemp(t)
	name := db.Path()
	db.Close()
	storagetest.Exec(t, name, "INSERT INTO migrations (version, name, applied) VALUES (?, 'future', 0)", len(pgMigrations)+1)
	again, err := Open(name)
	if err == nil {
		again.Close()
		t.Fatal("Open of a newer database succeeded")
	}
	wantCode(t, err, annotate.ECodeVersion)
}

// TestPostgresSeesOthersAtOnce: two handles on one database (two
// annotators' windows) see each other's committed edits, never each
// other's rows changing under their own ID, and a curator sees both.
func TestPostgresSeesOthersAtOnce(t *testing.T) {
	pgOnly(t)
	ctx := context.Background()
	a := openTemp(t)
	docs := addDocs(t, a, sampleTexts[1])
	b := openAt(t, a.Path())
	sa, err := a.AddSpan(ctx, annotate.Span{DocumentID: docs[0], Start: 4, End: 12, Label: "PER", Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	sb, err := b.AddSpan(ctx, annotate.Span{DocumentID: docs[0], Start: 4, End: 12, Label: "PER", Annotator: "badr"})
	if err != nil {
		t.Fatal(err)
	}
	if sa.ID == sb.ID {
		t.Fatalf("two annotators' spans share ID %d", sa.ID)
	}
	who, err := a.SpanAnnotators(ctx, docs[0])
	if err != nil || strings.Join(who, ",") != "amal,badr" {
		t.Fatalf("the curator's view: %v, %v", who, err)
	}
	if _, err := b.Undo(ctx, "badr"); err != nil {
		t.Fatal(err)
	}
	mine, err := a.Annotations(ctx, docs[0], "amal")
	if err != nil || len(mine.Spans) != 1 || mine.Spans[0] != sa {
		t.Fatalf("amal's spans after badr's undo: %+v, %v", mine.Spans, err)
	}
}

// TestPostgresTLSSettingsPassThrough: libpq's TLS settings in the address
// reach the connection: the throwaway server has no TLS, so asking for
// it is refused, in one sentence, where sslmode=disable connects.
func TestPostgresTLSSettingsPassThrough(t *testing.T) {
	pgOnly(t)
	url := strings.Replace(storagetest.Name(t, "tls"), "sslmode=disable", "sslmode=require", 1)
	if !strings.Contains(url, "sslmode=require") {
		t.Skip("the test server's address does not say sslmode=disable")
	}
	db, err := Open(url)
	if err == nil {
		db.Close()
		t.Fatal("sslmode=require connected to a server without TLS")
	}
	wantCode(t, err, annotate.ECodeIO)
	if msg := err.Error(); !strings.Contains(strings.ToLower(msg), "tls") && !strings.Contains(strings.ToLower(msg), "ssl") || strings.Contains(msg, "\n") {
		t.Errorf("message %q does not say TLS was refused, in one line", msg)
	}
}

// TestPostgresOpenAtOnce: annotators starting Hashiya at the same moment
// on a new (or older) database all open it; one migrates it, the others
// wait for that and find it done.
func TestPostgresOpenAtOnce(t *testing.T) {
	pgOnly(t)
	for round := range 3 {
		name := storagetest.Name(t, "at-once")
		errs := make([]error, 4)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				db, err := Open(name)
				if errs[i] = err; err == nil {
					db.Close()
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, opener %d: %v", round, i, err)
			}
		}
	}
}

// TestPostgresSchemeSpelling: the scheme is case-insensitive, as in any
// URL.
func TestPostgresSchemeSpelling(t *testing.T) {
	pgOnly(t)
	name := storagetest.Name(t, "scheme")
	_, rest, _ := strings.Cut(name, "://")
	db, err := Open("PostgreSQL://" + rest)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// TestPostgresProjectsDoNotWait: two projects in one PostgreSQL database
// (two schemas) never wait for each other's locks: a deletion in one,
// which holds its project's database key alone, goes on while an import
// holds the other's.
func TestPostgresProjectsDoNotWait(t *testing.T) {
	pgOnly(t)
	ctx := context.Background()
	a, b := openTemp(t), openTemp(t)
	im := beginImport(t, a) // holds a's database key, shared, until it ends
	if _, _, err := im.AddDocument(annotate.Document{Text: sampleTexts[1], Source: "test"}); err != nil {
		t.Fatal(err)
	}
	docs := addDocs(t, b, sampleTexts[0])
	quick, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := b.DeleteDocument(quick, "amal", docs[0]); err != nil {
		t.Fatalf("a deletion in one project waited for an import in another: %v", err)
	}
}
