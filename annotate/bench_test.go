package annotate

import (
	"os"
	"strings"
	"testing"
)

// benchText returns the real article when it is present, or else a
// generated Arabic text of about 6,000 code points with harakat, tatweel,
// clitics, digits and punctuation, so benchmarks always run.
func benchText(b *testing.B) string {
	if raw, err := os.ReadFile(corpusPath); err == nil {
		return FreezeText(string(raw))
	}
	words := []string{"قال", "الائتلاف", "للائتلاف", "والولايات", "المتحدة", "مُحَمَّدٌ",
		"في", "إدلب،", "جـ.رائم", "بالملف", "السوري", "٢٠٢٠", "“المثمر”", "وفداً", "أمريكياً."}
	var sb strings.Builder
	for i := 0; RuneLen(sb.String()) < 6000; i++ {
		sb.WriteString(words[(i*7)%len(words)])
		if i%17 == 16 {
			sb.WriteString("\n\n")
		} else {
			sb.WriteString(" ")
		}
	}
	return sb.String()
}

func BenchmarkTokenize(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Tokenize(text)
	}
}

func BenchmarkNormalize(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Normalize(text)
	}
}

func BenchmarkNormalizeText(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		NormalizeText(text)
	}
}

func BenchmarkSearch(b *testing.B) {
	_, m := Normalize(benchText(b))
	for b.Loop() {
		m.Search("الائتلاف")
	}
}

func BenchmarkFreeze(b *testing.B) {
	text := strings.ReplaceAll(benchText(b), "\n", "\r\n")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Freeze(text)
	}
}

func BenchmarkOffsetIndex(b *testing.B) {
	text := benchText(b)
	n := RuneLen(text)
	for b.Loop() {
		ix := NewOffsetIndex(text)
		for cp := 0; cp <= n; cp += 7 {
			u := ix.CodePointToUTF16(cp)
			if _, err := ix.UTF16ToCodePoint(u); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkValidateDocument is the check storage runs on every document
// an import stores, on its one storing goroutine.
func BenchmarkValidateDocument(b *testing.B) {
	text := benchText(b)
	d := Document{Text: text, InputHash: HashText(text), Meta: []byte(`{"n": 1}`)}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := d.ValidateLength(); err != nil {
			b.Fatal(err)
		}
	}
}
