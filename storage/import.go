package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"hashiya/annotate"
)

// Import adds many documents, and annotations and statuses imported with
// them, in one transaction: either all of an import is stored or none.
// An Import holds the database's write lock until Commit or Rollback:
// edits through the DB wait for it (so never make one from the goroutine
// that holds an open Import). An Import is not safe for concurrent use.
type Import struct {
	db     *DB
	ctx    context.Context
	tx     *sql.Tx
	schema annotate.Schema
	st     importStmts
	// cur is the document annotations were last added to, with all of
	// its spans and targets (every annotator's): imports add a
	// document's annotations right after it, so checks need no queries.
	cur  importDoc
	done bool
	// undoer, when set, gets the import as one step on their undo stack;
	// added are the documents the import added (not its duplicates).
	undoer string
	added  []int64
	// before and after are the annotations the import removed from and
	// added to documents stored before it (see ClearAnnotations): undoing
	// the import puts them back as they were. They are kept only for an
	// import someone can undo; statusAt indexes after.Statuses.
	before, after snapshot
	statusAt      map[statusKey]int
	// locked are the annotators whose writeLock key the import holds, on
	// PostgreSQL (see lockFor).
	locked map[string]bool
	// own are the IDs of the spans, targets and stances the import added
	// to documents stored before it, which ClearAnnotations tells from
	// rows that were there. IDs alone cannot tell them: on PostgreSQL
	// other annotators commit rows while an import runs, with IDs above
	// every ID the import began with.
	own struct{ spans, targets, stances idSet }
	// tracked: bookkeeping for undo has begun, so UndoableBy is too late.
	tracked bool
}

// statusKey is one annotator's status on one document.
type statusKey struct {
	doc       int64
	annotator string
}

// importDoc is one document and its annotations as an import sees them.
type importDoc struct {
	doc     annotate.Document
	spans   []annotate.Span
	targets []annotate.Target
	// text cuts spans' texts out of doc.Text (see AddSpan).
	text annotate.TextCursor
}

// importStmts are prepared once per import: with modernc.org/sqlite,
// preparing is most of the cost of a small statement, and an import runs
// each of these once or more per document.
type importStmts struct {
	dup, exists, insDoc, insText, insPending, insSpan, insTarget, insMention, insStance, insEvidence, status, statusTimes *sql.Stmt
}

// BeginImport starts an import.
func (db *DB) BeginImport(ctx context.Context) (*Import, error) {
	// Beside annotators' writes, but not beside a write of the whole
	// database (writeLock): a document deleted, or a schema changed,
	// while the import adds to it. What an import must not do twice, a
	// document, is kept out by the unique input hash.
	tx, err := db.beginWrite(ctx, lockShared)
	if err != nil {
		return nil, writeErr("begin import", err)
	}
	schema, err := loadSchema(ctx, tx)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	// SQLite's page cache is 2 MB by default, 125 of our 16 KB pages:
	// an import of thousands of documents outgrows it within the first
	// few hundred, and from then on writes pages out to the log before
	// the commit and reads index pages back. The larger cache lasts for
	// the import (Commit and Rollback restore the default); SQLite
	// takes the memory only as pages are used.
	if !db.pg {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB)); err != nil {
			tx.Rollback()
			return nil, writeErr("begin import", err)
		}
	}
	im := &Import{db: db, ctx: ctx, tx: tx, schema: schema, statusAt: map[statusKey]int{}}
	// The new row's ID: see insertRow.
	returning := ""
	if db.pg {
		returning = " RETURNING id"
	}
	for _, p := range []struct {
		st    **sql.Stmt
		query string
	}{
		{&im.st.dup, "SELECT id FROM documents WHERE input_hash = ?"},
		{&im.st.exists, "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?)"},
		{&im.st.insDoc, `INSERT INTO documents (title, length, input_hash, source, meta, created) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (input_hash) DO NOTHING` + returning},
		{&im.st.insText, "INSERT INTO texts (document_id, text) VALUES (?, ?)"},
		{&im.st.insPending, insPending},
		{&im.st.insSpan, `INSERT INTO spans (document_id, annotator, start, "end", kind, label, origin, text, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)` + returning},
		{&im.st.insTarget, "INSERT INTO targets (document_id, annotator, name, topic, created, updated) VALUES (?, ?, ?, ?, ?, ?)" + returning},
		{&im.st.insMention, "INSERT INTO target_mentions (target_id, span_id, position) VALUES (?, ?, ?)"},
		{&im.st.insStance, `INSERT INTO stances (document_id, annotator, target_id, holder, label, note, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)` + returning},
		{&im.st.insEvidence, "INSERT INTO stance_evidence (stance_id, span_id, position) VALUES (?, ?, ?)"},
		{&im.st.status, `INSERT INTO statuses (document_id, annotator, status, updated) VALUES (?, ?, ?, ?)
			ON CONFLICT (document_id, annotator) DO UPDATE SET status = excluded.status, updated = excluded.updated`},
		{&im.st.statusTimes, "UPDATE statuses SET active_seconds = ?, updated = ? WHERE document_id = ? AND annotator = ?"},
	} {
		// The transaction closes its statements when it ends.
		if *p.st, err = tx.PrepareContext(ctx, p.query); err != nil {
			tx.Rollback()
			return nil, writeErr("begin import", err)
		}
	}
	return im, nil
}

