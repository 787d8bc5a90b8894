// Package annotate is Hashiya's domain: documents, tokens, spans, targets,
// stances, label schemas, offsets, Arabic normalisation and the dataset
// formats that move them in and out.
//
// Every offset in this package is a Unicode code point index into a
// document's text, counted from 0, with the end exclusive: the same
// numbers Python's str slicing uses. UTF-16 and byte offsets exist only at
// the edges (see offsets.go) and are named as such.
//
// The package imports neither Fyne nor database/sql, so the UI and the
// storage layer both depend on it and never the other way round.
package annotate
