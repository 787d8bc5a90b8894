package storage

import "testing"

// TestSpanAtDistinct checks the helper the crash test and benchmarks rely
// on to never repeat a span.
func TestSpanAtDistinct(t *testing.T) {
	const n = 49
	seen := map[[3]any]bool{}
	for i := range 2 * n * n {
		s := spanAt(1, n, i, "a")
		k := [3]any{s.Start, s.End, s.Label}
		if seen[k] || s.Start < 0 || s.End > n || s.End <= s.Start {
			t.Fatalf("spanAt(%d) = %+v: repeated or out of range", i, s)
		}
		seen[k] = true
	}
}
