package annotate

import "strings"

// Boilerplate first lines. Plain-text news articles often open with the
// site's or section's name ("أخبار سوريا", "Breaking news") before the
// headline. The rule Hashiya uses for titles:
//
//   - lines a --strip-lines pattern matches are removed from the text at
//     import, so they are never a title;
//   - a document's title is its first non-blank line, unless that line is
//     short (fewer than TitleMinWords words) and is the first line of at
//     least two documents of the database: then it is the next
//     non-blank line. A short first line found once alone is kept: one
//     document cannot tell a site's name from a short headline.
//
// Whether a line repeats is known only across documents, so storage
// applies the rule when an import is committed (storage/titles.go); here
// are the per-text parts.

// TitleMinWords is the fewest words a first line needs to be taken as a
// headline even when other documents open with it too.
const TitleMinWords = 4

// FirstLine is the first non-blank line of text, trimmed; "" for a blank
// text.
func FirstLine(text string) string {
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// ShortLine reports whether line has fewer than TitleMinWords words.
func ShortLine(line string) bool { return len(strings.Fields(line)) < TitleMinWords }

// TitleAfterFirst is Title for a text whose first non-blank line is
// boilerplate: the title of what follows it. A text with no other line
// keeps its first line as its title.
func TitleAfterFirst(text string) string {
	off, seen := 0, false
	for line := range strings.Lines(text) {
		blank := strings.TrimSpace(line) == ""
		off += len(line)
		if !blank && !seen {
			seen = true
			if t := Title(text[off:]); t != "" {
				return t
			}
			break
		}
	}
	return Title(text)
}
