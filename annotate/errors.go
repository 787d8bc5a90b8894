package annotate

import (
	"errors"
	"fmt"
)

// Code classifies an Error so that callers can react to a kind of problem
// without parsing the message.
type Code string

// Error codes. Each names a problem a user can do something about.
const (
	ECodeInvalid      Code = "invalid"       // a value is malformed
	ECodeOutOfRange   Code = "out_of_range"  // an offset lies outside the text
	ECodeEndBefore    Code = "end_before"    // end is before start
	ECodeEmpty        Code = "empty"         // an empty span, text or name
	ECodeEdgeSpace    Code = "edge_space"    // a span starts or ends in white space or a bidi mark
	ECodeUnknownLabel Code = "unknown_label" // a label the schema lacks
	ECodeDuplicate    Code = "duplicate"     // the same thing exists already
	ECodeOtherDoc     Code = "other_document"
	ECodeInUse        Code = "in_use"    // a label or target other things use
	ECodeNotFound     Code = "not_found" // no such document, span, target...
	ECodeMismatch     Code = "mismatch"  // stored text differs from text[start:end]
	ECodeVersion      Code = "version"   // database written by a newer Hashiya
	ECodeIO           Code = "io"        // the file system refused
	ECodeInternal     Code = "internal"
)

// Error is an error with a code and a sentence a user can act on.
// Err, when set, keeps the underlying cause for logs.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// ECodeInternal when there is none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return ECodeInternal
}

// ErrorMessage returns the sentence to show a user for err: the message of
// the first *Error in the chain, or a generic sentence for anything else
// (whose details belong in a log, not in front of an annotator).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	if err == nil {
		return ""
	}
	return "Internal error: " + err.Error()
}
