package textview

import (
	"runtime"
	"syscall"
	"testing"
)

func threadCPU() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func BenchmarkTmpLayoutArticleCPU(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	text := []rune(articleOf(b, 6000))
	fonts := testShaper(b, 14).fonts
	b.ResetTimer()
	c0 := threadCPU()
	for b.Loop() {
		sh := newShaper(fonts, 14)
		l := newLayout(sh, sh.lineHeight)
		l.setText(text)
		l.setWidth(800)
		l.ensure(0, 1e9)
	}
	b.ReportMetric(float64(threadCPU()-c0)/float64(b.N), "cpu-ns/op")
}
