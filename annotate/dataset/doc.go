// Package dataset moves documents and annotations in and out of Hashiya as
// files: plain text, Prodigy and doccano JSONL on the way in; Prodigy,
// doccano, a stance table and nested CoNLL on the way out.
//
// # Offsets
//
// Inside Hashiya every offset is a code point index from 0, end exclusive
// (Python's str slicing). Files may count UTF-16 code units instead, as
// browser-based tools do; Options.Offsets and NewWriter's unit say which,
// and conversion happens here, at the edge, and nowhere else. Exports name
// their unit: meta "hashiya_offsets" in Prodigy and doccano lines, the
// "offsets" field of stance rows. CoNLL has no offsets.
//
// # Reading
//
// Text: a file is one document. Prodigy: one task per line, {"text",
// "meta", "spans": [{"start", "end", "label", "text"?}], "answer"?,
// "targets"?, "stances"?}; a span's "text", when present, must match the
// text at its offsets, which catches files in the other offset unit.
// doccano: {"text", "label": [[start, end, "LABEL"], ...]} or {"text",
// "entities": [{"start_offset", "end_offset", "label"}]}; "cats" (and a
// "label" list of plain strings, doccano's text classification export)
// are document categories, kept in meta under "cats" because the schema
// has no document labels; other top-level keys are doccano metadata and
// also go to meta.
//
// Every text is frozen (CRLF and CR to LF, NFC) and, with StripPatterns,
// rid of boilerplate lines; spans move with the text so they cover the
// same characters. Labels must be in the schema. Each bad line is a
// *LineError naming file, line and reason; the reader goes on.
//
// Meta keys starting with "hashiya_" are what Hashiya's own exports add;
// reading drops them again, taking "hashiya_status" as the annotator's
// status and checking "hashiya_offsets" against the unit being read.
//
// # Writing
//
// Prodigy: one task per document and annotator, with "text", "meta",
// "_input_hash" and "_task_hash" (see InputHash32 and TaskHash32),
// "tokens" ({"text", "start", "end", "id", "ws"}), "spans" ({"start",
// "end", "token_start", "token_end" (inclusive, as in Prodigy), "label",
// "text"}), "answer"
// ("reject" for skipped documents, else "accept"), "_annotator_id",
// "_timestamp" (Unix seconds of the annotator's last change) and
// "_view_id"; plus "targets" ({"name", "topic", "mentions": span
// indices}) and "stances" ({"target": target index, "holder": target
// index or null for the article's own voice, "label", "evidence": span
// indices, "note"}). Meta gains hashiya_offsets, hashiya_document_id,
// hashiya_status and hashiya_active_seconds. Every list is [] when
// empty, never null.
//
// Prodigy tokens are the project's tokenizer (annotate.Tokenize: UAX #29
// words, each punctuation mark its own token) cut further at every edge
// of the document's spans (annotate.SplitAtEdges), so that every span
// starts on its token_start and ends on its token_end even when it
// starts after a proclitic ("لائتلاف" in "للائتلاف") or ends inside a
// word; "ws" is true exactly when white space follows the token. spaCy's
// Doc.char_span(..., alignment_mode="strict") over these tokens accepts
// every span. Only a span that starts or ends in white space (possible
// in data imported before spans were trimmed) has no token indices.
//
// doccano: {"text", "label": [[start, end, "LABEL"], ...], "cats",
// "meta"}.
//
// Stance: one row per stance, a (text, target) pair as stance data sets
// have it: "document_id", "input_hash", "text", "target", "topic",
// "target_mentions", "holder" ("author" for the article's own voice,
// else the holder target's name), "holder_kind" ("author" or
// "speaker", so a speaker named "author" is still told apart),
// "holder_mentions", "label", "evidence" (spans as {"start", "end",
// "label", "text"}), "note", "annotator", "offsets", "meta". Mention and
// evidence lists are in text order.
//
// CoNLL: one token per line, a tab, and one BIO tag per nesting level,
// outermost first (a document has as many tag columns as its deepest
// nesting). Each document starts with a "-DOCSTART-" line; sentences
// (UAX #29) and documents are separated by blank lines. Tokens are split
// where a span starts or ends inside them, so a span cut at a clitic
// keeps its exact extent.
//
// Before an item is written its spans are checked against the text
// (Check); a mismatch is an error naming the document and span, and
// nothing of that item is written.
//
// The package is pure format code: it knows annotate but neither the
// database nor the UI.
package dataset
