-- Hashiya schema, version 4: full-text search.
-- search indexes each live document's text as annotate.Normalize folds
-- it (harakat, tatweel, hamza seats and stray dots gone), rowid = the
-- document's ID. FTS5's own tokenizers cannot do that folding (unicode61
-- treats harakat as separators and keeps them), so Go normalises and the
-- trigram tokenizer, case-sensitive since Go has folded case already,
-- indexes every three code points: a query is a substring match, which
-- finds "الاسد" inside "وبالأسد" where a word index would not.
-- contentless: the normalised text is not kept a second time (the
-- window highlights from texts.text through the normaliser's map), and
-- contentless_delete lets a document leave the index when it goes to the
-- trash. Trashed documents are not indexed; restoring one indexes it.
--
-- storage/search.go (pendAll) lists the documents already stored as
-- waiting to be indexed (migration 6's table), and DB.IndexPending
-- indexes them afterwards. Indexing them in this migration's
-- transaction, as it first did, took about 3 s per 10,000 articles on
-- the 2-core build machine: half a minute, once, for a database of
-- 100,000, before the window showed anything.
CREATE VIRTUAL TABLE search USING fts5 (
	norm,
	tokenize = 'trigram case_sensitive 1',
	content = '',
	contentless_delete = 1
);
-- FTS5 writes its pending terms out as a segment every hashsize bytes
-- (1 MB by default, a few articles' worth of trigrams) and merges
-- segments automerge at a time: 16 MB and 8 make an import's indexing
-- about a third faster (measured on 10,000 articles), and the queries
-- stay well under a millisecond for rare terms.
INSERT INTO search (search, rank) VALUES ('hashsize', 16777216);
INSERT INTO search (search, rank) VALUES ('automerge', 8);
