package textview

import (
	"io/fs"
	"math/rand"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"hashiya/assets"
)

// arabicCorpus returns the bundled Arabic sample articles joined by LFs.
func arabicCorpus(b testing.TB) string {
	b.Helper()
	names, err := fs.Glob(assets.Corpus, "corpus/*_ar_*.txt")
	if err != nil || len(names) == 0 {
		b.Fatalf("no Arabic articles in assets.Corpus: %v", err)
	}
	var sb strings.Builder
	for _, n := range names {
		data, err := fs.ReadFile(assets.Corpus, n)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(data)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// articleOf returns about n code points of Arabic news text, cut at a
// paragraph end.
func articleOf(b testing.TB, n int) string {
	b.Helper()
	src := arabicCorpus(b)
	var r []rune
	for len(r) < n {
		r = append(r, []rune(src)...)
	}
	r = r[:n]
	return string(r)
}

// BenchmarkLayoutArticle lays out a 6,000-character Arabic article at
// 800 px from scratch: levels, line breaks, shaping (empty word cache)
// and wrapping of every paragraph. On Linux it also reports cpu-ns/op,
// the CPU time of the benchmark's thread, which other processes on a
// busy machine do not inflate (garbage collection on other threads is
// not counted).
//
// The app keeps one shaper for its life, so opening an article finds
// HarfBuzz's per-face fonts and shaping plans built but none of the
// article's words: each iteration empties the word cache only, and does
// not build a new shaper, which the app never does per article. Like
// the fonts, spaces and punctuation shaped alone stay (see forgetWords).
func BenchmarkLayoutArticle(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	text := []rune(articleOf(b, 6000))
	sh := newShaper(testShaper(b, 14).fonts, 14)
	layOut(sh, text, 800)
	b.ResetTimer()
	cpu0, cpuOK := threadCPUTime()
	for b.Loop() {
		sh.forgetWords()
		layOut(sh, text, 800)
	}
	if cpu1, ok := threadCPUTime(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkLayoutArticleWarm lays out the same article again with the
// shaper views share, which has seen its words: what re-opening an
// article, or opening one after others, costs.
func BenchmarkLayoutArticleWarm(b *testing.B) {
	text := []rune(articleOf(b, 6000))
	sh := sharedShaper(testShaper(b, 14).fonts, 14)
	for b.Loop() {
		layOut(sh, text, 800)
	}
}

// BenchmarkRelayoutResize re-flows the same article after the width
// changed (shaping is kept; only line breaking and ordering run).
func BenchmarkRelayoutResize(b *testing.B) {
	text := []rune(articleOf(b, 6000))
	sh := testShaper(b, 14)
	l := layOut(sh, text, 800)
	w := float32(800)
	b.ResetTimer()
	for b.Loop() {
		w = 1400 - w // 800 <-> 600
		l.setWidth(w)
		l.ensure(0, 1e9)
	}
}

// BenchmarkHitTest converts pointer positions to offsets in the laid-out
// article.
func BenchmarkHitTest(b *testing.B) {
	text := []rune(articleOf(b, 6000))
	sh := testShaper(b, 14)
	l := layOut(sh, text, 800)
	h := l.height()
	rng := rand.New(rand.NewSource(1))
	pts := make([][2]float32, 1024)
	for i := range pts {
		pts[i] = [2]float32{rng.Float32() * 800, rng.Float32() * h}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := pts[i%len(pts)]
		l.offsetAt(p[0], p[1])
		i++
	}
}

// BenchmarkOpenLarge opens a 200,000-character document in a view of
// 800×600 and builds its first screen.
func BenchmarkOpenLarge(b *testing.B) {
	text := articleOf(b, 200_000)
	tv, _ := newBenchView(b, 800, 600)
	b.ResetTimer()
	for b.Loop() {
		tv.SetText(text, nil)
	}
}

// BenchmarkScrollLarge scrolls a 200,000-character document down by one
// screen at a time, laying out and building what comes into view.
func BenchmarkScrollLarge(b *testing.B) {
	text := articleOf(b, 200_000)
	tv, _ := newBenchView(b, 800, 600)
	tv.SetText(text, nil)
	b.ResetTimer()
	for b.Loop() {
		tv.scroll.Offset.Y += 600
		if tv.scroll.Offset.Y > tv.lay.height()-600 {
			tv.scroll.Offset.Y = 0
		}
		tv.onScrolled()
	}
}

func newBenchView(b *testing.B, w, h float32) (*TextView, fyne.Window) {
	b.Helper()
	return newView(b, w, h)
}

// layOut lays text out whole at width, as a view does once it has
// scrolled through all of it.
func layOut(sh *shaper, text []rune, width float32) *layout {
	l := newLayout(sh, sh.lineHeight)
	l.setText(text)
	l.setWidth(width)
	l.ensure(0, 1e9)
	return l
}
