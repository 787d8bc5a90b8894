package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "help", args: []string{"help"}, code: 0, stdout: "hashiya import"},
		{name: "guidelines listed", args: []string{"help"}, code: 0, stdout: "hashiya guidelines [--set FILE|--clear]"},
		{name: "assign listed", args: []string{"help"}, code: 0, stdout: "hashiya assign --per-document N"},
		{name: "assign help", args: []string{"assign", "-h"}, code: 0, stderr: "usage: hashiya assign"},
		{name: "guidelines help", args: []string{"guidelines", "-h"}, code: 0, stderr: "usage: hashiya guidelines"},
		{name: "unknown subcommand", args: []string{"frobnicate"}, code: 2, stderr: `unknown subcommand "frobnicate"`},
		{name: "unknown flag", args: []string{"--nope"}, code: 2, stderr: "flag provided but not defined: -nope"},
		{name: "stray argument", args: []string{"--db", "x.db", "extra"}, code: 2, stderr: `unexpected argument "extra"`},
		{name: "dash h", args: []string{"-h"}, code: 0, stderr: "hashiya help"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tc.args, &out, &errb)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errb.String())
			}
			if !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout %q lacks %q", out.String(), tc.stdout)
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.stderr)
			}
		})
	}
}

// TestRunBadDatabase checks that a database the app cannot use gives one
// sentence and exit 1 before any window opens, and leaves the file as it was.
func TestRunBadDatabase(t *testing.T) {
	dir := t.TempDir()
	textFile := filepath.Join(dir, "notes.txt")
	textBody := []byte("these are my notes, not a database\n")
	if err := os.WriteFile(textFile, textBody, 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.db")
	junkBody := bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 2048)
	if err := os.WriteFile(junk, junkBody, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		path string
		body []byte // the bytes the file must keep, if it exists
	}{
		{name: "missing directory", path: filepath.Join(dir, "no", "such", "dir", "h.db")},
		{name: "text file", path: textFile, body: textBody},
		{name: "random bytes", path: junk, body: junkBody},
		{name: "a directory", path: dir},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"--db", tc.path}, &out, &errb)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr: %s", code, errb.String())
			}
			msg := strings.TrimSpace(errb.String())
			if msg == "" || strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") {
				t.Errorf("want one sentence on stderr, got %q", msg)
			}
			if tc.body != nil {
				got, err := os.ReadFile(tc.path)
				if err != nil || !bytes.Equal(got, tc.body) {
					t.Errorf("the file changed: %v", err)
				}
				if _, err := os.Stat(tc.path + "-wal"); err == nil {
					t.Errorf("a -wal file was left beside %s", tc.path)
				}
			}
		})
	}
}
