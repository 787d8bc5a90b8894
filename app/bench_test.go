package app

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
	"hashiya/assets"
	"hashiya/storage"
)

// Figures for the targets:
//
//	go test ./app -run '^$' -bench . -benchtime 20x
//
// "Drawn" means laid out, ready for the GL driver to paint on its next
// frame; painting itself is the driver's and is not measured headless.
// At start the whole window is laid out; on Ctrl+Enter the widgets that
// changed lay themselves out when refreshed, and the text view's renderer
// is laid out at its size explicitly.

// sampleTexts are the bundled articles (Arabic and English news).
func sampleTexts(tb testing.TB) []string {
	tb.Helper()
	var out []string
	err := fs.WalkDir(assets.Corpus, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".txt") {
			b, err := fs.ReadFile(assets.Corpus, p)
			if err != nil {
				return err
			}
			out = append(out, string(b))
		}
		return err
	})
	if err != nil || len(out) == 0 {
		tb.Fatalf("sample corpus: %v", err)
	}
	return out
}

// layoutText lays the text view out at its size.
func layoutText(ws *workspace) {
	tv := ws.text.Object().(fyne.Widget)
	test.WidgetRenderer(tv).Layout(tv.Size())
}

// draw lays the whole window's content out, as its first frame does.
func draw(w fyne.Window) {
	c := w.Canvas().(test.WindowlessCanvas)
	c.Resize(c.Size())
	test.LaidOutObjects(w.Content())
}

// BenchmarkDoneToNextDrawn times Ctrl+Enter: the status committed to disk
// (synchronous=FULL), progress counted, the next article read, tokenized
// and laid out. Target: under 50 ms.
func BenchmarkDoneToNextDrawn(b *testing.B) {
	texts := sampleTexts(b)
	var many []string
	for i := 0; len(many) < b.N+2; i++ {
		many = append(many, fmt.Sprintf("%d\n%s", i, texts[i%len(texts)]))
	}
	f := newBenchFixture(b, many)
	draw(f.win)
	b.ResetTimer()
	for range b.N {
		from := f.ws.cur
		f.ws.onDone()
		layoutText(f.ws)
		if f.ws.cur == from || f.ws.status.lastErr != "" {
			b.Fatalf("did not move on: %s", f.ws.status.lastErr)
		}
	}
}

// BenchmarkStartLargeDatabase times opening the workspace on a database
// of 100,000 documents: schema, document list, progress, the first
// document read and drawn. Target: under 1.5 s. It also reports the
// process's resident memory with that database open (target: under
// 200 MB). HASHIYA_BENCH_DOCS changes the number of documents.
func BenchmarkStartLargeDatabase(b *testing.B) {
	db, n := largeDatabase(b)
	a := test.NewTempApp(b)
	win := test.NewTempWindow(b, nil)
	win.Resize(fyne.NewSize(1280, 800))
	runtime.GC()
	b.ResetTimer()
	var ws *workspace
	for range b.N {
		ws = newWorkspace(context.Background(), win, a.Preferences(), db, annotator, newTextView, syncRun)
		win.SetContent(ws.content())
		ws.start()
		draw(win)
		if ws.cur != 0 || len(ws.docs) != n {
			b.Fatalf("opened %d of %d documents: %s", ws.cur, len(ws.docs), ws.status.lastErr)
		}
	}
	b.StopTimer()
	runtime.GC()
	b.ReportMetric(float64(rssKB())/1024, "MB-rss")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap")
	runtime.KeepAlive(ws)
}

// rssKB is the process's resident set size from /proc, or 0 elsewhere.
func rssKB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return kb
		}
	}
	return 0
}

type benchFixture struct {
	win fyne.Window
	ws  *workspace
}

func newBenchFixture(b *testing.B, texts []string) *benchFixture {
	a := test.NewTempApp(b)
	db := openTestDB(b, texts...)
	win := test.NewTempWindow(b, nil)
	win.Resize(fyne.NewSize(1280, 800))
	ws := newWorkspace(context.Background(), win, a.Preferences(), db, annotator, newTextView, syncRun)
	ws.now = func() time.Time { return time.Unix(0, 0) }
	win.SetContent(ws.content())
	ws.start()
	return &benchFixture{win: win, ws: ws}
}

// BenchmarkSearchKeystroke times one keystroke in the search box over a
// database of 100,000 documents (HASHIYA_BENCH_DOCS changes it): the
// index asked, the list filtered, the open text's hits found and the
// window laid out. The queries alternate, so each is a new search; they
// match about one document in eight (one of the sample articles),
// 12,500 of 100,000.
//
//	go test ./app -run '^$' -bench SearchKeystroke -benchtime 20x
func BenchmarkSearchKeystroke(b *testing.B) {
	db, n := largeDatabase(b)
	a := test.NewTempApp(b)
	win := test.NewTempWindow(b, nil)
	win.Resize(fyne.NewSize(1280, 800))
	ws := newWorkspace(context.Background(), win, a.Preferences(), db, annotator, newTextView, syncRun)
	win.SetContent(ws.content())
	ws.start()
	draw(win)
	queries := []string{"التحلية", "الذكاء"} // in one Arabic article each
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		ws.search.SetText(queries[i%2])
		draw(win)
		ds = append(ds, time.Since(t0))
		if len(ws.shown) == 0 || len(ws.shown) == n || ws.status.lastErr != "" {
			b.Fatalf("%q lists %d of %d: %s", queries[i%2], len(ws.shown), n, ws.status.lastErr)
		}
	}
	b.StopTimer()
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(ds[len(ds)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(len(ws.shown)), "listed")
}

// largeDatabase is a database of 100,000 documents (HASHIYA_BENCH_DOCS
// changes the number), the sample articles over and over, each with its
// own first line, and how many it holds; it is closed when the
// benchmark ends.
func largeDatabase(b *testing.B) (*storage.DB, int) {
	b.Helper()
	n := 100_000
	if s := os.Getenv("HASHIYA_BENCH_DOCS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	texts := sampleTexts(b)
	db, err := storage.Open(b.TempDir() + "/large.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	im, err := db.BeginImport(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		text := annotate.FreezeText(fmt.Sprintf("Article %d\n%s", i, texts[i%len(texts)]))
		if _, _, err := im.AddDocument(annotate.Document{Text: text, InputHash: annotate.HashText(text), Source: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	// Indexed, as a database is some time after its import: the
	// benchmarks time the window, not the background indexing.
	for left := n; left > 0; {
		if left, err = db.IndexPending(context.Background(), 20_000); err != nil {
			b.Fatal(err)
		}
	}
	return db, n
}