// lockFor takes annotator's writeLock key for the rest of the import, on
// PostgreSQL, before the import first reads or writes their rows: their
// own edits (in a window) then wait for the import's commit, as on
// SQLite every write does, instead of changing rows the import has read
// and is about to replace. Read committed: what the import reads after
// the lock is what their last edit left.
func (im *Import) lockFor(annotator string) error {
	if !im.db.pg || annotator == "" || im.locked[annotator] {
		return nil
	}
	if err := lockAnnotator(im.ctx, im.tx, annotator); err != nil {
		return writeErr("import: wait for "+annotator+"'s edits", err)
	}
	if im.locked == nil {
		im.locked = map[string]bool{}
	}
	im.locked[annotator] = true
	return nil
}

// AddDocument stores doc, whose Text must be frozen already (see
// annotate.FreezeText). InputHash is computed when empty. When a document
// with the same input hash exists, nothing is added and its ID is
// returned with duplicate set.
func (im *Import) AddDocument(doc annotate.Document) (id int64, duplicate bool, err error) {
	c, err := doc.Check()
	if err != nil {
		return 0, false, err
	}
	return im.AddChecked(c)
}

// AddChecked is AddDocument for a document checked already (see
// annotate.Document.Check), which it does not check again: the checks
// read the whole text, and an import runs them on every core while one
// goroutine stores.
func (im *Import) AddChecked(c annotate.Checked) (id int64, duplicate bool, err error) {
	if c.Length() == 0 {
		return 0, false, annotate.Errorf(annotate.ECodeInternal, "The document was not checked before storing; this is a bug in Hashiya.")
	}
	doc := c.Document()
	if len(doc.Meta) == 0 {
		doc.Meta = json.RawMessage("{}")
	}
	if doc.Created.IsZero() {
		doc.Created = im.db.now()
	}
	// Most documents are new: try the insert, and look for the
	// duplicate only when the input hash is taken.
	id, err = im.insertRow(im.st.insDoc, annotate.Title(doc.Text), c.Length(), doc.InputHash,
		doc.Source, string(doc.Meta), nanos(doc.Created))
	switch {
	case errors.Is(err, sql.ErrNoRows): // the conflict: no row was inserted
		if err := im.st.dup.QueryRowContext(im.ctx, doc.InputHash).Scan(&id); err != nil {
			return 0, false, writeErr("find duplicate document", err)
		}
		return id, true, nil
	case err != nil:
		return 0, false, writeErr("add document", err)
	}
	if _, err := im.st.insText.ExecContext(im.ctx, id, doc.Text); err != nil {
		return 0, false, writeErr("add document text", err)
	}
	// Indexing here was half the cost of a large import or merge; the
	// document waits for IndexPending instead (see migration 6).
	if _, err := im.st.insPending.ExecContext(im.ctx, id); err != nil {
		return 0, false, writeErr("queue document for indexing", err)
	}
	doc.ID = id
	im.added = append(im.added, id)
	im.cur = importDoc{doc: doc, text: annotate.NewTextCursor(doc.Text)} // a new document has no annotations yet
	return id, false, nil
}

