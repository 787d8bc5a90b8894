package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"hashiya/annotate"
)

func TestOpenCreatesAndMigrates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	db := openAt(t, path)
	if !db.Created() {
		t.Error("Created() = false for a new database")
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	var version, app int
	if err := db.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != len(migrations) {
		t.Errorf("user_version = %d, want %d", version, len(migrations))
	}
	if err := db.r.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		t.Fatal(err)
	}
	if app != applicationID {
		t.Errorf("application_id = %#x, want %#x", app, applicationID)
	}
	rows, err := db.r.QueryContext(ctx, "SELECT version, name FROM migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var v int
		var n string
		if err := rows.Scan(&v, &n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	rows.Close()
	var want []string
	for _, m := range migrations {
		want = append(want, m.name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("recorded migrations %v, want %v", got, want)
	}
	s, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := annotate.DefaultSchema(); len(s.Entities) != len(d.Entities) || s.Entities[0] != d.Entities[0] {
		t.Errorf("new database schema %+v, want the default", s)
	}
	var mode string
	if err := db.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var sync int
	if err := db.w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		t.Errorf("synchronous = %d, %v; want 2 (FULL)", sync, err)
	}
	db.Close()

	again := openAt(t, path)
	if again.Created() {
		t.Error("Created() = true when reopening")
	}
}

func TestOpenEmptyFileIsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if db := openAt(t, path); !db.Created() {
		t.Error("Created() = false for an empty file")
	}
}

func TestPathWithURICharacters(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("'?' is not allowed in Windows file names")
	}
	dir := filepath.Join(t.TempDir(), "ملفات الشرح a?b#c%20d")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "x.db")
	openAt(t, path).Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created at %s: %v", path, err)
	}
}

// snapshotDir reads every file in dir, so a test can check that a refused
// open changed nothing, not even by creating -wal or -shm files.
func snapshotDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = b
	}
	return m
}

func TestOpenRefuses(t *testing.T) {
	random := make([]byte, 8192)
	rand.Read(random)
	tests := []struct {
		name string
		// setup prepares dir and returns the path to open.
		setup func(t *testing.T, dir string) string
		code  annotate.Code
		// message must contain these.
		message []string
	}{
		{
			name:    "missing directory",
			setup:   func(t *testing.T, dir string) string { return filepath.Join(dir, "nope", "h.db") },
			code:    annotate.ECodeIO,
			message: []string{"nope", "does not exist"},
		},
		{
			name: "random bytes",
			setup: func(t *testing.T, dir string) string {
				return writeFile(t, dir, "random.db", random)
			},
			code:    annotate.ECodeInvalid,
			message: []string{"random.db is not a Hashiya database."},
		},
		{
			name: "text file",
			setup: func(t *testing.T, dir string) string {
				return writeFile(t, dir, "notes.txt", []byte("ملاحظات\nnot a database at all\n"))
			},
			code:    annotate.ECodeInvalid,
			message: []string{"notes.txt is not a Hashiya database."},
		},
		{
			name: "SQLite header then garbage",
			setup: func(t *testing.T, dir string) string {
				return writeFile(t, dir, "fake.db", append([]byte("SQLite format 3\x00"), random...))
			},
			code:    annotate.ECodeInvalid,
			message: []string{"fake.db is not a Hashiya database."},
		},
		{
			name: "another program's SQLite database",
			setup: func(t *testing.T, dir string) string {
				path := filepath.Join(dir, "other.db")
				c, err := sql.Open("sqlite", path)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)"); err != nil {
					t.Fatal(err)
				}
				c.Close()
				return path
			},
			code:    annotate.ECodeInvalid,
			message: []string{"other.db is not a Hashiya database."},
		},
		{
			name: "newer Hashiya",
			setup: func(t *testing.T, dir string) string {
				path := filepath.Join(dir, "future.db")
				db, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.w.Exec("PRAGMA user_version = 99"); err != nil {
					t.Fatal(err)
				}
				db.Close()
				return path
			},
			code:    annotate.ECodeVersion,
			message: []string{"future.db", "newer Hashiya", "version 99", fmt.Sprintf("up to %d)", len(migrations))},
		},
		{
			name:    "a directory",
			setup:   func(t *testing.T, dir string) string { return dir },
			code:    annotate.ECodeIO,
			message: []string{"is a folder"},
		},
	}
	tests = append(tests, struct {
		name    string
		setup   func(t *testing.T, dir string) string
		code    annotate.Code
		message []string
	}{
		// Another program holds the file open with the new version still
		// in the write-ahead log: only SQLite can see it.
		name: "newer Hashiya, version in the log",
		setup: func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "busy.db")
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			c, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
			if err != nil {
				t.Fatal(err)
			}
			c.SetMaxOpenConns(1)
			t.Cleanup(func() { c.Close() })
			if _, err := c.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1)); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
				t.Fatalf("no write-ahead log: %v", err)
			}
			return path
		},
		code:    annotate.ECodeVersion,
		message: []string{"busy.db", fmt.Sprintf("version %d", len(migrations)+1)},
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.setup(t, dir)
			before := snapshotDir(t, dir)
			db, err := Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			wantCode(t, err, tt.code)
			for _, m := range tt.message {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("message %q lacks %q", err.Error(), m)
				}
			}
			if strings.Count(err.Error(), ". ") > 1 || strings.Contains(err.Error(), "\n") {
				t.Errorf("message %q is more than one sentence", err.Error())
			}
			after := snapshotDir(t, dir)
			if len(after) != len(before) {
				t.Errorf("files before %d, after %d: Open created files", len(before), len(after))
			}
			for name, b := range before {
				if strings.HasSuffix(name, "-shm") {
					continue // SQLite's shared-memory index, which readers update
				}
				if !bytes.Equal(after[name], b) {
					t.Errorf("%s changed", name)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "nope")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Open created the missing directory")
			}
		})
	}
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOpenPermissions opens a database the process may not read or write,
// or whose folder it may not write, and checks the sentence and that
// nothing changed. Root may read and write anything, so as root the test
// runs itself again as user nobody (TestPermissionChild).
func TestOpenPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	tests := []struct {
		name              string
		fileMode, dirMode os.FileMode
		want              string
	}{
		{"read-only file", 0o444, 0o777, "is read-only; give yourself write permission"},
		{"unreadable file", 0o000, 0o777, "may not read"},
		{"read-only folder", 0o666, 0o555, "may not create files in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "perm.db")
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			addDocs(t, db, "نص محمي")
			db.Close()
			before := snapshotDir(t, dir)
			if err := os.Chmod(path, tt.fileMode); err != nil {
				t.Fatal(err)
			}
			if os.Geteuid() != 0 {
				if err := os.Chmod(dir, tt.dirMode); err != nil {
					t.Fatal(err)
				}
				_, err := Open(path)
				os.Chmod(dir, 0o755)
				checkPermissionErr(t, err, tt.want)
			} else {
				runAsNobody(t, dir, path, tt.dirMode, "HASHIYA_TEST_PERM_WANT="+tt.want)
			}
			os.Chmod(dir, 0o755)
			os.Chmod(path, 0o644)
			after := snapshotDir(t, dir)
			if len(after) != len(before) {
				t.Errorf("Open created files: %d before, %d after", len(before), len(after))
			}
			for name, b := range before {
				if !bytes.Equal(after[name], b) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}

func checkPermissionErr(t *testing.T, err error, want string) {
	t.Helper()
	wantCode(t, err, annotate.ECodeIO)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err.Error(), want)
	}
}

