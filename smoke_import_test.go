package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"hashiya/storage"
)

// TestImportUndoRealWindow imports a file through File › Import in the
// real window, from the keyboard and one click on the menu bar as an
// annotator would, and undoes it with Ctrl+Z: the document must be in
// the database after the Import button and gone after Ctrl+Z, and the
// document imported before stays.
//
// The steps rely on the default theme at scale 1 on a 1280x800 screen
// (`make smoke`): "File" sits at (27, 14) in the menu bar; in the Import
// form six Tabs reach "Choose…", in the confirmation two reach
// "Import", in the result one reaches "OK".
func TestImportUndoRealWindow(t *testing.T) {
	bin := os.Getenv("HASHIYA_SMOKE_BIN")
	if bin == "" {
		t.Skip("real-window import test: run it with `make smoke` (needs HASHIYA_SMOKE_BIN and an X display)")
	}
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.txt")
	article := filepath.Join(dir, "news", "a.txt")
	if err := os.MkdirAll(filepath.Dir(article), 0o755); err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string]string{seed: "Barack Obama met Vladimir Putin in Moscow.\n", article: "مقال أول عن حلب.\n"} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "undo.db")
	var out, errb bytes.Buffer
	if code := run([]string{"import", "--db", db, seed}, &out, &errb); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errb.String())
	}

	app := startApp(t, bin, dir, "--db", db)
	shot := filepath.Join(dir, "import-undo.png")
	fail := func(format string, args ...any) {
		t.Helper()
		_ = exec.Command("import", "-window", "root", shot).Run()
		keepArtefact(t, shot)
		t.Fatalf(format+"; app output:\n%s", append(args, app.out.String())...)
	}
	time.Sleep(1500 * time.Millisecond) // the first document opens off the UI goroutine

	if b, err := exec.Command("xdotool", "mousemove", "--window", app.win, "27", "14", "click", "1").CombinedOutput(); err != nil {
		t.Fatalf("click File: %v: %s", err, b)
	}
	steps := []struct {
		keys  []string
		typed string
		wait  time.Duration
	}{
		{keys: []string{"Down", "Down", "Down", "Return"}, wait: 700 * time.Millisecond}, // File › Import…
		{keys: []string{"Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "space"}, wait: 700 * time.Millisecond},
		{keys: []string{"ctrl+a"}, typed: article},                             // the chooser's path
		{keys: []string{"Return"}, wait: time.Second},                          // the confirmation
		{keys: []string{"Tab", "Tab", "space"}, wait: 1500 * time.Millisecond}, // Import
	}
	for _, s := range steps {
		for _, k := range s.keys {
			app.key(t, k)
			time.Sleep(100 * time.Millisecond)
		}
		if s.typed != "" {
			if b, err := exec.Command("xdotool", "type", "--delay", "20", s.typed).CombinedOutput(); err != nil {
				t.Fatalf("xdotool type: %v: %s", err, b)
			}
		}
		time.Sleep(s.wait)
	}
	if n := waitForCount(t, db, 2, 5*time.Second); n != 2 {
		fail("after the Import button the database has %d documents, want 2", n)
	}
	app.key(t, "Tab") // the result's OK
	app.key(t, "space")
	time.Sleep(500 * time.Millisecond)
	app.key(t, "ctrl+z")
	if n := waitForCount(t, db, 1, 5*time.Second); n != 1 {
		fail("after Ctrl+Z the database has %d documents, want the 1 imported before", n)
	}
	_ = exec.Command("import", "-window", "root", shot).Run()
	quitApp(t, app, shot)

	s, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs, err := s.ListDocuments(context.Background(), "smoke")
	if err != nil || len(docs) != 1 || docs[0].Title != "Barack Obama met Vladimir Putin in Moscow." {
		t.Fatalf("after quitting: %+v, %v", docs, err)
	}
}

// waitForCount polls the database, which the app has open too, until it
// holds want documents or limit passes, and returns the last count.
func waitForCount(t *testing.T, path string, want int, limit time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(limit)
	n := -1
	for {
		s, err := storage.OpenExisting(path)
		if err == nil {
			n, err = s.DocumentCount(context.Background())
			s.Close()
		}
		if err != nil {
			t.Logf("count documents: %v", err)
		}
		if n == want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(200 * time.Millisecond)
	}
}
