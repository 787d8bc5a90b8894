// Package textview is the annotation text view: a Fyne widget that shows a
// document's text with Arabic and English paragraphs laid out correctly,
// paints spans and search hits behind the text, and turns mouse and
// keyboard input into selections measured in code points.
//
// Fyne 2.7 draws the bidi runs of a line left to right in logical order and
// aligns every line left (fyne-io/fyne#90), so this package lays the text
// out itself: paragraph levels come from go-text's bidi package, line
// breaks from go-text's UAX #14 segmenter, glyph metrics from go-text's
// HarfBuzz shaper with the same fonts Fyne draws with, and each line is
// reordered with UAX #9 rules L1 and L2 here. Fyne only draws what was
// placed: one canvas.Text per single-direction, single-font piece.
//
// Left and Right move the caret on the screen, not in reading order: in an
// Arabic line Left goes forward, but across an English name or a number
// inside it, backward. Where the two directions meet, one offset may be
// drawn in two places, so the caret carries an affinity (caretmove.go).
//
// Label is the same layout on one line, for list rows, titles and span
// texts that widget.Label would garble: it aligns by direction and cuts
// what does not fit with an ellipsis at the end in reading order.
//
// All offsets that cross the package boundary are code point offsets into
// the text, from 0, end exclusive, as everywhere in Hashiya.
package textview