// document makes id the current document, loading it and its annotations
// when it is not the one the import added last.
func (im *Import) document(id int64) (*importDoc, error) {
	if im.cur.doc.ID == id && id != 0 {
		return &im.cur, nil
	}
	im.cur = importDoc{} // not half of another document if loading fails
	d, err := loadDocument(im.ctx, im.tx, id)
	if err != nil {
		return nil, err
	}
	spans, err := collectSpans(im.tx.QueryContext(im.ctx, "SELECT "+spanColumns+" WHERE document_id = ? ORDER BY id", id))
	if err != nil {
		return nil, err
	}
	targets, err := queryTargets(im.ctx, im.tx, "document_id = ?", id)
	if err != nil {
		return nil, err
	}
	im.cur = importDoc{doc: d, spans: spans, targets: targets, text: annotate.NewTextCursor(d.Text)}
	return &im.cur, nil
}

// ofAnnotator returns the elements of xs that annotator made.
func ofAnnotator[T any](xs []T, annotator string, annotatorOf func(*T) string) []T {
	var out []T
	for i := range xs {
		if annotatorOf(&xs[i]) == annotator {
			out = append(out, xs[i])
		}
	}
	return out
}

func spanAnnotator(s *annotate.Span) string     { return s.Annotator }
func targetAnnotator(t *annotate.Target) string { return t.Annotator }

// times fills in zero creation and update times.
func (im *Import) times(created, updated *time.Time) {
	if created.IsZero() {
		*created = im.db.now()
	}
	if updated.IsZero() {
		*updated = *created
	}
}

// AddSpan stores an imported span (ID must be 0; Origin defaults to
// imported; Text is filled from the document, and must match it when
// set). Imported spans are not in the edit log and cannot be undone. A
// span equal to one already stored is refused.
func (im *Import) AddSpan(s annotate.Span) (int64, error) {
	if s.ID != 0 {
		return 0, annotate.Errorf(annotate.ECodeInvalid, "Span %d exists already; an import only adds new spans.", s.ID)
	}
	if err := im.lockFor(s.Annotator); err != nil {
		return 0, err
	}
	cur, err := im.document(s.DocumentID)
	if err != nil {
		return 0, err
	}
	if s.Origin == "" {
		s.Origin = annotate.OriginImported
	}
	im.times(&s.Created, &s.Updated)
	if err := checkNewSpanAt(&cur.doc, &cur.text, &im.schema, cur.spans, &s); err != nil {
		return 0, err
	}
	s.ID, err = im.insert(im.st.insSpan, "store span", s.DocumentID, s.Annotator, s.Start, s.End, s.Kind.String(), s.Label, string(s.Origin), s.Text,
		nanos(s.Created), nanos(s.Updated))
	if err != nil {
		return 0, err
	}
	cur.spans = append(cur.spans, s)
	if im.tracks(s.DocumentID) {
		im.after.Spans = append(im.after.Spans, s)
		im.own.spans.add(s.ID)
	}
	return s.ID, nil
}

// AddTarget stores an imported target (ID must be 0); its mentions are
// IDs of spans the same annotator has on the same document, such as
// those AddSpan returned in this import. Like spans, imported targets are
// not in the edit log.
func (im *Import) AddTarget(t annotate.Target) (int64, error) {
	if err := needAnnotator(t.Annotator); err != nil {
		return 0, err
	}
	if err := im.lockFor(t.Annotator); err != nil {
		return 0, err
	}
	if t.ID != 0 {
		return 0, annotate.Errorf(annotate.ECodeInvalid, "Target %d exists already; an import only adds new targets.", t.ID)
	}
	cur, err := im.document(t.DocumentID)
	if err != nil {
		return 0, err
	}
	im.times(&t.Created, &t.Updated)
	if err := t.Validate(&cur.doc, ofAnnotator(cur.spans, t.Annotator, spanAnnotator)); err != nil {
		return 0, err
	}
	if t.Topic {
		for _, o := range cur.targets {
			if o.Topic && o.Annotator == t.Annotator {
				return 0, annotate.Errorf(annotate.ECodeDuplicate, "The document already has a main topic (%q); mark only one target as its topic.", o.Name)
			}
		}
	}
	t.ID, err = im.insert(im.st.insTarget, "store target", t.DocumentID, t.Annotator, t.Name, t.Topic, nanos(t.Created), nanos(t.Updated))
	if err != nil {
		return 0, err
	}
	if err := im.insertList(im.st.insMention, "store target mentions", t.ID, t.Mentions); err != nil {
		return 0, err
	}
	cur.targets = append(cur.targets, t)
	if im.tracks(t.DocumentID) {
		im.after.Targets = append(im.after.Targets, t)
		im.own.targets.add(t.ID)
	}
	return t.ID, nil
}

