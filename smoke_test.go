package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hashiya/storage"
)

// TestSmoke starts the built binary in a real window under Xvfb, takes a
// screenshot, closes the window with Ctrl+Q and checks the database
// afterwards. `make smoke` runs it; elsewhere it skips. On failure the
// screenshot stays in artifacts/ for CI to keep.
func TestSmoke(t *testing.T) {
	bin := os.Getenv("HASHIYA_SMOKE_BIN")
	if bin == "" {
		t.Skip("real-window smoke test: run it with `make smoke` (needs HASHIYA_SMOKE_BIN and an X display)")
	}
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("HASHIYA_SMOKE_BIN is set but DISPLAY is not: run under xvfb-run")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: `make test-prereqs` installs it", tool)
		}
	}

	dir := t.TempDir()
	db := filepath.Join(dir, "smoke.db")
	app := startApp(t, bin, dir, "--db", db)
	time.Sleep(1500 * time.Millisecond) // let the first frames draw
	shot := filepath.Join(dir, "smoke.png")
	if b, err := exec.Command("import", "-window", "root", shot).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v: %s", err, b)
	}
	if n := distinctColours(t, shot); n < 16 {
		keepArtefact(t, shot)
		t.Fatalf("the screenshot looks blank: %d distinct colours", n)
	}

	quitApp(t, app, shot)

	s, err := storage.Open(db)
	if err != nil {
		t.Fatalf("reopen the database: %v", err)
	}
	defer s.Close()
	res, err := s.IntegrityCheck(context.Background())
	if err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	if n, err := s.DocumentCount(context.Background()); err != nil || n == 0 {
		t.Fatalf("the new database was not seeded with the sample corpus: %d documents, %v", n, err)
	}
}

// appProcess is a running hashiya; done closes when it has exited, and
// err is its exit error after that.
type appProcess struct {
	win  string
	out  *bytes.Buffer
	done chan struct{}
	err  error
}

// startApp starts the binary with args, its home and config in dir, and
// waits until its window is mapped.
func startApp(t *testing.T, bin, dir string, args ...string) *appProcess {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "HASHIYA_ANNOTATOR=smoke")
	p := &appProcess{out: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // fails harmlessly when it has exited
		<-p.done
	})
	p.win = waitForWindow(t, p, 15*time.Second)
	return p
}

// quitApp presses Ctrl+Q in the window and waits up to 10 s for a clean exit.
func quitApp(t *testing.T, p *appProcess, shot string) {
	t.Helper()
	p.key(t, "ctrl+q")
	select {
	case <-p.done:
		if p.err != nil {
			keepArtefact(t, shot)
			t.Fatalf("hashiya exited with %v; output:\n%s", p.err, p.out.String())
		}
	case <-time.After(10 * time.Second):
		keepArtefact(t, shot)
		t.Fatalf("hashiya did not exit within 10 s of Ctrl+Q; output:\n%s", p.out.String())
	}
}

// key focuses the window and presses key, as xdotool names keys.
func (p *appProcess) key(t *testing.T, key string) {
	t.Helper()
	if b, err := exec.Command("xdotool", "windowfocus", "--sync", p.win, "key", "--clearmodifiers", key).CombinedOutput(); err != nil {
		t.Fatalf("xdotool key %s: %v: %s", key, err, b)
	}
}

// waitForWindow polls for a visible window whose title starts with
// Hashiya and returns its X id.
func waitForWindow(t *testing.T, p *appProcess, limit time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("hashiya exited before its window appeared: %v; output:\n%s", p.err, p.out.String())
		default:
		}
		b, err := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Hashiya").Output()
		if ids := strings.Fields(string(b)); err == nil && len(ids) > 0 {
			return ids[0]
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no Hashiya window was mapped within %v", limit)
	return ""
}