// TestPermissionChild is the unprivileged half of TestOpenPermissions.
func TestPermissionChild(t *testing.T) {
	path := os.Getenv("HASHIYA_TEST_READONLY")
	if path == "" {
		t.Skip("run by TestOpenPermissions as an unprivileged user")
	}
	_, err := Open(path)
	checkPermissionErr(t, err, os.Getenv("HASHIYA_TEST_PERM_WANT"))
}

// runAsNobody runs TestPermissionChild as user nobody on path, with dir's
// permissions set to dirMode and env added to the environment.
func runAsNobody(t *testing.T, dir, path string, dirMode os.FileMode, env ...string) {
	t.Helper()
	// The child must reach the binary and the directory.
	exe := filepath.Join(dir, "storage.test")
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, b, 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(exe)
	for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(d, fi.Mode().Perm()|0o005); err != nil {
				t.Skipf("cannot open %s to user nobody: %v", d, err)
			}
			defer os.Chmod(d, fi.Mode().Perm())
		}
	}
	if err := os.Chmod(dir, dirMode); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestPermissionChild$", "-test.v")
	cmd.Env = append(append(os.Environ(), "HASHIYA_TEST_READONLY="+path, "HOME="+dir), env...)
	cmd.SysProcAttr = nobody()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child as nobody: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("--- PASS: TestPermissionChild")) {
		t.Fatalf("child did not run the check:\n%s", out)
	}
}

// TestCloseTwice checks that a second Close does not make the package
// forget another open handle on the same file (which would let a third
// Open probe the file with plain file operations while SQLite holds
// locks on it).
func TestCloseTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twice.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	b := openAt(t, path)
	if err := a.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	openFiles.Lock()
	n := openFiles.n[b.key]
	openFiles.Unlock()
	if n != 1 {
		t.Errorf("open count %d with one handle open, want 1", n)
	}
	if b.key != resolve(filepath.Join(filepath.Dir(path), ".", "twice.db")) {
		t.Errorf("key %q differs for another spelling of the path", b.key)
	}
}

// TestFailedMigrationChangesNothing adds a migration whose second
// statement fails: its first statement must be rolled back with it, and
// the version must stay where it was.
func TestFailedMigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	openAt(t, path).Close()
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(slices.Clone(saved), migration{version: len(saved) + 1, name: "0002_broken.sql",
		sql: "CREATE TABLE half_done (x INTEGER); CREATE TABLE spans (x INTEGER);"})
	_, err := Open(path)
	if err == nil {
		t.Fatal("Open succeeded with a broken migration")
	}
	migrations = saved
	db := openAt(t, path)
	var version, recorded, half int
	db.r.QueryRow("PRAGMA user_version").Scan(&version)
	db.r.QueryRow("SELECT count(*) FROM migrations").Scan(&recorded)
	db.r.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").Scan(&half)
	if version != len(saved) || recorded != len(saved) || half != 0 {
		t.Errorf("after a failed migration: user_version %d, %d recorded, half_done exists %d; want %d, %d, 0",
			version, recorded, half, len(saved), len(saved))
	}
}

// TestPageSize checks that a new database gets Hashiya's page size and
// that an existing one keeps its own.
func TestPageSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := db.r.QueryRow("PRAGMA page_size").Scan(&got); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got != pageSize {
		t.Errorf("new database: page size %d, want %d", got, pageSize)
	}

	// An empty database already in WAL mode with SQLite's default page
	// size, which can no longer change: it opens, and keeps its size.
	old := filepath.Join(t.TempDir(), "old.db")
	c, err := sql.Open("sqlite", "file:"+old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	db, err = Open(old)
	if err != nil {
		t.Fatalf("open an empty WAL database: %v", err)
	}
	defer db.Close()
	if err := db.r.QueryRow("PRAGMA page_size").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != 4096 {
		t.Errorf("empty WAL database: page size %d, want it to keep 4096", got)
	}
}
