package storage

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"hashiya/annotate"
)

// Curation writes: a curator (annotator "gold" by default) builds the
// curated layer of a document from other annotators' versions. Taking
// one annotator's version of a disagreement removes the curator's spans
// there and adds that annotator's, and the curator must be able to undo
// it in one step, so it is one edit of its own kind.

const (
	kindSpanReplace = "span.replace"
	kindStanceTake  = "stance.take"
)

// ReplaceSpans deletes annotator's spans remove from document docID and
// adds the spans add (made annotator's; ID must be 0; Origin defaults to
// manual), as one undoable edit of annotator's. Targets mentioning and
// stances citing a deleted span lose it, as with DeleteSpan. The added
// spans are checked against the document, the schema and the
// annotator's spans that remain; any refusal leaves everything as it
// was. It returns the added spans as stored.
func (db *DB) ReplaceSpans(ctx context.Context, annotator string, docID int64, remove []int64, add []annotate.Span) ([]annotate.Span, error) {
	if err := needAnnotator(annotator); err != nil {
		return nil, err
	}
	if len(remove) == 0 && len(add) == 0 {
		return nil, errCuratedSpans
	}
	var added []annotate.Span
	err := db.inTxAs(ctx, "replace spans", annotator, func(tx *sql.Tx) error {
		doc, err := loadDocument(ctx, tx, docID)
		if err != nil {
			return err
		}
		schema, err := loadSchema(ctx, tx)
		if err != nil {
			return err
		}
		before, after := &snapshot{}, &snapshot{}
		for _, id := range remove {
			old, err := spanOf(ctx, tx, annotator, id)
			if err != nil {
				return err
			}
			if err := sameDocument("Span", id, old.DocumentID, docID); err != nil {
				return err
			}
			if !hasID(before.Spans, id, spanID) {
				before.Spans = append(before.Spans, old)
			}
		}
		if err := dropReferences(ctx, tx, before, after, db.now()); err != nil {
			return err
		}
		kept, err := loadSpans(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		kept = slices.DeleteFunc(kept, func(s annotate.Span) bool { return hasID(before.Spans, s.ID, spanID) })
		now := db.now()
		for _, s := range add {
			if err := newSpanOf(&s, annotator, now, &doc, &schema, kept); err != nil {
				return err
			}
			kept = append(kept, s)
			after.Spans = append(after.Spans, s)
		}
		if err := db.record(ctx, tx, annotator, docID, kindSpanReplace, before, after); err != nil {
			return err
		}
		added = after.Spans
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// TakeStances applies take (planned by annotate.StanceCuration.Take or
// Plan) to annotator's layer on document docID as one undoable edit: it
// deletes the stances take.Remove, adds the spans take.Spans and the
// targets take.Targets, gives the targets take.Update their new
// mentions, and then adds the stances take.Stances. A negative
// TargetID or Holder names one of the added targets, a negative span ID
// in Mentions or Evidence one of the added spans. Everything is checked
// as AddSpan, AddTarget and AddStance check it; any refusal leaves
// everything as it was.
func (db *DB) TakeStances(ctx context.Context, annotator string, docID int64, take annotate.StanceTake) error {
	if err := needAnnotator(annotator); err != nil {
		return err
	}
	if take.Empty() {
		return errCuratedStance
	}
	return db.inTxAs(ctx, "take stances", annotator, func(tx *sql.Tx) error {
		doc, spans, err := targetContext(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		schema, err := loadSchema(ctx, tx)
		if err != nil {
			return err
		}
		before, after := &snapshot{}, &snapshot{}
		for _, id := range take.Remove {
			old, err := stanceOf(ctx, tx, annotator, id)
			if err != nil {
				return err
			}
			if err := sameDocument("Stance", id, old.DocumentID, docID); err != nil {
				return err
			}
			if !hasID(before.Stances, id, stanceID) {
				before.Stances = append(before.Stances, old)
			}
		}
		// The removed stances go and the targets are stored first, so
		// that the new stances are checked against what they will sit
		// beside; the step is then written, so push only logs it.
		for _, st := range before.Stances {
			if err := deleteRow(ctx, tx, "stances", st.ID); err != nil {
				return err
			}
		}
		now := db.now()
		for _, sp := range take.Spans {
			if err := newSpanOf(&sp, annotator, now, &doc, &schema, spans); err != nil {
				return err
			}
			if err := putSpan(ctx, tx, &sp); err != nil {
				return err
			}
			spans = append(spans, sp)
			after.Spans = append(after.Spans, sp)
		}
		spanRef := func(ids []int64) ([]int64, error) {
			out := slices.Clone(ids)
			for i, id := range out {
				if id >= 0 {
					continue
				}
				j := int(-id - 1)
				if j >= len(after.Spans) {
					return nil, annotate.Errorf(annotate.ECodeInternal, "A curation step named new span %d without adding it; this is a bug in Hashiya, and nothing was changed.", -id)
				}
				out[i] = after.Spans[j].ID
			}
			return out, nil
		}
		for _, t := range take.Targets {
			if t.ID != 0 {
				return annotate.Errorf(annotate.ECodeInvalid, "Target %d exists already; change it instead of adding it.", t.ID)
			}
			t.DocumentID, t.Annotator, t.Created, t.Updated = docID, annotator, now, now
			if t.Mentions, err = spanRef(t.Mentions); err != nil {
				return err
			}
			if err := t.Validate(&doc, spans); err != nil {
				return err
			}
			if err := checkTopic(ctx, tx, &t); err != nil {
				return err
			}
			if err := putTarget(ctx, tx, &t); err != nil {
				return err
			}
			after.Targets = append(after.Targets, t)
		}
		added := len(after.Targets)
		for _, u := range take.Update {
			old, err := targetOf(ctx, tx, annotator, u.ID)
			if err != nil {
				return err
			}
			if err := sameDocument("Target", u.ID, old.DocumentID, docID); err != nil {
				return err
			}
			t := old
			if t.Mentions, err = spanRef(u.Mentions); err != nil {
				return err
			}
			t.Updated = now
			if err := t.Validate(&doc, spans); err != nil {
				return err
			}
			if err := putTarget(ctx, tx, &t); err != nil {
				return err
			}
			before.Targets = append(before.Targets, old)
			after.Targets = append(after.Targets, t)
		}
		targets, err := loadTargets(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		resolve := func(id int64) (int64, error) {
			if id >= 0 {
				return id, nil
			}
			if i := int(-id - 1); i < added {
				return after.Targets[i].ID, nil
			}
			return 0, annotate.Errorf(annotate.ECodeInternal, "A curation step named new target %d without adding it; this is a bug in Hashiya, and nothing was changed.", -id)
		}
		for _, st := range take.Stances {
			if st.ID != 0 {
				return annotate.Errorf(annotate.ECodeInvalid, "Stance %d exists already; change it instead of adding it.", st.ID)
			}
			if st.TargetID, err = resolve(st.TargetID); err != nil {
				return err
			}
			if st.Holder, err = resolve(st.Holder); err != nil {
				return err
			}
			if st.Evidence, err = spanRef(st.Evidence); err != nil {
				return err
			}
			st.DocumentID, st.Annotator, st.Created, st.Updated = docID, annotator, now, now
			if err := st.Validate(&doc, &schema, targets, spans); err != nil {
				return err
			}
			if err := oneStancePerHolder(ctx, tx, st); err != nil {
				return err
			}
			if err := putStance(ctx, tx, &st); err != nil {
				return err
			}
			after.Stances = append(after.Stances, st)
		}
		return db.push(ctx, tx, annotator, docID, kindStanceTake, before, after)
	})
}

// dropReferences puts in before the targets and stances that refer to
// before's spans, and in after the same rows without those references.
func dropReferences(ctx context.Context, tx *sql.Tx, before, after *snapshot, now time.Time) error {
	gone := func(id int64) bool { return hasID(before.Spans, id, spanID) }
	for _, s := range before.Spans {
		ts, err := queryTargets(ctx, tx, "id IN (SELECT target_id FROM target_mentions WHERE span_id = ?)", s.ID)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if !hasID(before.Targets, t.ID, targetID) {
				before.Targets = append(before.Targets, t)
			}
		}
		ss, err := queryStances(ctx, tx, "id IN (SELECT stance_id FROM stance_evidence WHERE span_id = ?)", s.ID)
		if err != nil {
			return err
		}
		for _, st := range ss {
			if !hasID(before.Stances, st.ID, stanceID) {
				before.Stances = append(before.Stances, st)
			}
		}
	}
	for _, t := range before.Targets {
		t.Mentions = slices.DeleteFunc(slices.Clone(t.Mentions), gone)
		t.Updated = now
		after.Targets = append(after.Targets, t)
	}
	for _, st := range before.Stances {
		st.Evidence = slices.DeleteFunc(slices.Clone(st.Evidence), gone)
		st.Updated = now
		after.Stances = append(after.Stances, st)
	}
	return nil
}

// CuratorChange is one of an annotator's spans that the curated layer
// does not have as it is: the curator left it out or changed it.
type CuratorChange struct {
	// Yours is the annotator's span.
	Yours annotate.Span
	// Curators are the curator's spans overlapping it: what the curator
	// put there instead, none if the curator left the text unmarked.
	Curators []annotate.Span
}

// CuratorChanges lists, in document and text order, annotator's entity
// spans on the documents curator has curated (has spans on) that the
// curator does not have with the same start, end and label, so that an
// annotator can see what the adjudication changed of their work.
func (db *DB) CuratorChanges(ctx context.Context, annotator, curator string) ([]CuratorChange, error) {
	// One snapshot, and the curator's spans read once per document.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, readErr("list the curator's changes", err)
	}
	defer tx.Rollback()
	yours, err := collectSpans(tx.QueryContext(ctx, "SELECT "+spanColumns+` AS a
		WHERE annotator = ? AND kind = 'entity'
		AND EXISTS (SELECT 1 FROM spans g WHERE g.document_id = a.document_id AND g.annotator = ?)
		AND NOT EXISTS (SELECT 1 FROM spans g WHERE g.document_id = a.document_id AND g.annotator = ?
			AND g.start = a.start AND g."end" = a."end" AND g.label = a.label AND g.kind = a.kind)
		ORDER BY document_id, start, "end" DESC, label`, annotator, curator, curator))
	if err != nil {
		return nil, readErr("list the curator's changes", err)
	}
	out := make([]CuratorChange, 0, len(yours))
	var doc int64
	var curated []annotate.Span // the curator's entity spans on doc
	for _, y := range yours {
		if y.DocumentID != doc {
			doc = y.DocumentID
			all, err := loadSpans(ctx, tx, doc, curator)
			if err != nil {
				return nil, readErr("list the curator's changes", err)
			}
			curated = slices.DeleteFunc(all, func(s annotate.Span) bool { return s.Kind != annotate.SpanEntity })
		}
		var theirs []annotate.Span
		for _, g := range curated {
			if g.Start < y.End && g.End > y.Start {
				theirs = append(theirs, g)
			}
		}
		out = append(out, CuratorChange{Yours: y, Curators: theirs})
	}
	return out, nil
}

// CuratorStanceChanges lists, in document order, annotator's stances on
// the documents curator has curated (has spans or targets on) that the
// curator does not have with the same label on the same target and
// holder, the targets matched as annotate.CurateStances matches them
// (normalised names, overlapping mentions).
func (db *DB) CuratorStanceChanges(ctx context.Context, annotator, curator string) ([]annotate.StanceChange, error) {
	// One snapshot for the list and every document on it.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, readErr("list the curator's changes", err)
	}
	defer tx.Rollback()
	docs, err := int64s(ctx, tx, `SELECT DISTINCT document_id FROM stances
		WHERE annotator = ? AND document_id IN (
			SELECT document_id FROM spans WHERE annotator = ?
			UNION SELECT document_id FROM targets WHERE annotator = ?)
		ORDER BY document_id`, annotator, curator, curator)
	if err != nil {
		return nil, readErr("list the curator's changes", err)
	}
	var out []annotate.StanceChange
	for _, doc := range docs {
		yours, err := loadAnnotations(ctx, tx, doc, annotator)
		if err != nil {
			return nil, err
		}
		theirs, err := loadAnnotations(ctx, tx, doc, curator)
		if err != nil {
			return nil, err
		}
		out = append(out, annotate.StanceChanges(yours, theirs)...)
	}
	return out, nil
}

// HasEdits reports whether annotator has ever edited document docID,
// counting edits since undone: the curator's first visit to a document
// takes the agreed spans in, and a curator who undid that must not have
// them put back on the next visit.
func (db *DB) HasEdits(ctx context.Context, annotator string, docID int64) (bool, error) {
	var has bool
	err := db.r.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM edits WHERE annotator = ? AND document_id = ?)", annotator, docID).Scan(&has)
	if err != nil {
		return false, readErr("find the curator's edits", err)
	}
	return has, nil
}

// newSpanOf makes s, which a curation step adds, a new span of
// annotator's on doc, and checks it against the schema and the spans
// already there.
func newSpanOf(s *annotate.Span, annotator string, now time.Time, doc *annotate.Document, schema *annotate.Schema, existing []annotate.Span) error {
	if s.ID != 0 {
		return annotate.Errorf(annotate.ECodeInvalid, "Span %d exists already; change it instead of adding it.", s.ID)
	}
	s.DocumentID, s.Annotator, s.Created, s.Updated = doc.ID, annotator, now, now
	if s.Origin == "" {
		s.Origin = annotate.OriginManual
	}
	return checkNewSpan(doc, schema, existing, s)
}
