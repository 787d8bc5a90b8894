package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"hashiya/annotate/dataset"
	"hashiya/storage"
)

var benchDocs = flag.Int("bench.docs", 20000, "documents in the generated benchmark corpus")

var benchWords = strings.Fields(`قال المتحدث باسم الحكومة إن الوفد سيصل إلى العاصمة خلال الأيام المقبلة لبحث
التطورات الميدانية والسياسية مع الأطراف المعنية وأكد أن المفاوضات تسير في الاتجاه الصحيح رغم
الصعوبات التي تواجهها المنطقة منذ سنوات طويلة the minister said talks would resume next week`)

var benchNames = []struct{ text, label string }{
	{"الائتلاف الوطني", "ORG"}, {"دمشق", "LOC"}, {"زهرة بيل", "PER"}, {"الأمم المتحدة", "ORG"},
	{"إسطنبول", "LOC"}, {"Angela Merkel", "PER"}, {"👍🏽 واشنطن", "LOC"},
}

// writeBenchCorpus writes n Prodigy tasks of about 3 KB of news-like text
// with one to four spans each.
func writeBenchCorpus(tb testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(1, 2))
	type span struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	var text strings.Builder
	for i := range n {
		text.Reset()
		var spans []span
		fmt.Fprintf(&text, "خبر رقم %d\n", i) // makes every text unique
		// The last word is a name when none came before it: an export
		// leaves out documents nobody annotated, and the export
		// benchmarks expect every document back.
		for text.Len() < 3000 {
			if (r.IntN(25) == 0 || len(spans) == 0 && text.Len() > 2950) && len(spans) < 4 {
				name := benchNames[r.IntN(len(benchNames))]
				start := utf8.RuneCountInString(text.String())
				text.WriteString(name.text)
				spans = append(spans, span{start, start + utf8.RuneCountInString(name.text), name.label})
			} else {
				text.WriteString(benchWords[r.IntN(len(benchWords))])
			}
			switch r.IntN(40) {
			case 0:
				text.WriteString(".\n")
			case 1:
				text.WriteString("، ")
			default:
				text.WriteString(" ")
			}
		}
		line, _ := json.Marshal(map[string]any{"text": text.String(), "spans": spans, "meta": map[string]any{"n": i}})
		w.Write(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
}

var benchCorpus struct {
	once sync.Once
	path string
	dir  string
}

// corpusFile generates the corpus once per test binary run.
func corpusFile(b *testing.B) string {
	benchCorpus.once.Do(func() {
		dir, err := os.MkdirTemp("", "hashiya-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchCorpus.dir = dir
		benchCorpus.path = filepath.Join(dir, "corpus.jsonl")
		writeBenchCorpus(b, benchCorpus.path, *benchDocs)
	})
	return benchCorpus.path
}

// peakHeap samples the heap in use until stop is closed and returns the
// largest value seen, in MB. It reads runtime/metrics, which unlike
// runtime.ReadMemStats does not stop every goroutine to answer: a sampler
// that did would slow down what it measures.
func peakHeap(stop <-chan struct{}) <-chan float64 {
	out := make(chan float64, 1)
	go func() {
		// Heap in use: live and dead objects, plus free space in spans
		// that hold objects (ReadMemStats' HeapInuse).
		samples := []metrics.Sample{
			{Name: "/memory/classes/heap/objects:bytes"},
			{Name: "/memory/classes/heap/unused:bytes"},
		}
		peak := uint64(0)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			peak = max(peak, samples[0].Value.Uint64()+samples[1].Value.Uint64())
			select {
			case <-stop:
				out <- float64(peak) / (1 << 20)
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// BenchmarkImport imports the generated corpus into a new database, in
// one transaction, as "hashiya import" does.
//
//	go test ./app/cli/ -run '^$' -bench Import -benchtime 1x [-bench.docs 2000]
func BenchmarkImport(b *testing.B) {
	benchImport(b, func() string { return filepath.Join(b.TempDir(), "bench.db") })
}

// benchImport is BenchmarkImport into the new database newDB names.
func benchImport(b *testing.B, newDB func() string) {
	path := corpusFile(b)
	ctx := context.Background()
	// The storing goroutine is this one, on its own thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var elapsed, cpu, writer time.Duration
	var peak float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := storage.Open(newDB())
		if err != nil {
			b.Fatal(err)
		}
		schema, _ := db.Schema(ctx)
		runtime.GC()
		stop := make(chan struct{})
		peakc := peakHeap(stop)
		b.StartTimer()
		start, cpu0, w0 := time.Now(), cpuTime(), threadCPUTime()
		c := &command{name: "import", stderr: io.Discard, stdout: io.Discard}
		r := importRun{c: c, files: []string{path}, format: dataset.Prodigy, annotator: "bench",
			opts: dataset.Options{Schema: &schema, Workers: runtime.GOMAXPROCS(0)}}
		n, err := r.run(ctx, db)
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		writer += threadCPUTime() - w0
		b.StopTimer()
		close(stop)
		peak = max(peak, <-peakc)
		if err != nil || n.imported != *benchDocs {
			b.Fatalf("imported %+v: %v", n, err)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(*benchDocs*b.N)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(*benchDocs*b.N), "cpu-µs/doc")
	// One goroutine stores everything, so 1e6 / writer-cpu-µs/doc is the
	// most documents a second this import can reach on any number of
	// cores; 2e6 / cpu-µs/doc is the most on two.
	b.ReportMetric(float64(writer.Microseconds())/float64(*benchDocs*b.N), "writer-cpu-µs/doc")
	b.ReportMetric(peak, "peak-heap-MB")
	b.ReportMetric(peakRSS(), "peak-rss-MB")
}

// BenchmarkExportProdigy exports the imported corpus as Prodigy JSONL
// (tokens included) to io.Discard.
//
//	go test ./app/cli/ -run '^$' -bench ExportProdigy -benchtime 1x [-bench.docs 2000]
func BenchmarkExportProdigy(b *testing.B) {
	benchExport(b, dataset.Prodigy)
}

// BenchmarkExportDoccano is the same for doccano, which needs no
// tokenizing: it shows what reading the database costs.
func BenchmarkExportDoccano(b *testing.B) {
	benchExport(b, dataset.Doccano)
}

// BenchmarkExportCoNLL is the same for CoNLL.
func BenchmarkExportCoNLL(b *testing.B) {
	benchExport(b, dataset.CoNLL)
}

func benchExport(b *testing.B, f dataset.Format) {
	corpusFile(b)
	// The export benchmarks share one imported file.
	benchExportFrom(b, f, filepath.Join(benchCorpus.dir, "export.db"))
}

// benchExportFrom is benchExport from the database dbName names,
// importing the corpus into it first if it has no documents.
func benchExportFrom(b *testing.B, f dataset.Format, dbName string) {
	path := corpusFile(b)
	ctx := context.Background()
	db, err := storage.Open(dbName)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if n, err := db.DocumentCount(ctx); err != nil {
		b.Fatal(err)
	} else if n == 0 {
		schema, _ := db.Schema(ctx)
		c := &command{name: "import", stderr: io.Discard, stdout: io.Discard}
		r := importRun{c: c, files: []string{path}, format: dataset.Prodigy, annotator: "bench", opts: dataset.Options{Schema: &schema, Workers: runtime.GOMAXPROCS(0)}}
		if _, err := r.run(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
	c := &command{name: "export", stderr: io.Discard, stdout: io.Discard}
	runtime.GC()
	stop := make(chan struct{})
	peakc := peakHeap(stop)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		n, err := c.write(ctx, db, storage.ExportFilter{}, io.Discard, f, dataset.EncodeOptions{Offsets: dataset.Codepoint, Labels: []string{"PER", "ORG", "LOC", "MISC"}})
		if err != nil || n.docs != *benchDocs {
			b.Fatalf("exported %+v: %v", n, err)
		}
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	close(stop)
	b.ReportMetric(float64(*benchDocs*b.N)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(*benchDocs*b.N), "cpu-µs/doc")
	b.ReportMetric(<-peakc, "peak-heap-MB")
	b.ReportMetric(peakRSS(), "peak-rss-MB")
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if benchCorpus.dir != "" {
		os.RemoveAll(benchCorpus.dir)
	}
	os.Exit(code)
}
