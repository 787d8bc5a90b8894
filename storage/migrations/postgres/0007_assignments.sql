-- Hashiya schema for PostgreSQL, version 7: task routing (see
-- migrations/sqlite/0007_assignments.sql).
CREATE TABLE IF NOT EXISTS assignments (
	document_id BIGINT NOT NULL REFERENCES documents (id),
	annotator   TEXT COLLATE "C" NOT NULL,
	position    BIGINT NOT NULL,
	assigned    BIGINT NOT NULL,
	PRIMARY KEY (document_id, annotator)
);
CREATE INDEX IF NOT EXISTS assignments_queue ON assignments (annotator, position);
CREATE TABLE IF NOT EXISTS trash_assignments AS SELECT * FROM assignments WHERE false;
CREATE INDEX IF NOT EXISTS trash_assignments_doc ON trash_assignments (document_id);
