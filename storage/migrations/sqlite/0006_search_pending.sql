-- Hashiya schema, version 6: deferred search indexing.
-- search_pending lists the live documents whose text is not yet in the
-- search index (migration 4). Imports, merges and restores from the
-- trash put a document here instead of indexing it in their own
-- transaction: indexing was most of their cost (a merge of 20,000
-- documents spent about 3 s of its 6 in the index). DB.IndexPending
-- moves documents from here into the index in short transactions, which
-- the window runs in the background; until then SearchDocuments reads
-- these documents' texts, so searching stays exact.
--
-- A document is either here or in the index, never both. ON DELETE
-- CASCADE: a document leaving for the trash leaves this table with it,
-- so no row here ever names a document that is not live.
--
-- IF NOT EXISTS: migration 4 creates this table early on a database
-- from before the index (see pendAll in storage/search.go).
CREATE TABLE IF NOT EXISTS search_pending (
	document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE
) STRICT;
