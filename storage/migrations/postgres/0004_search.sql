-- Hashiya schema for PostgreSQL, version 4: full-text search (see
-- migrations/sqlite/0004_search.sql). search keeps each live document's
-- text as annotate.Normalize folds it, and a query is a substring match
-- on it (strpos), the same answer SQLite's trigram index gives. The
-- column is called rowid so that the statements which fill and empty
-- the index are the same on both backends. There is no trigram index:
-- pg_trgm is an extension a team's server may not have, so a query
-- reads the folded texts (about a third of the stored bytes of a page of
-- Arabic, which loses its harakat).
CREATE TABLE search (
	rowid BIGINT PRIMARY KEY,
	norm  TEXT COLLATE "C" NOT NULL
);
