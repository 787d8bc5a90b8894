package cli

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hashiya/annotate"
	"hashiya/storage"
)

var teamWords = strings.Fields(`قال المتحدث باسم الحكومة إن الوفد سيصل إلى العاصمة خلال الأيام المقبلة لبحث
التطورات الميدانية والسياسية مع الأطراف المعنية وأكد أن المفاوضات تسير في الاتجاه الصحيح رغم
الصعوبات التي تواجهها المنطقة منذ سنوات طويلة the minister said talks would resume next week`)

var teamNames = []struct{ text, label string }{
	{"الائتلاف الوطني", "ORG"}, {"دمشق", "LOC"}, {"زهرة بيل", "PER"}, {"الأمم المتحدة", "ORG"},
	{"وإسطنبول", "LOC"}, {"Angela Merkel", "PER"}, {"واشنطن", "LOC"},
}

// makeTeamDB writes a database of n documents of about 3 KB of news-like
// text, each annotated by the given annotators and marked done: each
// annotator finds most of the names, sometimes with another label or
// without a proclitic, as real annotators differ.
func makeTeamDB(tb testing.TB, path string, n int, annotators ...string) {
	tb.Helper()
	db, err := storage.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	im, err := db.BeginImport(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer im.Rollback()
	r := rand.New(rand.NewPCG(14, 2))
	type name struct{ start, end, label int }
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	var text strings.Builder
	for i := range n {
		text.Reset()
		fmt.Fprintf(&text, "خبر رقم %d\n", i)
		var names []struct {
			start, end int
			label      string
		}
		for text.Len() < 3000 {
			if r.IntN(25) == 0 {
				nm := teamNames[r.IntN(len(teamNames))]
				start := utf8.RuneCountInString(text.String())
				text.WriteString(nm.text)
				names = append(names, struct {
					start, end int
					label      string
				}{start, start + utf8.RuneCountInString(nm.text), nm.label})
			} else {
				text.WriteString(teamWords[r.IntN(len(teamWords))])
			}
			text.WriteString(" ")
		}
		id, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(text.String()), Source: "bench"})
		if err != nil {
			tb.Fatal(err)
		}
		for _, a := range annotators {
			for _, nm := range names {
				if r.IntN(10) == 0 {
					continue // missed
				}
				s := annotate.Span{DocumentID: id, Annotator: a, Start: nm.start, End: nm.end, Label: nm.label}
				if r.IntN(12) == 0 {
					s.Label = labels[r.IntN(len(labels))]
				}
				if r.IntN(15) == 0 && s.End-s.Start > 2 {
					s.Start++ // leaves out a first letter or proclitic
				}
				if _, err := im.AddSpan(s); err != nil {
					tb.Fatal(err)
				}
			}
			if err := im.SetStatus(id, a, annotate.StatusDone); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := im.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkAgree runs hashiya agree over -bench.docs documents (20,000 by
// default) annotated by three annotators.
func BenchmarkAgree(b *testing.B) {
	path := filepath.Join(b.TempDir(), "team.db")
	makeTeamDB(b, path, *benchDocs, "sara", "omar", "lina")
	var cpu time.Duration
	for b.Loop() {
		cpu0 := cpuTime()
		if code := Agree(context.Background(), []string{"--db", path, "--arabic-clitics", "--format", "json"}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("agree exited %d", code)
		}
		cpu += cpuTime() - cpu0
	}
	// CPU time tells the cost on a shared machine, where the wall clock
	// also counts other processes' work.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkMerge merges a database of -bench.docs documents (20,000 by
// default), with one annotator's work, into a new database.
func BenchmarkMerge(b *testing.B) {
	dir := b.TempDir()
	from := filepath.Join(dir, "sara.db")
	makeTeamDB(b, from, *benchDocs, "sara")
	i := 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		team := filepath.Join(dir, fmt.Sprintf("team%d.db", i))
		i++
		db, err := storage.Open(team)
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		b.StartTimer()
		cpu0 := cpuTime()
		if code := Merge(context.Background(), []string{"--db", team, from}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("merge exited %d", code)
		}
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
