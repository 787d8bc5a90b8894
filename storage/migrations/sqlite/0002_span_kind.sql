-- Hashiya schema, version 2: spans have a kind.
-- An entity span (a person, organisation, place...) has an entity label
-- and goes into the NER exports; an evidence span is a quote or passage
-- supporting a stance, has the empty label, and goes only into the
-- stance export. Every existing span stays an entity, including those
-- used as evidence: which of them were really quotes only their
-- annotators know, so nothing is moved behind their back.
ALTER TABLE spans ADD COLUMN kind TEXT NOT NULL DEFAULT 'entity'
	CHECK (kind IN ('entity', 'evidence'));
