package annotate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// printableTests are Printable's cases; FuzzPrintable starts from them.
var printableTests = []struct{ in, want string }{
	{"", ""},
	{"huda", "huda"},
	{"هدى", "هدى"},
	{"\u200fهدى\u200f", "\u200fهدى\u200f"}, // bidi marks are text, not controls
	{`a\x1b`, `a\x1b`},                     // a backslash stays: Printable is idempotent
	{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
	{"\x1b]0;owned\x07", `\x1b]0;owned\a`},
	{"a\nb\tc\rd", `a\nb\tc\rd`},
	{"del\x7f", `del\x7f`},
	{"csi\u009b2J", `csi\u009b2J`},
	{"bad\xffutf8", `bad\xffutf8`},
	{"file\x00.jsonl", `file\x00.jsonl`},
}

func TestPrintable(t *testing.T) {
	for _, tt := range printableTests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPrintable(f *testing.F) {
	for _, tt := range printableTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Printable(s)
		if i := firstUnprintable(p); i >= 0 {
			t.Fatalf("Printable(%q) = %q has %q at %d", s, p, p[i], i)
		}
		if Printable(p) != p {
			t.Fatalf("Printable is not idempotent on %q", s)
		}
		if firstUnprintable(s) < 0 && p != s {
			t.Fatalf("Printable changed printable %q to %q", s, p)
		}
	})
}

func TestClip(t *testing.T) {
	long := strings.Repeat("ب", 10_000)
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"", 10, ""},
		{"PER", 10, "PER"},
		{"abcdefghij", 10, "abcdefghij"},
		{"abcdefghijk", 10, "abcd…ghijk"},
		{"مُحَمَّد في إدلب", 7, "مُح…دلب"},
		{"👍🏽👍🏽👍🏽👍🏽", 5, "👍🏽…👍🏽"},
		{long, 60, strings.Repeat("ب", 29) + "…" + strings.Repeat("ب", 30)},
	}
	for _, tt := range tests {
		got := Clip(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("Clip(%.20q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.max {
			t.Errorf("Clip(%.20q, %d) has %d code points", tt.in, tt.max, n)
		}
	}
}

func TestValidateAnnotator(t *testing.T) {
	tests := []struct {
		name string
		want Code
	}{
		{"huda", ""},
		{"هدى", ""},
		{"Huda K.", ""},
		{"", ECodeEmpty},
		{" \t", ECodeEmpty},
		{"\x1b[31mhuda", ECodeInvalid},
		{"huda\n", ECodeInvalid},
		{"huda\u009b", ECodeInvalid},
		{"huda\xff", ECodeInvalid},
	}
	for _, tt := range tests {
		err := ValidateAnnotator(tt.name)
		checkCode(t, tt.name, err, tt.want)
		if msg := ErrorMessage(err); firstUnprintable(msg) >= 0 {
			t.Errorf("%q: message %q is not printable", tt.name, msg)
		}
	}
}
