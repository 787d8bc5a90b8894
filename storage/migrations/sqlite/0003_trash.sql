-- Hashiya schema, version 3: undoable imports and document deletion.
-- Undoing an import, or deleting a document, moves the documents and
-- everything on them (texts, every annotator's spans, targets, stances,
-- statuses) into these trash tables; redoing the import, or undoing the
-- deletion, moves them back under their old IDs (AUTOINCREMENT never
-- reuses an ID, so nothing else can have taken it). The edit log row
-- names the documents only, so undoing a large import writes no copy of
-- it into the log.
--
-- The trash tables have their tables' columns in the same order (rows
-- move with INSERT ... SELECT *): a later migration that adds a column
-- to one of those tables must add it to its trash table too.
CREATE TABLE trash_documents AS SELECT * FROM documents WHERE 0;
CREATE TABLE trash_texts AS SELECT * FROM texts WHERE 0;
CREATE TABLE trash_spans AS SELECT * FROM spans WHERE 0;
CREATE TABLE trash_targets AS SELECT * FROM targets WHERE 0;
CREATE TABLE trash_target_mentions AS SELECT * FROM target_mentions WHERE 0;
CREATE TABLE trash_stances AS SELECT * FROM stances WHERE 0;
CREATE TABLE trash_stance_evidence AS SELECT * FROM stance_evidence WHERE 0;
CREATE TABLE trash_statuses AS SELECT * FROM statuses WHERE 0;
CREATE INDEX trash_documents_id ON trash_documents (id);
CREATE INDEX trash_texts_doc ON trash_texts (document_id);
CREATE INDEX trash_spans_doc ON trash_spans (document_id);
CREATE INDEX trash_targets_doc ON trash_targets (document_id);
CREATE INDEX trash_target_mentions_target ON trash_target_mentions (target_id);
CREATE INDEX trash_stances_doc ON trash_stances (document_id);
CREATE INDEX trash_stance_evidence_stance ON trash_stance_evidence (stance_id);
CREATE INDEX trash_statuses_doc ON trash_statuses (document_id);
