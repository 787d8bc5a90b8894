package annotate

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxGuidelines is the largest guidelines text a schema holds, in bytes:
// far more than any guide a person reads, small enough that a binary
// file chosen by mistake is refused rather than stored.
const MaxGuidelines = 1 << 20

// ParseGuidelines reads a Markdown file's bytes as guidelines: UTF-8
// (a byte order mark is dropped), line ends made "\n", and no control
// characters other than tab and newline, which only a file that is not
// text would hold. The result may be empty.
func ParseGuidelines(b []byte) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if !utf8.Valid(b) {
		return "", Errorf(ECodeInvalid, "The guidelines file is not UTF-8 text; save it as UTF-8 and import it again.")
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, ValidateGuidelines(s)
}

// ValidateGuidelines checks guidelines about to be stored in a schema.
func ValidateGuidelines(s string) error {
	if len(s) > MaxGuidelines {
		return Errorf(ECodeInvalid, "The guidelines are larger than 1 MiB; shorten them or link to a longer document.")
	}
	if !utf8.ValidString(s) {
		return Errorf(ECodeInvalid, "The guidelines are not UTF-8 text; save them as UTF-8 and try again.")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return Errorf(ECodeInvalid, "The guidelines hold control characters, so this is not a Markdown text file; choose the .md file.")
		}
	}
	return nil
}
