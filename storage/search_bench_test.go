package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"hashiya/annotate"
)

// newsWords makes a vocabulary of n Arabic-looking words: 3 to 7 letters
// drawn from the alphabet, about one word in five with harakat, one in
// ten with a hamza seat, as news text has them.
func newsWords(r *rand.Rand, n int) []string {
	letters := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوية")
	harakat := []rune{'\u064e', '\u064f', '\u0650', '\u0651', '\u0652'}
	words := make([]string, n)
	for i := range words {
		var sb strings.Builder
		for k := range 3 + r.IntN(5) {
			l := letters[r.IntN(len(letters))]
			if k == 0 && r.IntN(10) == 0 {
				l = 'أ'
			}
			sb.WriteRune(l)
			if r.IntN(5) == 0 {
				sb.WriteRune(harakat[r.IntN(len(harakat))])
			}
		}
		words[i] = sb.String()
	}
	return words
}

// newsDocs returns n distinct frozen texts of about 3 KB (some 1,500
// code points, a news article), words drawn with a Zipf-like skew from
// a vocabulary of 20,000 and often carrying the clitics و, ب, ال. Every
// text holds "عبد الأحد" when its index is a multiple of 10,000, and
// "وبالمفاوضات" when a multiple of 100, so queries have known answers.
func newsDocs(n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	words := newsWords(r, 20000)
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(words)-1))
	clitics := []string{"", "", "", "و", "ب", "ال", "وال", "بال", "لل"}
	texts := make([]string, n)
	for i := range texts {
		var sb strings.Builder
		fmt.Fprintf(&sb, "خبر رقم %d\n", i)
		if i%10000 == 0 {
			sb.WriteString("قال عبد الأحد اسطيفو ")
		}
		if i%100 == 0 {
			sb.WriteString("وبالمفاوضات ")
		}
		for sb.Len() < 3000 {
			sb.WriteString(clitics[r.IntN(len(clitics))])
			sb.WriteString(words[zipf.Uint64()])
			if r.IntN(12) == 0 {
				sb.WriteString("،")
			}
			sb.WriteByte(' ')
		}
		texts[i] = annotate.FreezeText(sb.String())
	}
	return texts
}

// BenchmarkSearch imports 100,000 news-length documents, reporting how
// long each 10,000 took to store and all took to index, then times queries over
// them: rare (10 documents), uncommon (1%), a word inside clitics, a
// frequent word, a phrase in every document and one in none; and once,
// a two-letter query, which reads every text. Each sub-benchmark reports the documents found.
//
//	go test ./storage -run '^$' -bench Search -benchtime 20x
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	const n, chunk = 100_000, 10_000
	texts := newsDocs(n)
	db := openTemp(b)
	im, err := db.BeginImport(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer im.Rollback()
	t0 := time.Now()
	var chunks []time.Duration
	for i, text := range texts {
		if _, _, err := im.AddDocument(annotate.Document{Text: text}); err != nil {
			b.Fatal(err)
		}
		if (i+1)%chunk == 0 {
			chunks = append(chunks, time.Since(t0))
			t0 = time.Now()
		}
	}
	t1 := time.Now()
	if err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	commit := time.Since(t1)
	var total time.Duration
	for _, d := range chunks {
		total += d
	}
	b.Logf("import of %d documents: %.1f s per %d documents (first %.1f s, last %.1f s), commit %.1f s",
		n, total.Seconds()/float64(len(chunks)), chunk, chunks[0].Seconds(), chunks[len(chunks)-1].Seconds(), commit.Seconds())
	// The queries below time the index, so nothing may wait for it.
	t1 = time.Now()
	for left := n; left > 0; {
		if left, err = db.IndexPending(ctx, chunk); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("indexing them: %.1f s", time.Since(t1).Seconds())
	// Two letters are below the trigram index: every text is read.
	t2 := time.Now()
	ids, err := db.SearchDocuments(ctx, "قل")
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("a two-letter query reads every text: %.1f s, %d documents", time.Since(t2).Seconds(), len(ids))
	common := strings.Fields(texts[1])[5] // a frequent word, whatever the draw
	for _, q := range []struct{ name, query string }{
		{"rare", "عبد الاحد"},
		{"uncommon", "المفاوضات"},
		{"inside-clitics", "بالمفاوض"},
		{"common", common},
		{"every", "خبر رقم"}, // in all 100,000
		{"none", "لا يوجد هذا"},
	} {
		b.Run(q.name, func(b *testing.B) {
			var ds []time.Duration
			var found int
			for b.Loop() {
				t0 := time.Now()
				ids, err := db.SearchDocuments(ctx, q.query)
				if err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t0))
				found = len(ids)
			}
			reportLatency(b, ds)
			b.ReportMetric(float64(found), "docs")
		})
	}
}

