-- Hashiya schema, version 1.
-- Offsets (spans.start, spans."end", documents.length) are Unicode code
-- points, from 0, end exclusive. Times are Unix nanoseconds, UTC.

-- application_id marks the file as Hashiya's ("HSHY").
PRAGMA application_id = 1213417561;

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- documents keeps what lists need; the text lives in texts so that
-- listing 100,000 documents never reads them.
CREATE TABLE documents (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	title      TEXT NOT NULL,
	length     INTEGER NOT NULL, -- code points
	input_hash TEXT NOT NULL UNIQUE,
	source     TEXT NOT NULL DEFAULT '',
	meta       TEXT NOT NULL DEFAULT '{}',
	created    INTEGER NOT NULL
) STRICT;

CREATE TABLE texts (
	document_id INTEGER PRIMARY KEY REFERENCES documents (id),
	text        TEXT NOT NULL
) STRICT;

-- AUTOINCREMENT on annotation tables: an ID is never reused, so undoing
-- a deletion can put the row back under its old ID.
CREATE TABLE spans (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	document_id INTEGER NOT NULL REFERENCES documents (id),
	annotator   TEXT NOT NULL,
	start       INTEGER NOT NULL, -- code points from 0
	"end"       INTEGER NOT NULL, -- code points, exclusive
	label       TEXT NOT NULL,
	origin      TEXT NOT NULL,
	text        TEXT NOT NULL,
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	CHECK (start >= 0 AND "end" > start)
) STRICT;
CREATE UNIQUE INDEX spans_unique ON spans (document_id, annotator, start, "end", label);
CREATE INDEX spans_label ON spans (label);

CREATE TABLE targets (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	document_id INTEGER NOT NULL REFERENCES documents (id),
	annotator   TEXT NOT NULL,
	name        TEXT NOT NULL,
	topic       INTEGER NOT NULL DEFAULT 0,
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL
) STRICT;
CREATE INDEX targets_doc ON targets (document_id, annotator);
CREATE UNIQUE INDEX targets_topic ON targets (document_id, annotator) WHERE topic;

CREATE TABLE target_mentions (
	target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
	span_id   INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	PRIMARY KEY (target_id, span_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX target_mentions_span ON target_mentions (span_id);

-- holder is a target ID or 0 for the article's own voice, hence no
-- foreign key; the code keeps it consistent.
CREATE TABLE stances (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	document_id INTEGER NOT NULL REFERENCES documents (id),
	annotator   TEXT NOT NULL,
	target_id   INTEGER NOT NULL REFERENCES targets (id),
	holder      INTEGER NOT NULL,
	label       TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL
) STRICT;
CREATE INDEX stances_doc ON stances (document_id, annotator);
CREATE INDEX stances_target ON stances (target_id);
CREATE INDEX stances_holder ON stances (holder);
CREATE INDEX stances_label ON stances (label);

CREATE TABLE stance_evidence (
	stance_id INTEGER NOT NULL REFERENCES stances (id) ON DELETE CASCADE,
	span_id   INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	PRIMARY KEY (stance_id, span_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX stance_evidence_span ON stance_evidence (span_id);

CREATE TABLE statuses (
	document_id    INTEGER NOT NULL REFERENCES documents (id),
	annotator      TEXT NOT NULL,
	status         TEXT NOT NULL,
	active_seconds REAL NOT NULL DEFAULT 0,
	updated        INTEGER NOT NULL,
	PRIMARY KEY (document_id, annotator)
) STRICT;
CREATE INDEX statuses_annotator ON statuses (annotator, status);

-- edits is the append-only edit log: rows are inserted, never changed.
-- reverts is set on the rows Undo and Redo write: the edit they replay.
CREATE TABLE edits (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	annotator   TEXT NOT NULL,
	at          INTEGER NOT NULL,
	document_id INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	before      TEXT NOT NULL,
	after       TEXT NOT NULL,
	reverts     INTEGER REFERENCES edits (id)
) STRICT;
CREATE INDEX edits_annotator ON edits (annotator, id);

-- history holds each annotator's undo and redo stacks: an undoable edit
-- sits here with undone = 0 (undo stack) or 1 (redo stack).
CREATE TABLE history (
	edit_id   INTEGER PRIMARY KEY REFERENCES edits (id),
	annotator TEXT NOT NULL,
	undone    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX history_annotator ON history (annotator, undone, edit_id);
