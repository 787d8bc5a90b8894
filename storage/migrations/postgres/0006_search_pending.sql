-- Hashiya schema for PostgreSQL, version 6: deferred search indexing (see
-- migrations/sqlite/0006_search_pending.sql): the live documents whose
-- text is not yet in the search table.
CREATE TABLE IF NOT EXISTS search_pending (
	document_id BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE
);
