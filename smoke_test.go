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
	cmd := exec.Command(bin, "--db", db)
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "HASHIYA_ANNOTATOR=smoke")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	}()

	win := waitForWindow(t, exited, 15*time.Second)
	time.Sleep(1500 * time.Millisecond) // let the first frames draw
	shot := filepath.Join(dir, "smoke.png")
	if b, err := exec.Command("import", "-window", "root", shot).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v: %s", err, b)
	}
	if n := distinctColours(t, shot); n < 16 {
		keepArtefact(t, shot)
		t.Fatalf("the screenshot looks blank: %d distinct colours", n)
	}

	if b, err := exec.Command("xdotool", "windowfocus", "--sync", win, "key", "--clearmodifiers", "ctrl+q").CombinedOutput(); err != nil {
		t.Fatalf("xdotool key ctrl+q: %v: %s", err, b)
	}
	select {
	case err := <-exited:
		if err != nil {
			keepArtefact(t, shot)
			t.Fatalf("hashiya exited with %v; output:\n%s", err, out.String())
		}
	case <-time.After(10 * time.Second):
		keepArtefact(t, shot)
		t.Fatalf("hashiya did not exit within 10 s of Ctrl+Q; output:\n%s", out.String())
	}

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

// waitForWindow polls for a visible window whose title starts with
// Hashiya and returns its X id.
func waitForWindow(t *testing.T, exited <-chan error, limit time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("hashiya exited before its window appeared: %v", err)
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
