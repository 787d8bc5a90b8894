package storage

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"hashiya/annotate"
)

// Task routing: hashiya assign puts each document in the queues of a
// number of annotators (migration 7); the window then shows an annotator
// with a queue only their queue, in its order. The SQL here is plain
// (no SQLite-only functions, comparisons for booleans) so that the
// PostgreSQL backend can share it.

// AssignOptions says how Assign routes documents.
type AssignOptions struct {
	// Annotators share the documents. Their order does not matter: they
	// are sorted, so the same names always give the same assignment.
	Annotators []string
	// PerDocument is how many annotators each document goes to
	// (Prodigy's annotations_per_task).
	PerDocument int
	// Replace drops every assignment first and routes every document
	// afresh. Otherwise assignments stay as they are, and only documents
	// with fewer than PerDocument assignees (new imports, say) get more.
	Replace bool
}

// AssignResult is what Assign did.
type AssignResult struct {
	// Annotators are the names assigned to, sorted.
	Annotators []string
	// Documents counts the documents that got at least one assignee, of
	// Total in the database.
	Documents, Total int
	// Added counts each annotator's new assignments; Queued the length of
	// each annotator's queue afterwards (documents in the trash left out).
	Added, Queued map[string]int
}

// Assign gives every document to opts.PerDocument annotators, in one
// transaction. It balances the load: each document goes to the
// annotators with the shortest queues (ties to the name first in
// order), so starting from no assignments every annotator's queue is
// within one document of the others'. Documents are visited in ID order
// and each new assignment goes to the end of its annotator's queue, so
// the same database and options give the same queues.
func (db *DB) Assign(ctx context.Context, opts AssignOptions) (AssignResult, error) {
	res := AssignResult{Added: map[string]int{}, Queued: map[string]int{}}
	names, err := assignees(opts.Annotators)
	if err != nil {
		return res, err
	}
	res.Annotators = names
	switch n := opts.PerDocument; {
	case len(names) == 0:
		return res, annotate.Errorf(annotate.ECodeEmpty, "Name the annotators to assign documents to.")
	case n < 1:
		return res, annotate.Errorf(annotate.ECodeInvalid, "Give each document to at least 1 annotator, not %d.", n)
	case n > len(names):
		return res, annotate.Errorf(annotate.ECodeInvalid, "Each document cannot go to %d annotators when there are only %d (%s); name more annotators or give each document to fewer.",
			n, len(names), strings.Join(names, ", "))
	}
	var got AssignResult
	if err := db.inTx(ctx, "assign documents", db.assignTx(ctx, names, opts, &got)); err != nil {
		return AssignResult{Annotators: names, Added: map[string]int{}, Queued: map[string]int{}}, err
	}
	return got, nil
}

// assignTx is Assign's transaction, which sets *out to what it did.
// On PostgreSQL inTx runs it again after a collision, so it counts in
// its own variables and sets *out only at its end: a run whose
// transaction was rolled back leaves nothing in the next run's counts.
func (db *DB) assignTx(ctx context.Context, names []string, opts AssignOptions, out *AssignResult) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		if opts.Replace {
			// The trash's too: a deleted document brought back later
			// would otherwise return to the queues of the old routing.
			for _, t := range []string{"assignments", "trash_assignments"} {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
					return err
				}
			}
		}
		have, load, err := currentAssignments(ctx, tx, names)
		if err != nil {
			return err
		}
		last, err := lastPositions(ctx, tx)
		if err != nil {
			return err
		}
		docs, err := int64s(ctx, tx, "SELECT id FROM documents ORDER BY id")
		if err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, "INSERT INTO assignments (document_id, annotator, position, assigned) VALUES (?, ?, ?, ?)")
		if err != nil {
			return err
		}
		defer ins.Close()
		added, documents := map[string]int{}, 0
		at := nanos(db.Now())
		for _, id := range docs {
			pick := pickAssignees(names, have[id], load, opts.PerDocument)
			for _, a := range pick {
				last[a]++
				if _, err := ins.ExecContext(ctx, id, a, last[a], at); err != nil {
					return err
				}
				load[a]++
				added[a]++
			}
			if len(pick) > 0 {
				documents++
			}
		}
		queued, err := queueLengths(ctx, tx)
		if err != nil {
			return err
		}
		*out = AssignResult{Annotators: names, Documents: documents, Total: len(docs), Added: added, Queued: queued}
		return nil
	}
}

