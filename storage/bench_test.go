package storage

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hashiya/annotate"
)

// Benchmarks run on a file in a temporary directory with the production
// pragmas (WAL, synchronous=FULL), so each edit includes its fsync.
//
//	go test ./storage -run '^$' -bench . -benchtime 200x

// reportLatency adds the median and 99th percentile of ds as metrics.
func reportLatency(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ds[len(ds)/2]), "median-ms")
	b.ReportMetric(ms(ds[min(len(ds)-1, len(ds)*99/100)]), "p99-ms")
}

// benchDoc imports one long document and returns its ID and length.
func benchDoc(b *testing.B, db *DB) (int64, string) {
	text := annotate.FreezeText(strings.Repeat(sampleTexts[0]+"\n", 80))
	return addDocs(b, db, text)[0], text
}

// spanRanges caches, per text, the ranges spanAt has enumerated so far.
var spanRanges = struct {
	sync.Mutex
	m map[string]*spanEnum
}{m: map[string]*spanEnum{}}

// spanEnum walks the ranges of a text that storage accepts as spans (no
// white space or bidi mark at an edge): by length, then start.
type spanEnum struct {
	runes         []rune
	length, start int
	ranges        [][2]int
}

func (e *spanEnum) upTo(k int) [2]int {
	n := len(e.runes)
	for len(e.ranges) <= k {
		if e.length == 0 || e.start > n-e.length {
			e.length, e.start = e.length+1, 0
			if e.length > n {
				panic("spanAt: no more distinct spans")
			}
		}
		s, end := e.start, e.start+e.length
		e.start++
		if !annotate.IsSpanEdgeJunk(e.runes[s]) && !annotate.IsSpanEdgeJunk(e.runes[end-1]) {
			e.ranges = append(e.ranges, [2]int{s, end})
		}
	}
	return e.ranges[k]
}

// spanAt returns the i-th of the distinct spans text has: labels cycle
// fastest, then starts, then lengths, skipping ranges with white space at
// an edge. It panics past the last one, which no test reaches.
func spanAt(doc int64, text string, i int, annotator string) annotate.Span {
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	label, j := labels[i%len(labels)], i/len(labels)
	spanRanges.Lock()
	e, ok := spanRanges.m[text]
	if !ok {
		e = &spanEnum{runes: []rune(text)}
		spanRanges.m[text] = e
	}
	r := e.upTo(j)
	spanRanges.Unlock()
	return annotate.Span{DocumentID: doc, Start: r[0], End: r[1], Label: label, Annotator: annotator}
}

func BenchmarkAddSpan(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	doc, text := benchDoc(b, db)
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if _, err := db.AddSpan(ctx, spanAt(doc, text, i, "bench")); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
	}
	reportLatency(b, ds)
}

func BenchmarkAnnotations(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	doc, text := benchDoc(b, db)
	// 500 spans through an import (quick), 50 targets and 100 stances
	// through edits.
	im := beginImport(b, db)
	var spans []int64
	for i := range 500 {
		id, err := im.AddSpan(spanAt(doc, text, i, "bench"))
		if err != nil {
			b.Fatal(err)
		}
		spans = append(spans, id)
	}
	if err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	var targets []int64
	for i := range 50 {
		t, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "هدف", Mentions: spans[i*10 : i*10+5], Annotator: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		targets = append(targets, t.ID)
	}
	for i := range 100 {
		_, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: targets[i%50], Holder: targets[(i+1+i/50)%50], // one stance per target and holder
			Label: "FAVOR", Evidence: spans[i*5 : i*5+2], Annotator: "bench"})
		if err != nil {
			b.Fatal(err)
		}
	}
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		a, err := db.Annotations(ctx, doc, "bench")
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
		if len(a.Spans) != 500 || len(a.Targets) != 50 || len(a.Stances) != 100 {
			b.Fatalf("loaded %d spans, %d targets, %d stances", len(a.Spans), len(a.Targets), len(a.Stances))
		}
	}
	reportLatency(b, ds)
}

// BenchmarkUndo undoes one span addition per iteration; the additions are
// made, untimed, before the loop.
func BenchmarkUndo(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	doc, text := benchDoc(b, db)
	const made = 1000
	for i := range made {
		if _, err := db.AddSpan(ctx, spanAt(doc, text, i, "bench")); err != nil {
			b.Fatal(err)
		}
	}
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i == made {
			b.Fatalf("run with -benchtime at most %dx", made)
		}
		t0 := time.Now()
		if _, err := db.Undo(ctx, "bench"); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
	}
	reportLatency(b, ds)
}

