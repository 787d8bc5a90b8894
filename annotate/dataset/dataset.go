package dataset

import (
	"fmt"
	"strings"

	"hashiya/annotate"
)

// Format names a file format.
type Format string

// The formats. Auto, Text, Prodigy and Doccano can be read; Prodigy,
// Doccano, Stance and CoNLL can be written.
const (
	Auto    Format = "auto"
	Text    Format = "text"
	Prodigy Format = "prodigy"
	Doccano Format = "doccano"
	Stance  Format = "stance"
	CoNLL   Format = "conll"
)

// ReadFormats and WriteFormats list what ParseFormat accepts for each
// direction, in the order usage messages show them.
var (
	ReadFormats  = []Format{Auto, Text, Prodigy, Doccano}
	WriteFormats = []Format{Prodigy, Doccano, Stance, CoNLL}
)

// Extension is the file extension of what f writes, with its dot: every
// format but CoNLL is JSON lines (the stance export is one JSON object a
// line).
func (f Format) Extension() string {
	if f == CoNLL {
		return ".conll"
	}
	return ".jsonl"
}

// DefaultOffsets is the offset unit an export in f uses unless told
// otherwise: UTF-16 units for doccano, whose front end counts them (its
// highlights shift after every emoji otherwise), code points (Python's
// str indices) for the rest, which Python tools read.
func (f Format) DefaultOffsets() Offsets {
	if f == Doccano {
		return UTF16
	}
	return Codepoint
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

func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, annotate.ErrorMessage(e.Err))
	}
	return fmt.Sprintf("%s: %s", e.File, annotate.ErrorMessage(e.Err))
}

// Unwrap returns the reason.
func (e *LineError) Unwrap() error { return e.Err }

func lineErr(file string, line int, code annotate.Code, format string, args ...any) *LineError {
	return &LineError{File: file, Line: line, Err: annotate.Errorf(code, format, args...)}
}
