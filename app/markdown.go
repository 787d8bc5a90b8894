package app

import (
	"regexp"
	"strings"
)

// markdownText turns guidelines written in Markdown into the plain text
// the guidelines window shows with textview.TextView: Fyne's RichText,
// which would render the Markdown, lays Arabic out left to right
// (fyne-io/fyne#90). It knows the Markdown guidelines use, and keeps
// anything else as it was written:
//
//   - ATX headings ("## Keys", closing #s dropped) and Setext headings
//     (a line under "===" or "---") become their text on a line of its
//     own, set off by blank lines;
//   - list items ("-", "*", "+") start with "•", nested ones indented by
//     two spaces a level; numbered items ("1." "1)") keep their number;
//   - the lines of a paragraph or list item are joined into one line,
//     which the view wraps; a line ending in two spaces or "\" breaks;
//   - "> " quotes lose the marker and are indented;
//   - fenced code ("```", "~~~") and table rows ("|…") are kept line
//     by line, unwrapped;
//   - "---", "***" and "___" alone are a rule of "———";
//   - inline: **strong**, __strong__, *emphasis* and `code` lose their
//     markers, [text](url) reads "text (url)", ![alt](url) reads "alt",
//     <url> reads "url", and a backslash escape keeps the character.
//
// HTML, reference links, footnotes and indented code are not read: they
// show as written.
func markdownText(md string) string {
	var out []string // finished lines
	var para []string
	paraIndent := ""
	sep := func() { // one blank line, never two, none at the top
		if len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
	}
	flush := func() {
		if len(para) > 0 {
			out = append(out, paraIndent+strings.Join(para, " "))
			para, paraIndent = nil, ""
		}
	}
	block := func(lines ...string) { // a block set off by blank lines
		flush()
		sep()
		for _, l := range lines {
			if l != "" {
				out = append(out, l)
			}
		}
		sep()
	}
	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	fence := ""
	for i := 0; i < len(lines); i++ {
		line := strings.ReplaceAll(lines[i], "\t", "    ")
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
				sep()
				continue
			}
			out = append(out, line)
			continue
		}
		switch {
		case trimmed == "":
			flush()
			sep()
			continue
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			flush()
			sep()
			fence = trimmed[:3]
			continue
		case atxHeading.MatchString(trimmed):
			m := atxHeading.FindStringSubmatch(trimmed)
			block(inline(strings.TrimSpace(strings.TrimRight(m[1], "#"))))
			continue
		case ruleLine.MatchString(trimmed) && !(len(para) > 0 && strings.Trim(trimmed, "-") == ""):
			block("———")
			continue
		case len(para) > 0 && setextUnder.MatchString(trimmed) && !isListItem(line):
			text := strings.Join(para, " ")
			para = nil
			block(paraIndent + text)
			continue
		case strings.HasPrefix(trimmed, "|"):
			flush()
			out = append(out, inline(trimmed))
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if m := bullet.FindStringSubmatch(line); m != nil {
			flush()
			paraIndent = strings.Repeat("  ", indent/2) + "• "
			para = append(para, inline(strings.TrimSpace(m[1])))
		} else if m := numbered.FindStringSubmatch(line); m != nil {
			flush()
			paraIndent = strings.Repeat("  ", indent/2) + m[1] + ". "
			para = append(para, inline(strings.TrimSpace(m[2])))
		} else if strings.HasPrefix(trimmed, ">") {
			q := strings.TrimSpace(strings.TrimLeft(trimmed, "> "))
			if len(para) == 0 {
				paraIndent = "    "
			}
			para = append(para, inline(q))
		} else {
			para = append(para, inline(trimmed))
		}
		if hardBreak(line) {
			flush()
		}
	}
	flush()
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

var (
	atxHeading  = regexp.MustCompile(`^#{1,6}(?:\s+(.*))?$`)
	setextUnder = regexp.MustCompile(`^(=+|-+)$`)
	ruleLine    = regexp.MustCompile(`^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	bullet      = regexp.MustCompile(`^\s*[-*+]\s+(.*)$`)
	numbered    = regexp.MustCompile(`^\s*(\d{1,9})[.)]\s+(.*)$`)
)

func isListItem(line string) bool { return bullet.MatchString(line) || numbered.MatchString(line) }

// hardBreak reports whether a line ends in a Markdown line break.
func hardBreak(line string) bool {
	return strings.HasSuffix(line, "  ") || (strings.HasSuffix(line, `\`) && !strings.HasSuffix(line, `\\`))
}

var (
	mdImage  = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	mdAuto   = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdStrong = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmph   = regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`)
	mdCode   = regexp.MustCompile("`+([^`]+)`+")
)

// inline drops the inline markers of one line of Markdown.
func inline(s string) string {
	// Escaped characters are parked on private-use code points so no
	// rule below takes them for markers.
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\\`*_{}[]()#+-.!<>|~", rs[i+1]) {
			b.WriteRune(0xF0000 + rs[i+1])
			i++
			continue
		}
		b.WriteRune(rs[i])
	}
	s = b.String()
	s = strings.TrimRight(s, `\`)
	s = strings.TrimRight(s, " ")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1 ($2)")
	s = mdAuto.ReplaceAllString(s, "$1")
	s = mdStrong.ReplaceAllStringFunc(s, func(m string) string {
		sm := mdStrong.FindStringSubmatch(m)
		if sm[1] != sm[3] {
			return m
		}
		return sm[2]
	})
	s = mdEmph.ReplaceAllString(s, "$1")
	return strings.Map(func(r rune) rune {
		if r >= 0xF0000 && r < 0xF0000+0x80 {
			return r - 0xF0000
		}
		return r
	}, s)
}