// BenchmarkListDocuments lists 100,000 documents, the size the document
// list must stay fast for.
func BenchmarkListDocuments(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	im := beginImport(b, db)
	// Texts of a typical article's length, so that a list that read them
	// would show it.
	body := strings.Repeat(" "+sampleTexts[0], 8)
	for i := range 100_000 {
		if _, _, err := im.AddDocument(annotate.Document{Text: fmt.Sprintf("مقال رقم %d%s", i, body)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := db.SetStatus(ctx, 500, "bench", annotate.StatusDone); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		list, err := db.ListDocuments(ctx, "bench")
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != 100_000 || list[499].Status != annotate.StatusDone {
			b.Fatalf("listed %d documents", len(list))
		}
	}
}

// importBenchDocs returns n frozen, distinct documents of about 3 KB of
// Arabic news text, the size issue 4's import figures are for, with four
// spans each.
func importBenchDocs(n int) ([]annotate.Document, [][]annotate.Span) {
	words := strings.Fields(`قال المتحدث باسم الحكومة إن الوفد سيصل إلى العاصمة خلال الأيام المقبلة لبحث
		التطورات الميدانية والسياسية مع الأطراف المعنية وأكد أن المفاوضات تسير في الاتجاه الصحيح`)
	docs := make([]annotate.Document, n)
	spans := make([][]annotate.Span, n)
	for i := range docs {
		var sb strings.Builder
		fmt.Fprintf(&sb, "خبر رقم %d\n", i)
		for j := 0; sb.Len() < 3000; j++ {
			sb.WriteString(words[(i*7+j*13)%len(words)])
			sb.WriteByte(' ')
		}
		text := sb.String()
		docs[i] = annotate.Document{Text: text, InputHash: annotate.HashText(text), Meta: []byte(`{"n":1}`)}
		for k := range 4 {
			start := 10 + k*200
			spans[i] = append(spans[i], annotate.Span{Start: start, End: start + 5, Label: "ORG", Annotator: "bench"})
		}
	}
	return docs, spans
}

// BenchmarkImportStore stores 20,000 documents of 3 KB
// with four spans each through an Import, in one transaction, as the last
// stage of "hashiya import" does on its one storing goroutine: parsing is
// not included. The bare sub-benchmark runs only the INSERT statements an
// Import runs, with no checks: what SQLite (modernc) itself costs, the
// floor under any import.
//
//	go test ./storage -run '^$' -bench ImportStore -benchtime 1x
func BenchmarkImportStore(b *testing.B) {
	docs, spans := importBenchDocs(20000)
	b.Run("import", func(b *testing.B) {
		benchStore(b, len(docs), func(im *Import, i int) error {
			id, _, err := im.AddDocument(docs[i])
			if err != nil {
				return err
			}
			for _, s := range spans[i] {
				s.DocumentID = id
				if _, err := im.AddSpan(s); err != nil {
					return err
				}
			}
			return nil
		})
	})
	b.Run("bare", func(b *testing.B) {
		benchStore(b, len(docs), func(im *Import, i int) error {
			var id int64
			if err := im.st.insDoc.QueryRowContext(im.ctx, "خبر", 1500, docs[i].InputHash, "", "{}", 1).Scan(&id); err != nil {
				return err
			}
			if _, err := im.st.insText.ExecContext(im.ctx, id, docs[i].Text); err != nil {
				return err
			}
			for _, s := range spans[i] {
				if _, err := im.st.insSpan.ExecContext(im.ctx, id, s.Annotator, s.Start, s.End, s.Label, "imported", "خبر", 1, 1); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// benchStore imports n documents, store(im, i) adding the i-th, into a
// new database per iteration, and reports documents a second and the
// storing thread's CPU per document, and how long the commit took.
func benchStore(b *testing.B, n int, store func(im *Import, i int) error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ctx := context.Background()
	var elapsed, cpu, commit time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openTemp(b)
		b.StartTimer()
		t0, c0 := time.Now(), threadCPUTime()
		im, err := db.BeginImport(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := store(im, i); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		if err := im.Commit(); err != nil {
			b.Fatal(err)
		}
		commit += time.Since(t1)
		elapsed += time.Since(t0)
		cpu += threadCPUTime() - c0
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(n*b.N), "cpu-µs/doc")
	// The commit writes the WAL to disk and checkpoints it into the
	// database file: I/O no number of cores shortens.
	b.ReportMetric(float64(commit.Milliseconds())/float64(b.N), "commit-ms")
}

// BenchmarkImportReplace is "hashiya import --replace" undoable, on
// 5,000 documents stored already with four spans each: every document
// comes again, its spans are replaced by four new ones, and the import
// keeps all of it for undo. It shows that bookkeeping stays linear in
// the rows replaced.
//
//	go test ./storage -run '^$' -bench ImportReplace -benchtime 1x
func BenchmarkImportReplace(b *testing.B) {
	docs, _ := importBenchDocs(5000)
	// Four words' first three letters on each document, from its 200th
	// character on.
	spans := make([][]annotate.Span, len(docs))
	for i, d := range docs {
		r := []rune(d.Text)
		for at := 200; len(spans[i]) < 4; at += 200 {
			for r[at-1] != ' ' || r[at] == ' ' || r[at+1] == ' ' || r[at+2] == ' ' {
				at++
			}
			spans[i] = append(spans[i], annotate.Span{Start: at, End: at + 3, Label: "ORG", Annotator: "bench"})
		}
	}
	ctx := context.Background()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openTemp(b)
		im := beginImport(b, db)
		ids := make([]int64, len(docs))
		for i := range docs {
			id, _, err := im.AddDocument(docs[i])
			if err != nil {
				b.Fatal(err)
			}
			ids[i] = id
			for _, s := range spans[i] {
				s.DocumentID = id
				if _, err := im.AddSpan(s); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := im.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		im, err := db.BeginImport(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if err := im.UndoableBy("amal"); err != nil {
			b.Fatal(err)
		}
		for i := range docs {
			if _, dup, err := im.AddDocument(docs[i]); err != nil || !dup {
				b.Fatalf("document %d again: %v %v", i, dup, err)
			}
			if err := im.ClearAnnotations(ids[i], "bench"); err != nil {
				b.Fatal(err)
			}
			for _, s := range spans[i] {
				s.DocumentID, s.Label = ids[i], "LOC"
				if _, err := im.AddSpan(s); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := im.Commit(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(t0)
	}
	b.ReportMetric(float64(len(docs)*b.N)/elapsed.Seconds(), "docs/s")
}