// BenchmarkSearchIndexAll times the first opening of a database of
// 10,000 news-length documents made before the search index: Open runs
// migration 4, which lists them all for IndexPending (and indexed them
// all before migration 6).
//
//	go test ./storage -run '^$' -bench SearchIndexAll -benchtime 3x
func BenchmarkSearchIndexAll(b *testing.B) {
	ctx := context.Background()
	texts := newsDocs(10_000)
	db := openTemp(b)
	path := db.Path()
	addDocs(b, db, texts...)
	db.Close()
	for b.Loop() {
		b.StopTimer()
		db, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{"DROP TABLE search", "DROP TABLE search_pending", "DELETE FROM migrations WHERE version >= 4", "PRAGMA user_version = 3"} {
			if _, err := db.w.ExecContext(ctx, q); err != nil {
				b.Fatal(q, err)
			}
		}
		db.Close()
		b.StartTimer()
		if db, err = Open(path); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkImportNews imports 10,000 news-length documents in one
// import, search index included, and reports the seconds it took: run
// on a commit before the index for the index's share.
//
//	go test ./storage -run '^$' -bench ImportNews -benchtime 3x
func BenchmarkImportNews(b *testing.B) {
	ctx := context.Background()
	texts := newsDocs(10_000)
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openTemp(b)
		b.StartTimer()
		t0 := time.Now()
		im, err := db.BeginImport(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for _, text := range texts {
			if _, _, err := im.AddDocument(annotate.Document{Text: text}); err != nil {
				b.Fatal(err)
			}
		}
		if err := im.Commit(); err != nil {
			b.Fatal(err)
		}
		total += time.Since(t0)
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/10k-docs")
}

// BenchmarkIndexPending imports 20,000 news-length documents, which
// leaves them waiting for the index, then times IndexPending in batches
// of 500 (as the window runs it) until none is left. It reports the
// whole run and the longest batch, the longest an edit queued behind
// the indexing waits, and how long a search takes before the indexing,
// when it reads all 20,000 texts.
//
//	go test ./storage -run '^$' -bench IndexPending -benchtime 1x
func BenchmarkIndexPending(b *testing.B) {
	ctx := context.Background()
	const n, batch = 20_000, 500
	texts := newsDocs(n)
	var total, longest, search time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openTemp(b)
		addDocs(b, db, texts...)
		t0 := time.Now()
		if got, err := db.SearchDocuments(ctx, "عبد الأحد"); err != nil || len(got) != n/10_000 {
			b.Fatalf("found %v, %v", got, err)
		}
		search += time.Since(t0)
		b.StartTimer()
		t0 = time.Now()
		for left := n; left > 0; {
			t1 := time.Now()
			var err error
			if left, err = db.IndexPending(ctx, batch); err != nil {
				b.Fatal(err)
			}
			longest = max(longest, time.Since(t1))
		}
		total += time.Since(t0)
		b.StopTimer()
		// The index alone answers now.
		if got, err := db.SearchDocuments(ctx, "عبد الأحد"); err != nil || len(got) != n/10_000 {
			b.Fatalf("found %v, %v", got, err)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/20k-docs")
	b.ReportMetric(float64(longest.Milliseconds()), "ms/longest-batch")
	b.ReportMetric(float64(search.Milliseconds())/float64(b.N), "ms/search-unindexed")
}