// AddStance stores an imported stance (ID must be 0) on a target, with a
// holder and evidence spans, all of the same annotator and document. Like
// spans, imported stances are not in the edit log.
func (im *Import) AddStance(st annotate.Stance) (int64, error) {
	if err := needAnnotator(st.Annotator); err != nil {
		return 0, err
	}
	if err := im.lockFor(st.Annotator); err != nil {
		return 0, err
	}
	if st.ID != 0 {
		return 0, annotate.Errorf(annotate.ECodeInvalid, "Stance %d exists already; an import only adds new stances.", st.ID)
	}
	cur, err := im.document(st.DocumentID)
	if err != nil {
		return 0, err
	}
	im.times(&st.Created, &st.Updated)
	err = st.Validate(&cur.doc, &im.schema, ofAnnotator(cur.targets, st.Annotator, targetAnnotator),
		ofAnnotator(cur.spans, st.Annotator, spanAnnotator))
	if err != nil {
		return 0, err
	}
	st.ID, err = im.insert(im.st.insStance, "store stance", st.DocumentID, st.Annotator, st.TargetID, st.Holder, st.Label, st.Note,
		nanos(st.Created), nanos(st.Updated))
	if err != nil {
		return 0, err
	}
	if err := im.insertList(im.st.insEvidence, "store stance evidence", st.ID, st.Evidence); err != nil {
		return 0, err
	}
	if im.tracks(st.DocumentID) {
		im.after.Stances = append(im.after.Stances, st)
		im.own.stances.add(st.ID)
	}
	return st.ID, nil
}

// tracks reports whether the import keeps, for undo, what it changes on
// document id: it can be undone and the document was stored before it
// (a document it added leaves with all its rows on undo).
func (im *Import) tracks(id int64) bool {
	if im.undoer == "" || !im.existing(id) {
		return false
	}
	im.tracked = true
	return true
}

// existing reports whether document id was stored before this import.
func (im *Import) existing(id int64) bool {
	// IDs only grow, so added is sorted.
	_, found := slices.BinarySearch(im.added, id)
	return !found
}

// Annotations returns annotator's spans, targets and stances on document
// docID and their status there (todo when they have none), as this
// import sees them: what it added already is included. An import of a
// document stored already uses it to tell annotations it brings anew
// from ones it brings again.
func (im *Import) Annotations(docID int64, annotator string) (annotate.Annotations, annotate.Status, error) {
	if err := im.lockFor(annotator); err != nil {
		return annotate.Annotations{}, "", err
	}
	if _, err := im.document(docID); err != nil {
		return annotate.Annotations{}, "", err
	}
	a, err := loadAnnotations(im.ctx, im.tx, docID, annotator)
	if err != nil {
		return a, "", err
	}
	st, err := loadStatus(im.ctx, im.tx, docID, annotator)
	return a, st.Status, err
}

