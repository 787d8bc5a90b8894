package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGuidelinesCommand runs one database through a sequence of
// guidelines commands; each step sees what the steps before it left.
func TestGuidelinesCommand(t *testing.T) {
	newDB(t)
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ar := file("ar.md", "\uFEFF# الإرشادات\r\n- PER: شخص باسمه\r\n")
	en := file("en.md", "# Rules\n\nTag people.\n\tcode, indented by a tab\n")
	bin := file("bad.md", "PK\x03\x04\x00\x00")
	latin1 := file("latin1.md", "caf\xe9")
	empty := file("empty.md", " \n")
	for _, c := range []struct {
		args   []string
		code   int
		stdout string // all of it
		stderr string // a part of it; "" for none at all
	}{
		{args: nil, code: 0, stderr: "no guidelines of its own"},
		{args: []string{"--set", ar}, code: 0, stdout: "guidelines set from " + ar + " (2 lines)\n"},
		{args: nil, code: 0, stdout: "# الإرشادات\n- PER: شخص باسمه\n"},
		{args: []string{"--set", bin}, code: 1, stderr: "not a Markdown text file; choose the .md file. Nothing was changed."},
		{args: []string{"--set", latin1}, code: 1, stderr: "is not UTF-8 text"},
		{args: []string{"--set", empty}, code: 1, stderr: "is empty; to remove the guidelines use --clear."},
		{args: []string{"--set", filepath.Join(dir, "missing.md")}, code: 1, stderr: "Cannot read " + filepath.Join(dir, "missing.md") + ": no such file or directory."},
		{args: []string{"--set", dir}, code: 1, stderr: "is a directory."},
		{args: nil, code: 0, stdout: "# الإرشادات\n- PER: شخص باسمه\n"}, // the failures changed nothing
		{args: []string{"--set", en, "--clear"}, code: 2, stderr: "Use --set or --clear, not both."},
		{args: []string{"extra.md"}, code: 2, stderr: "name the file with --set."},
		{args: []string{"--set", en}, code: 0, stdout: "guidelines set from " + en + " (4 lines)\n"},
		{args: nil, code: 0, stdout: "# Rules\n\nTag people.\n\tcode, indented by a tab\n"}, // printed as set, tab and all
		{args: []string{"--clear"}, code: 0, stdout: "guidelines removed; the window shows the default ones\n"},
		{args: nil, code: 0, stderr: "no guidelines of its own"},
	} {
		code, stdout, stderr := run(t, Guidelines, c.args...)
		if code != c.code {
			t.Errorf("%q: code %d, want %d (stderr %q)", c.args, code, c.code, stderr)
		}
		if stdout != c.stdout {
			t.Errorf("%q: stdout %q, want %q", c.args, stdout, c.stdout)
		}
		if c.stderr == "" && stderr != "" || !strings.Contains(stderr, c.stderr) {
			t.Errorf("%q: stderr %q, want %q", c.args, stderr, c.stderr)
		}
		if c.code == 1 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%q: a failure takes one line, got %q", c.args, stderr)
		}
	}
}
