package dataset

import (
	"fmt"
	"strings"

	"hashiya/annotate"
)

// Format names a file format.
type Format string

// The formats. Auto, Text, Prodigy and Doccano can be read; Prodigy,
// Doccano, Stance, StanceCSV, CoNLL, SpaCy and HF can be written.
const (
	Auto    Format = "auto"
	Text    Format = "text"
	Prodigy Format = "prodigy"
	Doccano Format = "doccano"
	Stance  Format = "stance"
	// StanceCSV is the stance table as CSV with a header row, its first
	// four columns SemEval-2016's (ID, Target, Tweet, Stance).
	StanceCSV Format = "stance-csv"
	CoNLL     Format = "conll"
	// SpaCy is JSONL for spaCy: text, entities and the tokens that
	// Doc(words, spaces) rebuilds the text from.
	SpaCy Format = "spacy"
	// HF is JSONL for Hugging Face datasets: tokens and BIO tag ids.
	HF Format = "hf"
)

// ReadFormats and WriteFormats list what ParseFormat accepts for each
// direction, in the order usage messages show them.
var (
	ReadFormats  = []Format{Auto, Text, Prodigy, Doccano}
	WriteFormats = []Format{Prodigy, Doccano, Stance, StanceCSV, CoNLL, SpaCy, HF}
)

// Ext is the file name extension for an export in format f, with its
// dot: ".conll" for CoNLL, ".csv" for StanceCSV, ".txt" for text, else
// ".jsonl".
func (f Format) Ext() string {
	switch f {
	case CoNLL:
		return ".conll"
	case StanceCSV:
		return ".csv"
	case Text:
		return ".txt"
	}
	return ".jsonl"
}

// DefaultOffsets is the offset unit an export in format f uses unless
// told otherwise: UTF-16 for doccano, whose front end counts UTF-16 code
// units as JavaScript does (a text with an emoji before a span would be
// off by one otherwise), code points for the rest.
func (f Format) DefaultOffsets() Offsets {
	if f == Doccano {
		return UTF16
	}
	return Codepoint
}

// HasOffsets reports whether format f writes offsets at all: CoNLL and
// HF have tokens and tags only, the stance CSV texts only.
func (f Format) HasOffsets() bool {
	return f != CoNLL && f != HF && f != StanceCSV
}

// IsStance reports whether format f writes one row per stance rather
// than one per document and annotator.
func (f Format) IsStance() bool {
	return f == Stance || f == StanceCSV
}

// ParseFormat returns the format called name if it is one of allowed.
func ParseFormat(name string, allowed []Format) (Format, error) {
	for _, f := range allowed {
		if string(f) == name {
			return f, nil
		}
	}
	return "", annotate.Errorf(annotate.ECodeInvalid, "Unknown format %q: use one of %s.", name, joinFormats(allowed))
}

func joinFormats(fs []Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Offsets is the unit of the offsets in a file.
type Offsets string

// Offset units. Codepoint is Hashiya's own unit and Python's; UTF16 is
// what JavaScript front ends (doccano, Label Studio) count.
const (
	Codepoint Offsets = "codepoint"
	UTF16     Offsets = "utf16"
)

// ParseOffsets returns the unit called name.
func ParseOffsets(name string) (Offsets, error) {
	switch Offsets(name) {
	case Codepoint, UTF16:
		return Offsets(name), nil
	}
	return "", annotate.Errorf(annotate.ECodeInvalid, "Unknown offset unit %q: use codepoint or utf16.", name)
}

// Tokens names how an export splits a text into tokens.
type Tokens string

// Token rules. Words is Hashiya's own: annotate.Tokenize's words, cut
// at their proclitic breaks and at every span edge, so that every span
// starts and ends on a token edge. Whitespace is runs of characters
// other than white space, as str.split() makes them; spans that do not
// fall on their edges (a clitic cut off inside a word) get no token
// indices, and the encoder says which (Encoder.Notes).
const (
	Words      Tokens = "words"
	Whitespace Tokens = "whitespace"
)

// ParseTokens returns the token rule called name.
func ParseTokens(name string) (Tokens, error) {
	switch Tokens(name) {
	case Words, Whitespace:
		return Tokens(name), nil
	}
	return "", annotate.Errorf(annotate.ECodeInvalid, "Unknown token rule %q: use words or whitespace.", name)
}

// DefaultMaxTextBytes is the largest document text read by default: far
// beyond any news article, small enough that a wrong file (a database
// dump, a video) is refused instead of swallowed.
const DefaultMaxTextBytes = 10 << 20

// metaPrefix marks the meta keys Hashiya writes on export (offset unit,
// status, active time...). They describe the export, not the document, so
// import drops them again and a round trip leaves meta unchanged.
const metaPrefix = "hashiya_"

// LineError is a problem with one input line (or one text file): the
// reader reports it and goes on with the next line.
type LineError struct {
	// File is the input's name as given to the reader.
	File string
	// Line is the 1-based line number, 0 for a problem with a whole file.
	Line int
	// Err is the reason, an *annotate.Error.
	Err error
}

// Error names the file printably: it comes from the command line or a
// folder's listing, and goes to a terminal.
func (e *LineError) Error() string {
	file := annotate.Printable(annotate.Clip(e.File, maxFileShown))
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", file, e.Line, annotate.ErrorMessage(e.Err))
	}
	return fmt.Sprintf("%s: %s", file, annotate.ErrorMessage(e.Err))
}

// Unwrap returns the reason.
func (e *LineError) Unwrap() error { return e.Err }

// Messages clip the values they quote (see annotate.Shown); these bound
// what is left, so that no line, however built, gives more than a few
// hundred characters.
const (
	maxFileShown = 200
	maxMessage   = 400
)

func lineErr(file string, line int, code annotate.Code, format string, args ...any) *LineError {
	err := annotate.Errorf(code, format, args...)
	err.Message = annotate.Printable(annotate.Clip(err.Message, maxMessage))
	return &LineError{File: file, Line: line, Err: err}
}
