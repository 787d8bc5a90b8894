package storage

import "testing"

// TestSpanAtDistinct checks the helper the crash test and benchmarks rely
// on to never repeat a span.
func TestSpanAtDistinct(t *testing.T) {
	text := "قال الرئيس إن الولايات المتحدة تدعم الاتفاق.\n"
	n := len([]rune(text))
	seen := map[[3]any]bool{}
	for i := range n * n {
		s := spanAt(1, text, i, "a")
		k := [3]any{s.Start, s.End, s.Label}
		if seen[k] || s.Start < 0 || s.End > n || s.End <= s.Start {
			t.Fatalf("spanAt(%d) = %+v: repeated or out of range", i, s)
		}
		seen[k] = true
	}
}
