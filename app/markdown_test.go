package app

import (
	"strings"
	"testing"
)

var markdownCases = []struct {
	name, md, want string
}{
	{"empty", "", ""},
	{"paragraph lines join", "one\ntwo\n\nthree", "one two\n\nthree"},
	{"atx headings", "# Title\ntext\n## Keys ##\n- a", "Title\n\ntext\n\nKeys\n\n• a"},
	{"arabic heading", "# إرشادات التوسيم\nنص", "إرشادات التوسيم\n\nنص"},
	{"setext headings", "Title\n=====\nbody\n\nSub\n---\n", "Title\n\nbody\n\nSub"},
	{"bullets", "- one\n* two\n+ three", "• one\n• two\n• three"},
	{"bullet continues", "- one\n  more\n- two", "• one more\n• two"},
	{"nested", "- a\n  - b\n    - c", "• a\n  • b\n    • c"},
	{"numbered", "1. first\n2) second", "1. first\n2. second"},
	{"arabic list", "- شخص: اسم 😀\n- مكان", "• شخص: اسم 😀\n• مكان"},
	{"hard break", "a  \nb\\\nc", "a\nb\nc"},
	{"emphasis", "**PER** and __ORG__ and *LOC* and `1`", "PER and ORG and LOC and 1"},
	{"snake case kept", "a_b_c and 2*3", "a_b_c and 2*3"},
	{"escapes", `\*not\* \# \[x\] \\`, `*not* # [x] \`},
	{"links", "see [the guide](https://x.org/g) and <https://y.org>", "see the guide (https://x.org/g) and https://y.org"},
	{"image", "![logo](a.png) text", "logo text"},
	{"quote", "> quoted\n> more\n\nafter", "    quoted more\n\nafter"},
	{"rule", "a\n\n---\n\nb", "a\n\n———\n\nb"},
	{"fence kept verbatim", "```\n- not a list\n  **x**\n```\nafter", "- not a list\n  **x**\n\nafter"},
	{"table rows kept", "| a | b |\n|---|---|\n| 1 | 2 |", "| a | b |\n|---|---|\n| 1 | 2 |"},
	{"blank lines collapse", "a\n\n\n\nb\n\n", "a\n\nb"},
	{"crlf", "# T\r\n- a\r\n", "T\n\n• a"},
	{"html shown as written", "<b>x</b>", "<b>x</b>"},
	{"lone hash", "#", ""},
}

func TestMarkdownText(t *testing.T) {
	for _, c := range markdownCases {
		if got := markdownText(c.md); got != c.want {
			t.Errorf("%s: markdownText(%q) = %q, want %q", c.name, c.md, got, c.want)
		}
	}
}

func FuzzMarkdownText(f *testing.F) {
	for _, c := range markdownCases {
		f.Add(c.md)
	}
	f.Fuzz(func(t *testing.T, md string) {
		got := markdownText(md)
		if strings.HasSuffix(got, "\n") {
			t.Errorf("markdownText(%q) ends in a blank line: %q", md, got)
		}
		if strings.Contains(got, "\n\n\n") {
			t.Errorf("markdownText(%q) has two blank lines in a row: %q", md, got)
		}
	})
}
