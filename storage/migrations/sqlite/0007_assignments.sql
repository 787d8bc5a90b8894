-- Hashiya schema, version 7: task routing (hashiya assign).
-- An assignment puts a document in an annotator's queue. position orders
-- the queue (smaller first; ties by document ID, since positions are
-- only appended and a document back from the trash keeps its old one);
-- assigned is when, in Unix nanoseconds, UTC. An annotator with no row
-- here has no queue and sees every document.
CREATE TABLE IF NOT EXISTS assignments (
	document_id INTEGER NOT NULL REFERENCES documents (id),
	annotator   TEXT NOT NULL,
	position    INTEGER NOT NULL,
	assigned    INTEGER NOT NULL,
	PRIMARY KEY (document_id, annotator)
) STRICT;
CREATE INDEX IF NOT EXISTS assignments_queue ON assignments (annotator, position);

-- A deleted document's assignments go to the trash with it (see
-- migration 3), so undoing the deletion puts it back in the queues.
-- IF NOT EXISTS: tests that roll a database back keep these tables.
CREATE TABLE IF NOT EXISTS trash_assignments AS SELECT * FROM assignments WHERE 1 = 0;
CREATE INDEX IF NOT EXISTS trash_assignments_doc ON trash_assignments (document_id);
