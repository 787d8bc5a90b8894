package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hashiya/annotate"
)

// MergeOptions tune Merge.
type MergeOptions struct {
	// Rename maps an annotator name in the other databases to the name
	// their work takes in this one.
	Rename map[string]string
	// Progress, when set, is told how many of the other databases'
	// documents have been merged, at most every 50 ms and once at the
	// end; it runs on the merging goroutine.
	Progress func(done, total int)
	// progress, when set (tests), is called after each document or item
	// merged; an error from it stops the merge, which rolls back.
	progress func() error
}

// MergeStats say what Merge did.
type MergeStats struct {
	// NewDocuments were added; Documents is every document read.
	Documents, NewDocuments int
	// Added are (document, annotator) works brought in; Same were in
	// this database already, identical, and left alone.
	Added, Same int
	// Annotators whose work was brought in, sorted.
	Annotators []string
}

// Merge brings every document and every annotator's spans, targets,
// stances and statuses from others into db, in one transaction: all of
// it is stored or none. Documents are matched by input hash; those db
// lacks are added. An annotator's work on a document db already holds
// identical is skipped, so merging again changes nothing; work of the
// same annotator on the same document that differs is refused with a
// sentence, unless opts.Rename gives the incoming annotator another name.
// Work compares spans (offsets and label), targets (name, topic,
// mentions), stances (target, holder, label, note, evidence) and status.
//
// Merged work is not in the edit log, as imported work is not: it is
// nobody's edit here, and cannot be undone.
func (db *DB) Merge(ctx context.Context, others []*DB, opts MergeOptions) (MergeStats, error) {
	var st MergeStats
	for _, o := range others {
		if o.key == db.key {
			return st, annotate.Errorf(annotate.ECodeInvalid, "%s is the database being merged into; name other databases to merge.", o.path)
		}
	}
	im, err := db.BeginImport(ctx)
	if err != nil {
		return st, err
	}
	defer im.Rollback()
	m := &merger{db: db, im: im, opts: opts, st: &st, names: map[string]bool{}, added: map[string]bool{},
		newDocs: map[int64]bool{}, work: map[int64][]string{}}
	if err := m.loadNames(); err != nil {
		return st, err
	}
	if opts.Progress != nil {
		for _, o := range others {
			n, err := o.DocumentCount(ctx)
			if err != nil {
				return st, err
			}
			m.total += n
		}
	}
	for _, o := range others {
		if err := m.mergeOne(o); err != nil {
			return st, err
		}
	}
	if err := im.Commit(); err != nil {
		return st, err
	}
	if opts.Progress != nil {
		opts.Progress(st.Documents, m.total)
	}
	for a := range m.added {
		st.Annotators = append(st.Annotators, a)
	}
	slices.Sort(st.Annotators)
	return st, nil
}

// merger is one merge in progress.
type merger struct {
	db    *DB
	im    *Import
	opts  MergeOptions
	st    *MergeStats
	names map[string]bool // annotators with work in db before the merge
	added map[string]bool
	// newDocs were added by this merge; work[d] are the annotators whose
	// work this merge brought to document d. Only there, and on older
	// documents of annotators in names, can work be there already: the
	// check reads the document's work, and most merges add documents.
	newDocs map[int64]bool
	work    map[int64][]string
	// total is the other databases' documents; reported is when
	// Progress was last called.
	total    int
	reported time.Time
}

func (m *merger) loadNames() error {
	rows, err := m.im.tx.QueryContext(m.im.ctx, `SELECT annotator FROM spans UNION SELECT annotator FROM targets
		UNION SELECT annotator FROM stances UNION SELECT annotator FROM statuses`)
	if err != nil {
		return readErr("merge", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return readErr("merge", err)
		}
		m.names[a] = true
	}
	return rows.Err()
}

