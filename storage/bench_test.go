package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
func benchDoc(b *testing.B, db *DB) (int64, int) {
	text := annotate.FreezeText(strings.Repeat(sampleTexts[0]+"\n", 80))
	return addDocs(b, db, text)[0], annotate.RuneLen(text)
}

// spanAt returns the i-th of the distinct spans a text of n code points
// has: labels cycle fastest, then starts, then lengths. It panics past the
// last one (2n² of them), which no test reaches.
func spanAt(doc int64, n, i int, annotator string) annotate.Span {
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	label, j := labels[i%len(labels)], i/len(labels)
	for length := 1; length <= n; length++ {
		if starts := n - length + 1; j >= starts {
			j -= starts
			continue
		}
		return annotate.Span{DocumentID: doc, Start: j, End: j + length, Label: label, Annotator: annotator}
	}
	panic("spanAt: no more distinct spans")
}

func BenchmarkAddSpan(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	doc, n := benchDoc(b, db)
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if _, err := db.AddSpan(ctx, spanAt(doc, n, i, "bench")); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
	}
	reportLatency(b, ds)
}

func BenchmarkAnnotations(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	doc, n := benchDoc(b, db)
	// 500 spans through an import (quick), 50 targets and 100 stances
	// through edits.
	im, err := db.BeginImport(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var spans []int64
	for i := range 500 {
		id, err := im.AddSpan(spanAt(doc, n, i, "bench"))
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
		_, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: targets[i%50], Holder: targets[(i+1)%50],
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
	doc, n := benchDoc(b, db)
	const made = 1000
	for i := range made {
		if _, err := db.AddSpan(ctx, spanAt(doc, n, i, "bench")); err != nil {
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
	im, err := db.BeginImport(ctx)
	if err != nil {
		b.Fatal(err)
	}
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
