package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hashiya/annotate"
)

var benchWords = strings.Fields(`قال المتحدث باسم الحكومة إن الوفد سيصل إلى العاصمة خلال الأيام المقبلة لبحث
التطورات الميدانية والسياسية مع الأطراف المعنية وأكد أن المفاوضات تسير في الاتجاه الصحيح رغم
الصعوبات التي تواجهها المنطقة منذ سنوات طويلة the minister said talks would resume next week`)

// benchCorpus returns n Prodigy lines of about 3 KB with four spans each.
func benchCorpus(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var out bytes.Buffer
	var text strings.Builder
	for i := range n {
		text.Reset()
		var spans []map[string]any
		fmt.Fprintf(&text, "خبر رقم %d\n", i)
		for text.Len() < 3000 {
			if r.IntN(25) == 0 && len(spans) < 4 {
				start := utf8.RuneCountInString(text.String())
				text.WriteString("الأمم المتحدة")
				spans = append(spans, map[string]any{"start": start, "end": start + 13, "label": "ORG"})
			} else {
				text.WriteString(benchWords[r.IntN(len(benchWords))])
			}
			if r.IntN(40) == 0 {
				text.WriteString(".\n")
			} else {
				text.WriteString(" ")
			}
		}
		line, _ := json.Marshal(map[string]any{"text": text.String(), "spans": spans})
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// BenchmarkReadProdigy measures reading alone, without a database, on
// one goroutine and with a worker per core.
func BenchmarkReadProdigy(b *testing.B) {
	b.Run("workers=1", func(b *testing.B) { benchRead(b, 1) })
	b.Run("workers=GOMAXPROCS", func(b *testing.B) { benchRead(b, runtime.GOMAXPROCS(0)) })
}

func benchRead(b *testing.B, workers int) {
	const n = 2000
	data := benchCorpus(n)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		r := NewReader(bytes.NewReader(data), "bench.jsonl", Prodigy, Options{Workers: workers})
		defer r.Close()
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "docs/s")
}

// BenchmarkWriteProdigy measures writing alone, tokenizing included.
func BenchmarkWriteProdigy(b *testing.B) { benchWrite(b, Prodigy) }

// BenchmarkWriteCoNLL measures writing alone, tokenizing included.
func BenchmarkWriteCoNLL(b *testing.B) { benchWrite(b, CoNLL) }

func benchWrite(b *testing.B, f Format) {
	const n = 2000
	recs, bad, err := readAll(b, string(benchCorpus(n)), Prodigy, Options{})
	if err != nil || len(bad) > 0 {
		b.Fatal(err, bad)
	}
	items := itemsOf(recs)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		w, _ := NewWriter(io.Discard, f, Codepoint)
		for _, it := range items {
			if err := w.Write(it); err != nil {
				b.Fatal(err)
			}
		}
		w.Flush()
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "docs/s")
}

// BenchmarkTokenize is the tokenizer's share of a Prodigy export.
func BenchmarkTokenize(b *testing.B) {
	recs, _, _ := readAll(b, string(benchCorpus(100)), Prodigy, Options{})
	b.ResetTimer()
	for i := range b.N {
		annotate.Tokenize(recs[i%len(recs)].Doc.Text)
	}
}

// TestAppendInt checks the Prodigy encoder's integers against strconv on
// every value its table path writes and on both sides of each branch.
func TestAppendInt(t *testing.T) {
	vals := []int{-1 << 62, -10000, -1, 9999, 10000, 10001, 1700000000, 1<<63 - 1}
	for v := range 10000 {
		vals = append(vals, v)
	}
	for _, v := range vals {
		if got, want := string(appendInt([]byte("x"), v)), "x"+strconv.Itoa(v); got != want {
			t.Fatalf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
}

// BenchmarkAppendInt compares appendInt with strconv.AppendInt on token
// offsets.
func BenchmarkAppendInt(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.Run("appendInt", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			buf = appendInt(buf[:0], i%4000)
		}
	})
	b.Run("strconv", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			buf = strconv.AppendInt(buf[:0], int64(i%4000), 10)
		}
	})
}
