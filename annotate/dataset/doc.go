// Package dataset moves documents and annotations in and out of Hashiya as
// files: plain text, Prodigy and doccano JSONL on the way in; Prodigy,
// doccano, spaCy and Hugging Face JSONL, a stance table and nested CoNLL
// on the way out.
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
// Other top-level keys ("source", a project's own) are kept, in their
// order, in meta as the object "prodigy_task", and the Prodigy export
// writes them back at the top level; Prodigy's bookkeeping (_input_hash,
// _task_hash, tokens, _view_id, _annotator_id, _session_id, _timestamp)
// is dropped and written afresh.
// doccano: {"text", "label": [[start, end, "LABEL"], ...]} or {"text",
// "entities": [{"start_offset", "end_offset", "label"}]}; "cats" (and a
// "label" list of plain strings, doccano's text classification export)
// are document categories, kept in meta under "cats" because the schema
// has no document labels; other top-level keys are doccano metadata and
// also go to meta.
//
// Input is UTF-8; a UTF-8 byte-order mark may open a file, and one
// further on (files joined with cat) or a UTF-16 file is refused with a
// sentence that says so.
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
// Tokens (Prodigy, spaCy, HF, CoNLL) follow one rule, Words by default:
// annotate.Tokenize's words (UAX #29, so "جـ.رائم" is one word), cut at
// each proclitic break ("والولايات" → و + الولايات, in every document)
// and at every span edge inside a word (a span ending inside "إدلبي"),
// so that every span starts and ends on a token edge. Whatever lies
// between words other than one space (a line break, a second space, an
// RLM) is a token of its own, and "ws" is true when one space follows,
// so the tokens with their ws rebuild the text exactly, as spaCy's
// Doc(words, spaces) needs. EncodeOptions.Tokens = Whitespace gives
// str.split() tokens instead; spans off their edges get no token
// indices in Prodigy and are listed by Encoder.Notes, and spaCy and HF
// refuse them.
//
// Prodigy: one task per document and annotator, with "text", "meta",
// "_input_hash" and "_task_hash" (see InputHash32 and TaskHash32),
// "tokens" ({"text", "start", "end", "id", "ws"}), "spans" ({"start",
// "end", "token_start", "token_end" (inclusive, as in Prodigy), "label",
// "text"}), "answer" ("reject" for skipped documents, else "accept"),
// "_annotator_id", "_timestamp" (Unix seconds of the annotator's last
// change) and "_view_id"; plus "targets" ({"name", "topic", "mentions":
// span indices}) and "stances" ({"target": target index, "holder": target
// index or null for the article's own voice, "label", "evidence": span
// indices, "note"}). Meta gains hashiya_offsets, hashiya_document_id,
// hashiya_status and hashiya_active_seconds. No spans is "spans": [].
//
// doccano: {"text", "label": [[start, end, "LABEL"], ...], "cats",
// "meta"}, offsets in UTF-16 units by default (Format.DefaultOffsets):
// doccano's front end counts them.
//
// spaCy: {"text", "ents": [[start, end, label]], "spans": {"sc": [...]},
// "tokens", "meta"}, code points; see Encoder.spacy. HF: {"id",
// "document_id", "annotator", "text", "tokens", "token_offsets",
// "ner_tags", "nested_ner_tags", "label_names"}: BIO ids, with the label
// names in every line (no sidecar file, so the export also streams to
// stdout); see Encoder.hf.
//
// Stance: one row per stance, a (text, target) pair as stance data sets
// have it: "stance_id", "document_id", "input_hash", "_input_hash"
// (Prodigy's), "text", "target", "topic", "target_mentions" (in text
// order), "holder" ("author" for the article's own voice, else the
// speaker target's name), "holder_kind" ("author" or "speaker"),
// "holder_mentions", "label", "evidence" (spans as {"start", "end",
// "label", "text"}, in text order), "note", "annotator", "offsets",
// "meta". StanceCSV: the same rows as CSV (encoding/csv, RFC 4180) with
// the header StanceCSVHeader, SemEval-2016's columns first.
//
// CoNLL: one token per line, a tab, and one BIO tag per nesting level,
// outermost first (a document has as many tag columns as its deepest
// nesting). Each document starts with a "-DOCSTART-" line; sentences
// and documents are separated by blank lines. Sentences are UAX #29's
// (annotate.SentenceBreaks: never inside a word, so a dot between
// letters ends none), and a boundary inside a span is dropped, so no
// entity crosses a sentence and no sentence starts with an I- tag.
//
// Before an item is written its spans are checked against the text
// (Check); a mismatch is an error naming the document and span, and
// nothing of that item is written.
//
// The package is pure format code: it knows annotate but neither the
// database nor the UI.
package dataset
