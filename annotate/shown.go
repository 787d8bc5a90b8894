package annotate

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every control character (C0, DEL and C1, so
// ESC and CSI among them) and every byte of invalid UTF-8 written as a
// Go escape (\x1b, \n, \u009b, \xff), and everything else, Arabic and
// bidi marks included, as it is. Names, labels and file names come from
// files and arguments; printed raw, an ESC sequence in one recolours or
// retitles the terminal. The escapes are those `hashiya check` writes
// with %q. A backslash is left alone, so Printable(Printable(s)) is
// Printable(s) and a message can be made printable after its parts were.
func Printable(s string) string {
	i := firstUnprintable(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnprintable is the byte offset of the first control character or
// invalid UTF-8 in s, -1 when there is none.
func firstUnprintable(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unicode.IsControl(r) {
			return i
		}
		i += size
	}
	return -1
}

// controlIn returns the first control character in s.
func controlIn(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) {
			return r, true
		}
	}
	return 0, false
}

// Clip shortens s to at most max code points for a message, keeping its
// start and its end around an ellipsis: a path's end names the field,
// and a label's start is what its owner recognises. A 10 KB label or a
// path 100,000 levels deep would otherwise fill the terminal.
func Clip(s string, max int) string {
	if max < 3 || len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	head := (max - 1) / 2
	tail := max - 1 - head
	from, _ := AdvanceCodePoints(s, 0, head)
	to := len(s)
	for range tail {
		_, size := utf8.DecodeLastRuneInString(s[:to])
		to -= size
	}
	return s[:from] + "…" + s[to:]
}

// Shown is how a message names a value that came from a file or an
// argument: clipped to MaxShown code points and printable.
func Shown(s string) string { return Printable(Clip(s, MaxShown)) }

// MaxShown is how many code points of a value a message shows.
const MaxShown = 60

// ValidateAnnotator checks an annotator name: it is not blank and holds
// no control character. Names are printed by stats, written in exports
// and shown in the window, so one with ESC in it would drive terminals.
func ValidateAnnotator(name string) error {
	if strings.TrimSpace(name) == "" {
		return Errorf(ECodeEmpty, "The annotator name is empty; enter a name such as huda.")
	}
	if r, ok := controlIn(name); ok {
		return Errorf(ECodeInvalid, "The annotator name %s contains a control character (U+%04X); use letters, digits and punctuation only.", Shown(name), r)
	}
	if !utf8.ValidString(name) {
		return Errorf(ECodeInvalid, "The annotator name %s is not valid UTF-8; type it again.", Shown(name))
	}
	return nil
}