// ClearAnnotations deletes annotator's spans, targets and stances on
// document docID, so that the import can add the ones it brings instead
// (import --replace). Their status stays; SetStatus replaces it. Undoing
// the import (see UndoableBy) brings the deleted annotations back.
func (im *Import) ClearAnnotations(docID int64, annotator string) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	a, _, err := im.Annotations(docID, annotator)
	if err != nil {
		return err
	}
	// Stances first: they point at targets and spans.
	for _, st := range a.Stances {
		if err := deleteRow(im.ctx, im.tx, "stances", st.ID); err != nil {
			return err
		}
	}
	for _, t := range a.Targets {
		if err := deleteRow(im.ctx, im.tx, "targets", t.ID); err != nil {
			return err
		}
	}
	for _, s := range a.Spans {
		if err := deleteRow(im.ctx, im.tx, "spans", s.ID); err != nil {
			return err
		}
	}
	if im.tracks(docID) {
		// Undo restores what was there before the import; what it added
		// itself and deletes again is simply gone. (On a document the
		// import added, everything leaves with the document.)
		im.before.Spans, im.after.Spans = forget(im.before.Spans, im.after.Spans, a.Spans, spanID, im.own.spans)
		im.before.Targets, im.after.Targets = forget(im.before.Targets, im.after.Targets, a.Targets, targetID, im.own.targets)
		im.before.Stances, im.after.Stances = forget(im.before.Stances, im.after.Stances, a.Stances, stanceID, im.own.stances)
	}
	im.cur = importDoc{} // its cached spans and targets are gone
	return nil
}

// forget updates an import's before and after rows for deleted rows:
// those the import added (in own) leave after, the others join before,
// whoever added them and whenever (another annotator's edit committed
// during the import included), so that undoing the import brings them
// back. after is only walked when the import deletes rows of its own,
// so replacing on every document of a large import stays linear.
func forget[T any](before, after, deleted []T, idOf func(*T) int64, own idSet) ([]T, []T) {
	var gone idSet
	for i := range deleted {
		if id := idOf(&deleted[i]); own.has(id) {
			gone.add(id)
		} else {
			before = append(before, deleted[i])
		}
	}
	if gone != nil {
		after = slices.DeleteFunc(after, func(x T) bool { return gone.has(idOf(&x)) })
	}
	return before, after
}

// idSet is a set of row IDs; the zero value is empty and ready to use.
type idSet map[int64]struct{}

func (s *idSet) add(id int64) {
	if *s == nil {
		*s = idSet{}
	}
	(*s)[id] = struct{}{}
}

func (s idSet) has(id int64) bool {
	_, ok := s[id]
	return ok
}

// insert runs one of the import's INSERT statements and returns the new
// row's ID; op names the step in an error.
func (im *Import) insert(ins *sql.Stmt, op string, args ...any) (int64, error) {
	id, err := im.insertRow(ins, args...)
	if err != nil {
		return 0, writeErr(op, err)
	}
	return id, nil
}

// insertRow runs an INSERT and returns the new row's ID, or
// sql.ErrNoRows when ON CONFLICT DO NOTHING inserted none. PostgreSQL
// tells the ID through RETURNING (BeginImport's returning). SQLite through
// LastInsertId: with RETURNING, SQLite keeps a statement journal for
// each row, in a temporary file, which made a merge of 20,000 documents
// three times as slow (BenchmarkMerge, 2.7 s against 9.0 s).
func (im *Import) insertRow(ins *sql.Stmt, args ...any) (int64, error) {
	var id int64
	if im.db.pg {
		err := ins.QueryRowContext(im.ctx, args...).Scan(&id)
		return id, err
	}
	res, err := ins.ExecContext(im.ctx, args...)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n == 0 {
		return 0, sql.ErrNoRows
	}
	return res.LastInsertId()
}

// insertList stores the ordered span list of a new target or stance.
func (im *Import) insertList(ins *sql.Stmt, op string, owner int64, spans []int64) error {
	for i, sp := range spans {
		if _, err := ins.ExecContext(im.ctx, owner, sp, i); err != nil {
			return writeErr(op, err)
		}
	}
	return nil
}

// SetStatus sets annotator's status on a document, without an edit-log
// row (an import is not an annotator's edit).
func (im *Import) SetStatus(docID int64, annotator string, st annotate.Status) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	if err := im.lockFor(annotator); err != nil {
		return err
	}
	if err := validStatus(st); err != nil {
		return err
	}
	if docID == 0 || docID != im.cur.doc.ID {
		var ok bool
		if err := im.st.exists.QueryRowContext(im.ctx, docID).Scan(&ok); err != nil {
			return readErr("find document", err)
		}
		if !ok {
			return annotate.Errorf(annotate.ECodeNotFound, "Document %d does not exist.", docID)
		}
	}
	if im.tracks(docID) {
		if err := im.noteStatus(docID, annotator, st); err != nil {
			return err
		}
	}
	if _, err := im.st.status.ExecContext(im.ctx, docID, annotator, string(st), nanos(im.db.now())); err != nil {
		return writeErr("store status", err)
	}
	return nil
}

