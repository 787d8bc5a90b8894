package textview

import (
	"testing"

	"github.com/go-text/typesetting/bidi"
)

// TestVisualRuns pins the runs VisualRuns emits: left to right, each in
// logical order between marks of its direction, and text with nothing to
// reorder unchanged.
func TestVisualRuns(t *testing.T) {
	for _, c := range []struct {
		in   string
		dir  bidi.Direction
		want string
	}{
		{"Document 1 of 8", bidi.Neutral, "Document 1 of 8"},
		{"Document 1 of 8", bidi.LeftToRight, "Document 1 of 8"},
		{"أُنجز 0 / 8", bidi.RightToLeft, "\u200e8\u200e\u200f / \u200f\u200e0\u200e\u200fأُنجز \u200f"},
		{"حُفظ", bidi.Neutral, "\u200fحُفظ\u200f"},
		{"", bidi.RightToLeft, ""},
	} {
		if got := VisualRuns(c.in, c.dir); got != c.want {
			t.Errorf("VisualRuns(%q, %v) = %q, want %q", c.in, c.dir, got, c.want)
		}
	}
}