func (m *merger) step() error {
	if err := m.im.ctx.Err(); err != nil {
		return &annotate.Error{Code: annotate.ECodeInternal, Message: "Interrupted; nothing was merged.", Err: err}
	}
	if m.opts.Progress != nil {
		if now := time.Now(); now.Sub(m.reported) >= 50*time.Millisecond {
			m.reported = now
			m.opts.Progress(m.st.Documents, m.total)
		}
	}
	if m.opts.progress != nil {
		return m.opts.progress()
	}
	return nil
}

// mergeOne merges one database: first the documents with work, each
// followed by its work (so the import has the document at hand), then
// the documents nobody worked on.
//
// A goroutine reads o and checks each document's text while this one
// stores, as an import does: the store is one goroutine's work, and the
// reading and checks would otherwise add to it.
func (m *merger) mergeOne(o *DB) error {
	type item struct {
		it      ExportItem
		checked annotate.Checked
		newDoc  bool // the first item of its document
		err     error
	}
	ctx, cancel := context.WithCancel(m.im.ctx)
	items := make(chan item, 256)
	go func() {
		defer close(items)
		hash := ""
		err := o.Export(ctx, ExportFilter{Evidence: true}, func(it ExportItem) error {
			x := item{it: it}
			if it.Doc.InputHash != hash {
				hash = it.Doc.InputHash
				d := it.Doc
				d.ID = 0
				c, err := d.Check()
				if err != nil {
					return err
				}
				x.checked, x.newDoc = c, true
			}
			select {
			case items <- x:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if err != nil && ctx.Err() == nil {
			items <- item{err: err}
		}
	}()
	// However this returns, stop the reader and wait for it: o must not
	// be read after the merge ends.
	defer func() {
		cancel()
		for range items {
		}
	}()
	seen := map[string]bool{} // input hashes merged from o
	var docID int64
	for x := range items {
		if x.err != nil {
			return x.err
		}
		if err := m.step(); err != nil {
			return err
		}
		if x.newDoc {
			id, err := m.addChecked(x.checked)
			if err != nil {
				return err
			}
			docID = id
			seen[x.it.Doc.InputHash] = true
		}
		if err := m.addWork(o, docID, x.it); err != nil {
			return err
		}
	}
	if err := m.step(); err != nil {
		return err
	}
	return m.mergeUnworked(o, seen)
}

// mergeUnworked adds o's documents whose input hashes are not in seen:
// it lists every hash first and reads only those documents' texts, as
// most documents of a team's database have work, and the export has
// read their texts already.
func (m *merger) mergeUnworked(o *DB, seen map[string]bool) error {
	ctx := m.im.ctx
	tx, err := o.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return readErr("merge", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id, input_hash FROM documents ORDER BY id")
	if err != nil {
		return readErr("merge", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var hash string
		if err := rows.Scan(&id, &hash); err != nil {
			rows.Close()
			return readErr("merge", err)
		}
		if !seen[hash] {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return readErr("merge", err)
	}
	for _, id := range ids {
		if err := m.step(); err != nil {
			return err
		}
		d, err := loadDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		d.ID = 0
		c, err := d.Check()
		if err != nil {
			return err
		}
		if _, err := m.addChecked(c); err != nil {
			return err
		}
	}
	return nil
}

func (m *merger) addChecked(c annotate.Checked) (int64, error) {
	id, dup, err := m.im.AddChecked(c)
	if err != nil {
		return 0, err
	}
	m.st.Documents++
	if !dup {
		m.st.NewDocuments++
		m.newDocs[id] = true
	}
	return id, nil
}

// addWork brings one annotator's work on one document into docID.
func (m *merger) addWork(o *DB, docID int64, it ExportItem) error {
	name := it.Annotator
	if n, ok := m.opts.Rename[name]; ok {
		name = n
	}
	in := it.Annotations
	if m.names[name] && !m.newDocs[docID] || slices.Contains(m.work[docID], name) {
		have, err := loadAnnotations(m.im.ctx, m.im.tx, docID, name)
		if err != nil {
			return err
		}
		status, err := loadStatus(m.im.ctx, m.im.tx, docID, name)
		if err != nil {
			return err
		}
		haveWork := len(have.Spans)+len(have.Targets)+len(have.Stances) > 0 || status.Status != annotate.StatusTodo
		if haveWork {
			if workKey(have, status.Status) == workKey(in, it.Status.Status) {
				m.st.Same++
				return nil
			}
			title := annotate.Title(it.Doc.Text)
			return annotate.Errorf(annotate.ECodeDuplicate,
				"Annotator %q has different work on document %d (%q) in %s and in %s; merge it under another name with --rename %s=NEW.",
				name, docID, title, m.db.path, o.path, it.Annotator)
		}
	}
	spanIDs := map[int64]int64{}
	for _, s := range in.Spans {
		old := s.ID
		s.ID, s.DocumentID, s.Annotator = 0, docID, name
		id, err := m.im.AddSpan(s)
		if err != nil {
			return err
		}
		spanIDs[old] = id
	}
	targetIDs := map[int64]int64{}
	for _, t := range in.Targets {
		old := t.ID
		t.ID, t.DocumentID, t.Annotator = 0, docID, name
		t.Mentions = mapIDs(t.Mentions, spanIDs)
		id, err := m.im.AddTarget(t)
		if err != nil {
			return err
		}
		targetIDs[old] = id
	}
	for _, s := range in.Stances {
		s.ID, s.DocumentID, s.Annotator = 0, docID, name
		s.TargetID = targetIDs[s.TargetID]
		if s.Holder != annotate.AuthorHolder {
			s.Holder = targetIDs[s.Holder]
		}
		s.Evidence = mapIDs(s.Evidence, spanIDs)
		if _, err := m.im.AddStance(s); err != nil {
			return err
		}
	}
	if it.Status.Status != "" && it.Status.Status != annotate.StatusTodo {
		if err := m.im.SetStatus(docID, name, it.Status.Status); err != nil {
			return err
		}
		// The import sets the status now; a merge keeps when it was set
		// and the time spent.
		if err := m.im.keepStatusTimes(docID, name, it.Status.ActiveSeconds, it.Status.Updated); err != nil {
			return err
		}
	}
	m.work[docID] = append(m.work[docID], name)
	m.added[name] = true
	m.st.Added++
	return nil
}

func mapIDs(ids []int64, m map[int64]int64) []int64 {
	if ids == nil {
		return nil
	}
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = m[id]
	}
	return out
}

// workKey renders one annotator's work on one document without IDs or
// times, so that the same work in two databases renders the same.
func workKey(a annotate.Annotations, status annotate.Status) string {
	spanKey := map[int64]string{}
	var spans []string
	for _, s := range a.Spans {
		k := strconv.Itoa(s.Start) + ":" + strconv.Itoa(s.End) + ":" + s.Label
		spanKey[s.ID] = k
		spans = append(spans, k)
	}
	keysOf := func(ids []int64) string {
		ks := make([]string, len(ids))
		for i, id := range ids {
			ks[i] = spanKey[id]
		}
		return strings.Join(ks, ",")
	}
	targetKey := map[int64]string{}
	var targets []string
	for _, t := range a.Targets {
		k := fmt.Sprintf("%q:%v:[%s]", t.Name, t.Topic, keysOf(t.Mentions))
		targetKey[t.ID] = k
		targets = append(targets, k)
	}
	var stances []string
	for _, s := range a.Stances {
		holder := "author"
		if s.Holder != annotate.AuthorHolder {
			holder = targetKey[s.Holder]
		}
		stances = append(stances, fmt.Sprintf("%s|%s|%s|%q|[%s]", targetKey[s.TargetID], holder, s.Label, s.Note, keysOf(s.Evidence)))
	}
	for _, l := range [][]string{spans, targets, stances} {
		slices.SortFunc(l, cmp.Compare)
	}
	if status == "" {
		status = annotate.StatusTodo
	}
	return string(status) + "\n" + strings.Join(spans, ";") + "\n" + strings.Join(targets, ";") + "\n" + strings.Join(stances, ";")
}
