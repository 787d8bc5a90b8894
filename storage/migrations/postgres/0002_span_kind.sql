-- Hashiya schema for PostgreSQL, version 2: spans have a kind (see
-- migrations/sqlite/0002_span_kind.sql).
ALTER TABLE spans ADD COLUMN kind TEXT COLLATE "C" NOT NULL DEFAULT 'entity'
	CHECK (kind IN ('entity', 'evidence'));
