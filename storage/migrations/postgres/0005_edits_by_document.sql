-- Hashiya schema for PostgreSQL, version 5: find an annotator's edits on
-- one document by index (see migrations/sqlite/0005_edits_by_document.sql).
CREATE INDEX IF NOT EXISTS edits_annotator_document ON edits (annotator, document_id);
