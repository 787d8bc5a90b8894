-- Hashiya schema, version 5: find an annotator's edits on one document
-- by index. Curation asks this each time a document opens (whether the
-- curator has been there, so an undone automatic accept stays undone).
-- Without the index it read the curator's whole edit log: 11 ms per
-- opening for a curator with 100,000 edits (BenchmarkHasEdits), 0.02 ms
-- with it. IF NOT EXISTS: tests that roll a database back keep it.
CREATE INDEX IF NOT EXISTS edits_annotator_document ON edits (annotator, document_id);