// assignees trims, checks, sorts and deduplicates names.
func assignees(names []string) ([]string, error) {
	var out []string
	for _, a := range names {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if err := annotate.ValidateAnnotator(a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// pickAssignees returns the perDoc-len(has) annotators of names, not in
// has, with the least load, ties to the first name. Everyone already
// assigned counts toward perDoc, named in names or not: a re-run keeps
// the work of someone who has left the team.
func pickAssignees(names, has []string, load map[string]int, perDoc int) []string {
	need := perDoc - len(has)
	if need <= 0 {
		return nil
	}
	var cands []string
	for _, a := range names {
		if !slices.Contains(has, a) {
			cands = append(cands, a)
		}
	}
	// names is sorted and the sort is stable: equal loads keep name order.
	slices.SortStableFunc(cands, func(a, b string) int { return load[a] - load[b] })
	return cands[:min(need, len(cands))]
}

// currentAssignments reads who has each document (trashed ones left
// out) and how many documents each of names has.
func currentAssignments(ctx context.Context, tx *sql.Tx, names []string) (map[int64][]string, map[string]int, error) {
	have := map[int64][]string{}
	load := map[string]int{}
	for _, a := range names {
		load[a] = 0
	}
	rows, err := tx.QueryContext(ctx, "SELECT a.document_id, a.annotator FROM assignments a JOIN documents d ON d.id = a.document_id")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a string
		if err := rows.Scan(&id, &a); err != nil {
			return nil, nil, err
		}
		have[id] = append(have[id], a)
		if _, ok := load[a]; ok {
			load[a]++
		}
	}
	return have, load, rows.Err()
}

// lastPositions is the last queue position each annotator has used,
// in the trash too: a document restored from it keeps its position, so
// a new one after it must not take that position.
func lastPositions(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	last := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT annotator, max(position) FROM (
		SELECT annotator, position FROM assignments UNION ALL SELECT annotator, position FROM trash_assignments) p
		GROUP BY annotator`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var p int64
		if err := rows.Scan(&a, &p); err != nil {
			return nil, err
		}
		last[a] = p
	}
	return last, rows.Err()
}

// queueLengths counts each annotator's assigned documents, trashed ones
// left out.
func queueLengths(ctx context.Context, q queryer) (map[string]int, error) {
	n := map[string]int{}
	rows, err := q.QueryContext(ctx, "SELECT a.annotator, count(*) FROM assignments a JOIN documents d ON d.id = a.document_id GROUP BY a.annotator")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var k int
		if err := rows.Scan(&a, &k); err != nil {
			return nil, err
		}
		n[a] = k
	}
	return n, rows.Err()
}

// int64s runs a query whose rows are one integer each.
func int64s(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AssignedAnnotators lists, sorted, everyone who has a queue.
func (db *DB) AssignedAnnotators(ctx context.Context) ([]string, error) {
	return db.names(ctx, "list assigned annotators", "SELECT DISTINCT annotator FROM assignments ORDER BY annotator")
}

// Queue returns annotator's queue in its order, with their status on
// each document, and how many of them are finished (done or skipped, as
// Progress counts). It is empty when annotator has no assignments: they
// work on every document (ListDocuments).
func (db *DB) Queue(ctx context.Context, annotator string) (docs []DocSummary, done int, err error) {
	rows, err := db.r.QueryContext(ctx, `SELECT d.id, d.title, d.length, s.status
		FROM assignments a JOIN documents d ON d.id = a.document_id
		LEFT JOIN statuses s ON s.document_id = a.document_id AND s.annotator = a.annotator
		WHERE a.annotator = ? ORDER BY a.position, a.document_id`, annotator)
	if err != nil {
		return nil, 0, readErr("read the queue", err)
	}
	defer rows.Close()
	for rows.Next() {
		d := DocSummary{Status: annotate.StatusTodo}
		var st sql.NullString
		if err := rows.Scan(&d.ID, &d.Title, &d.Length, &st); err != nil {
			return nil, 0, readErr("read the queue", err)
		}
		if st.Valid {
			d.Status = annotate.Status(st.String)
		}
		if d.Status == annotate.StatusDone || d.Status == annotate.StatusSkipped {
			done++
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, readErr("read the queue", err)
	}
	return docs, done, nil
}

// QueueCount is one annotator's progress through their queue.
type QueueCount struct {
	// Assigned counts the documents in the queue; Done and Skipped those
	// the annotator marked so.
	Assigned, Done, Skipped int
}

// queueCounts counts every queue's progress, for Stats; nil when there
// are no queues.
func queueCounts(ctx context.Context, q queryer) (map[string]QueueCount, error) {
	var out map[string]QueueCount
	rows, err := q.QueryContext(ctx, `SELECT a.annotator, count(*),
		sum(CASE WHEN s.status = 'done' THEN 1 ELSE 0 END), sum(CASE WHEN s.status = 'skipped' THEN 1 ELSE 0 END)
		FROM assignments a JOIN documents d ON d.id = a.document_id
		LEFT JOIN statuses s ON s.document_id = a.document_id AND s.annotator = a.annotator
		GROUP BY a.annotator`)
	if err != nil {
		return nil, readErr("stats", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var c QueueCount
		if err := rows.Scan(&a, &c.Assigned, &c.Done, &c.Skipped); err != nil {
			return nil, readErr("stats", err)
		}
		if out == nil {
			out = map[string]QueueCount{}
		}
		out[a] = c
	}
	if err := rows.Err(); err != nil {
		return nil, readErr("stats", err)
	}
	return out, nil
}