func distinctColours(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

// keepArtefact copies the screenshot to artifacts/ so that CI keeps it.
func keepArtefact(t *testing.T, shot string) {
	b, err := os.ReadFile(shot)
	if err != nil {
		return
	}
	_ = os.MkdirAll("artifacts", 0o755)
	dst := filepath.Join("artifacts", "smoke-"+time.Now().Format("150405")+".png")
	if os.WriteFile(dst, b, 0o644) == nil {
		t.Logf("screenshot kept in %s", dst)
	}
}

// TestEndToEnd annotates from the keyboard in the real window: on a
// database holding one Arabic article, Ctrl+Home, Shift+End and 1 must
// save a PER span from offset 0 that is still there after quitting.
func TestEndToEnd(t *testing.T) {
	bin := os.Getenv("HASHIYA_SMOKE_BIN")
	if bin == "" {
		t.Skip("real-window end-to-end test: run it with `make smoke` (needs HASHIYA_SMOKE_BIN and an X display)")
	}
	dir := t.TempDir()
	article := filepath.Join(dir, "article.txt")
	text := "وقال وزير المياه سامر الخطيب إن المشروع سيبدأ في 2027.\n\nوأضاف أن التمويل (12 مليون دولار) جاهز."
	if err := os.WriteFile(article, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "e2e.db")
	var out, errb bytes.Buffer
	if code := run([]string{"import", "--db", db, article}, &out, &errb); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errb.String())
	}

	app := startApp(t, bin, dir, "--db", db)
	time.Sleep(1500 * time.Millisecond) // the first document opens off the UI goroutine
	for _, key := range []string{"ctrl+Home", "shift+End", "1"} {
		app.key(t, key)
		time.Sleep(300 * time.Millisecond)
	}
	time.Sleep(time.Second)
	shot := filepath.Join(dir, "e2e.png")
	_ = exec.Command("import", "-window", "root", shot).Run()
	quitApp(t, app, shot)

	s, err := storage.Open(db)
	if err != nil {
		t.Fatalf("reopen the database: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	docs, err := s.ListDocuments(ctx, "smoke")
	if err != nil || len(docs) != 1 {
		t.Fatalf("want the one imported document, got %d (%v)", len(docs), err)
	}
	anns, err := s.Annotations(ctx, docs[0].ID, "smoke")
	if err != nil {
		t.Fatal(err)
	}
	if len(anns.Spans) != 1 || anns.Spans[0].Start != 0 || anns.Spans[0].Label != "PER" {
		keepArtefact(t, shot)
		t.Fatalf("want one PER span from offset 0, got %+v; app output:\n%s", anns.Spans, app.out.String())
	}
	t.Logf("saved span [%d,%d) %q", anns.Spans[0].Start, anns.Spans[0].End, anns.Spans[0].Text)
}

// TestSmokeQuietLocale runs the built binary's commands under the locales
// servers and CI have (LANG unset, C, C.UTF-8, POSIX): Fyne's locale
// lookup, linked into the same binary, must print nothing to stderr, so
// a command's stderr holds only its own sentences.
func TestSmokeQuietLocale(t *testing.T) {
	bin := os.Getenv("HASHIYA_SMOKE_BIN")
	if bin == "" {
		t.Skip("runs the built binary: run it with `make smoke` (needs HASHIYA_SMOKE_BIN)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "quiet.db")
	doc := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(doc, []byte("وقال الوزير إن المشروع سيبدأ في 2027.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"", "C", "C.UTF-8", "POSIX"} {
		env := []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH")}
		if lang != "" {
			env = append(env, "LANG="+lang)
		}
		for _, args := range [][]string{
			{"import", "--db", db, doc},
			{"stats", "--db", db},
			{"check", "--db", db},
			{"help"},
		} {
			cmd := exec.Command(bin, args...)
			cmd.Env = env
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("LANG=%q hashiya %s: %v: %s", lang, strings.Join(args, " "), err, stderr.String())
			}
			// import says once that it created the database; nothing
			// else may reach stderr, and never Fyne's locale noise.
			out := stderr.String()
			if strings.Contains(out, "locale") || strings.Contains(out, "Fyne") ||
				(args[0] != "import" && out != "") {
				t.Errorf("LANG=%q hashiya %s wrote to stderr:\n%s", lang, strings.Join(args, " "), out)
			}
		}
	}
}
