package app

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/go-text/typesetting/bidi"

	"hashiya/app/textview"
)

// fyneDrawOrder is the order in which Fyne 2.7's canvas.Text puts the
// characters of s on screen, left to right: its segmenter splits s into
// bidi runs in a left-to-right paragraph (go-text's shaping.Segmenter,
// called by Fyne's walkString with DirectionLTR), shapes each run in its
// direction, so a right-to-left run comes out reversed, and places the
// runs one after the other in logical order.
func fyneDrawOrder(s string) []rune {
	text := []rune(s)
	var p bidi.Paragraph
	runs := p.Segment(text, bidi.LeftToRight)
	var out []rune
	for i := 0; i < runs.NumRuns(); i++ {
		r := runs.Run(i)
		seg := text[r.Start:r.End]
		if r.IsLeftToRight() {
			out = append(out, seg...)
			continue
		}
		for j := len(seg) - 1; j >= 0; j-- {
			out = append(out, seg[j])
		}
	}
	if runs.NumRuns() == 0 {
		out = text
	}
	// The marks shown adds draw nothing.
	return []rune(noMarks(string(out)))
}

// projectOrder is the same line as the project's own bidi (the TextView's)
// orders it in a right-to-left paragraph.
func projectOrder(s string) []rune {
	text := []rune(s)
	var out []rune
	for _, i := range textview.VisualOrder(s, bidi.RightToLeft) {
		out = append(out, text[i])
	}
	return out
}

// fillSample fills a translation's placeholders as the UI does, with
// numbers and a time, the values that came out on the wrong side.
var fillSample = strings.NewReplacer(
	"{{.Name}}", "hashiya.db", "{{.N}}", "1", "{{.Total}}", "8", "{{.Done}}", "0",
	"{{.Time}}", "11:30:58", "{{.Label}}", "PER", "{{.What}}", "span",
	"{{.Docs}}", "8", "{{.Unit}}", "code points", "{{.Path}}", "/tmp/a.jsonl", "{{.Format}}", "JSONL",
)

// TestArabicStringsDrawInBidiOrder walks every Arabic UI string through
// shown and checks that what Fyne then draws is the project's visual
// order of the string.
func TestArabicStringsDrawInBidiOrder(t *testing.T) {
	b, err := os.ReadFile("translations/ar.json")
	if err != nil {
		t.Fatal(err)
	}
	var ar map[string]string
	if err := json.Unmarshal(b, &ar); err != nil {
		t.Fatalf("ar.json: %v", err)
	}
	t.Setenv("LANGUAGE", "ar")
	if uiDirection() != bidi.RightToLeft {
		t.Fatal("LANGUAGE=ar does not give a right-to-left UI")
	}
	for key, s := range ar {
		s = fillSample.Replace(s)
		want := noMarks(string(projectOrder(s)))
		if got := string(fyneDrawOrder(shown(s))); got != want {
			t.Errorf("%q (%q): Fyne draws %q, the bidi order is %q", key, s, got, want)
		}
	}
}

// TestShownKnownLines pins the lines the issue names, as drawn left to
// right.
func TestShownKnownLines(t *testing.T) {
	t.Setenv("LANGUAGE", "ar")
	for _, c := range []struct{ in, want string }{
		{"أُنجز 0 / 8", "8 / 0 زجنُأ"},
		{"الوثيقة 1 من 8", "8 نم 1 ةقيثولا"},
		{"حُفظ 11:30:58", "11:30:58 ظفُح"},
		{"جارٍ الحفظ…", "…ظفحلا ٍراج"},
		{"وسم [T]", "]T[ مسو"}, // the shaper mirrors the brackets of a right-to-left run,
	} {
		if got := string(fyneDrawOrder(shown(c.in))); got != c.want {
			t.Errorf("%q draws as %q, want %q", c.in, got, c.want)
		}
	}
	t.Setenv("LANGUAGE", "en")
	if got := shown("Document 1 of 8"); got != "Document 1 of 8" {
		t.Errorf("English changed: %q", got)
	}
}

// noMarks removes the left-to-right and right-to-left marks, which take
// no place on screen.
func noMarks(s string) string {
	return strings.NewReplacer("\u200e", "", "\u200f", "").Replace(s)
}
