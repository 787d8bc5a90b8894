package placeholder

import (
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"},
		{"WHERE ?1 = '' OR annotator = ?1", "WHERE $1 = '' OR annotator = $1"},
		{"WHERE document_id = ?1 AND annotator = ?2 OR x = ?2", "WHERE document_id = $1 AND annotator = $2 OR x = $2"},
		// Quoted text, quoted names and comments keep their question marks.
		{"SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = $1"},
		{"SELECT 'it''s ?' WHERE x = ?", "SELECT 'it''s ?' WHERE x = $1"},
		{"-- why? because\nSELECT ?", "-- why? because\nSELECT $1"},
		{"SELECT a - ? -- trailing?", "SELECT a - $1 -- trailing?"},
		{"SELECT 'unterminated ?", "SELECT 'unterminated ?"},
		{"? ? ? ? ? ? ? ? ? ?", "$1 $2 $3 $4 $5 $6 $7 $8 $9 $10"},
		// A bare ? after numbered ones takes the largest so far, plus one.
		{"?2, ?1, ?", "$2, $1, $3"},
		{"/* why? */ SELECT ? /* and ? */", "/* why? */ SELECT $1 /* and ? */"},
		{"SELECT 6 / ? /* unterminated ?", "SELECT 6 / $1 /* unterminated ?"},
	}
	for _, tc := range tests {
		if got := Rebind(tc.in); got != tc.want {
			t.Errorf("Rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzRebind: Rebind never panics, leaves a query without ? alone, and
// leaves no bare ? outside quotes and comments.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{"SELECT ?", "?1 = ?1", "'?' \"?\" -- ?\n?", "'", "--", "?99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := Rebind(q)
		if !strings.Contains(q, "?") && got != q {
			t.Fatalf("Rebind(%q) = %q, want it unchanged", q, got)
		}
		if strings.Count(got, "?") > strings.Count(q, "?") {
			t.Fatalf("Rebind(%q) = %q has more ? than it had", q, got)
		}
	})
}