// noteStatus keeps, for undo, annotator's status on a document stored
// before the import as it was before the import's first change to it
// (todo when they had none) and as the import leaves it.
func (im *Import) noteStatus(docID int64, annotator string, st annotate.Status) error {
	k := statusKey{docID, annotator}
	if i, ok := im.statusAt[k]; ok {
		im.after.Statuses[i].Status, im.after.Statuses[i].Updated = st, im.db.now()
		return nil
	}
	was, err := loadStatus(im.ctx, im.tx, docID, annotator)
	if err != nil {
		return err
	}
	if was.Updated.IsZero() {
		was.Updated = im.db.now()
	}
	im.before.Statuses = append(im.before.Statuses, statusState{DocumentID: docID, Annotator: annotator, Status: was.Status, Updated: was.Updated})
	im.statusAt[k] = len(im.after.Statuses)
	im.after.Statuses = append(im.after.Statuses, statusState{DocumentID: docID, Annotator: annotator, Status: st, Updated: im.db.now()})
	return nil
}

// keepStatusTimes gives annotator's status on docID, set by SetStatus
// in this import, the time it was set and the time spent from another
// database (Merge), with a statement prepared once: preparing it for
// every document cost a merge more than running it.
func (im *Import) keepStatusTimes(docID int64, annotator string, activeSeconds float64, updated time.Time) error {
	if _, err := im.st.statusTimes.ExecContext(im.ctx, activeSeconds, nanos(updated), docID, annotator); err != nil {
		return writeErr("merge status", err)
	}
	return nil
}

// UndoableBy makes the import one step on annotator's undo stack: their
// next Undo removes the documents it added, with every annotation on
// them, and the spans, targets, stances and statuses it added to
// documents stored before it, restoring those it replaced (a status it
// set where there was none goes back to todo); Redo does it all again.
// Documents the import found already stored (duplicates) are not its to
// remove.
func (im *Import) UndoableBy(annotator string) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	if im.tracked || len(im.added) > 0 {
		// What was added before it was not kept for undo.
		return annotate.Errorf(annotate.ECodeInternal, "The import was made undoable after it began adding; this is a bug in Hashiya, and nothing was imported.")
	}
	im.undoer = annotator
	return nil
}

// Commit stores everything the import added.
func (im *Import) Commit() error {
	if im.done {
		return annotate.Errorf(annotate.ECodeInternal, "This import has already ended.")
	}
	after := im.after
	after.Documents = im.added
	if im.undoer != "" && (len(after.Documents) > 0 || !im.before.empty() || !after.empty()) {
		// The import's rows are stored already: push it without
		// applying it again.
		if err := im.db.push(im.ctx, im.tx, im.undoer, 0, kindImport, &im.before, &after); err != nil {
			im.Rollback()
			return err
		}
	}
	im.done = true
	defer im.db.defaultCache()
	// Titles depend on the other documents (annotate/title.go).
	if err := retitleRepeated(im.ctx, im.tx); err != nil {
		im.tx.Rollback()
		return err
	}
	if err := im.tx.Commit(); err != nil {
		return writeErr("commit import", err)
	}
	return nil
}

// Rollback discards the import. It is safe to call after Commit (then it
// does nothing), so callers may defer it.
func (im *Import) Rollback() error {
	if im.done {
		return nil
	}
	im.done = true
	err := im.tx.Rollback()
	im.db.defaultCache()
	if err != nil {
		return writeErr("roll back import", err)
	}
	return nil
}

// importCacheKiB is the page cache of an import's connection.
const importCacheKiB = 128 << 10

// defaultCache gives the writing connection SQLite's default page cache
// back after an import, and with it the memory. A failure costs only
// memory, and the next import sets the cache again.
func (db *DB) defaultCache() {
	if db.pg {
		return
	}
	db.w.ExecContext(context.Background(), "PRAGMA cache_size = -2000")
}
