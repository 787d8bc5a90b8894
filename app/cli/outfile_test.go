//go:build unix

package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestExportOutput tries export -o against every kind of path: only a
// regular file or a new name is written; anything else is one sentence,
// exit 1, and the path untouched.
func TestExportOutput(t *testing.T) {
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir string) string // returns the -o path
		code  int
		want  string // in stderr when code is 1
		check func(t *testing.T, dir, path string)
	}{
		{name: "new name", setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "new.jsonl") },
			check: func(t *testing.T, dir, path string) { wantMode(t, path, 0o644) }}, // umask 022, set below
		{name: "0600 file keeps its mode", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "private.jsonl")
			mustWrite(t, p, 0o600)
			return p
		}, check: func(t *testing.T, dir, path string) { wantMode(t, path, 0o600); wantExport(t, path) }},
		{name: "symlink is followed", setup: func(t *testing.T, dir string) string {
			real := filepath.Join(dir, "real.jsonl")
			mustWrite(t, real, 0o640)
			link := filepath.Join(dir, "link.jsonl")
			if err := os.Symlink(real, link); err != nil {
				t.Fatal(err)
			}
			return link
		}, check: func(t *testing.T, dir, path string) {
			if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v %v", fi, err)
			}
			wantExport(t, filepath.Join(dir, "real.jsonl"))
			wantMode(t, filepath.Join(dir, "real.jsonl"), 0o640)
		}},
		{name: "dangling symlink", setup: func(t *testing.T, dir string) string {
			link := filepath.Join(dir, "dangling.jsonl")
			if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err != nil {
				t.Fatal(err)
			}
			return link
		}, code: 1, want: "symbolic link to nothing"},
		{name: "named pipe", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "fifo")
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("cannot make a FIFO here: %v", err)
			}
			return p
		}, code: 1, want: "is a named pipe, not a regular file"},
		{name: "device node", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "null")
			if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
				t.Skipf("mknod is not allowed here: %v", err)
			}
			return p
		}, code: 1, want: "is a character device, not a regular file"},
		{name: "folder", setup: func(t *testing.T, dir string) string { return dir }, code: 1, want: "is a folder, not a regular file"},
		{name: "read-only file", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "ro.jsonl")
			mustWrite(t, p, 0o444)
			return p
		}, code: 1, want: "is read-only"},
		{name: "stale temporary file of a killed export", setup: func(t *testing.T, dir string) string {
			// PID 2^22+1 is above Linux's pid_max: no process has it.
			mustWrite(t, filepath.Join(dir, ".out.jsonl.hashiya-4194305-0.tmp"), 0o644)
			mustWrite(t, filepath.Join(dir, ".out.jsonl.hashiya-"+strconv.Itoa(os.Getppid())+"-0.tmp"), 0o644)
			return filepath.Join(dir, "out.jsonl")
		}, check: func(t *testing.T, dir, path string) {
			if _, err := os.Stat(filepath.Join(dir, ".out.jsonl.hashiya-4194305-0.tmp")); err == nil {
				t.Error("the dead export's temporary file is still there")
			}
			if _, err := os.Stat(filepath.Join(dir, ".out.jsonl.hashiya-"+strconv.Itoa(os.Getppid())+"-0.tmp")); err != nil {
				t.Error("a live process's temporary file was removed")
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			old := syscall.Umask(0o022)
			defer syscall.Umask(old)
			dir := t.TempDir()
			path := c.setup(t, dir)
			before := snapshotDir(t, dir)
			code, _, stderr := run(t, Export, "--db", db, "-o", path)
			if code != c.code {
				t.Fatalf("code %d, want %d: %s", code, c.code, stderr)
			}
			if c.code != 0 {
				if !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
					t.Errorf("stderr %q, want one line with %q", stderr, c.want)
				}
				if after := snapshotDir(t, dir); after != before {
					t.Errorf("the folder changed:\n%s\nwas:\n%s", after, before)
				}
				return
			}
			if c.check != nil {
				c.check(t, dir, path)
			}
		})
	}
}

// TestExportUmask: a new export file follows the umask (077 gives 0600),
// as any file a program creates does.
func TestExportUmask(t *testing.T) {
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	p := filepath.Join(t.TempDir(), "out.jsonl")
	if code, _, stderr := run(t, Export, "--db", db, "-o", p); code != 0 {
		t.Fatal(stderr)
	}
	wantMode(t, p, 0o600)
}

// TestExportDashIsStdout: -o - writes to standard output.
func TestExportDashIsStdout(t *testing.T) {
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	dir := t.TempDir()
	t.Chdir(dir)
	code, stdout, stderr := run(t, Export, "--db", db, "-o", "-")
	if code != 0 || !strings.HasPrefix(stdout, `{"text":`) {
		t.Fatalf("code %d, stdout %.40q, stderr %s", code, stdout, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("-o - made files: %v", entries)
	}
}

func mustWrite(t *testing.T, path string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func wantMode(t *testing.T, path string, mode fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != mode {
		t.Errorf("%s has mode %o, want %o", filepath.Base(path), fi.Mode().Perm(), mode)
	}
}

func wantExport(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(b), `{"text":`) {
		t.Errorf("%s does not hold the export: %.40q %v", filepath.Base(path), b, err)
	}
}

// snapshotDir lists a folder's entries with their modes and sizes.
func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		fi, err := os.Lstat(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(e.Name() + " " + fi.Mode().String() + " " + strconv.FormatInt(fi.Size(), 10) + "\n")
	}
	return b.String()
}
