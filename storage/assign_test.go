package storage

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"hashiya/annotate"
)

// addNumbered imports n distinct Arabic documents, numbered from first.
func addNumbered(t *testing.T, db *DB, first, n int) []int64 {
	t.Helper()
	var texts []string
	for i := first; i < first+n; i++ {
		texts = append(texts, fmt.Sprintf("الخبر رقم %d من حلب 😀.", i))
	}
	return addDocs(t, db, texts...)
}

// queues reads every annotator's queue as document IDs, in queue order.
func queues(t *testing.T, db *DB, names []string) map[string][]int64 {
	t.Helper()
	out := map[string][]int64{}
	for _, a := range names {
		docs, _, err := db.Queue(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			out[a] = append(out[a], d.ID)
		}
	}
	return out
}

// assignees inverts queues: who has each document.
func assigneesOf(q map[string][]int64) map[int64][]string {
	out := map[int64][]string{}
	for _, a := range slices.Sorted(maps.Keys(q)) {
		for _, id := range q[a] {
			out[id] = append(out[id], a)
		}
	}
	return out
}

func TestAssign(t *testing.T) {
	tests := []struct {
		name       string
		docs       int
		annotators []string
		perDoc     int
		// then, if set, imports more documents and assigns again.
		thenDocs       int
		thenAnnotators []string
		thenReplace    bool
		// wantLoad is each annotator's queue length at the end.
		wantLoad map[string]int
	}{
		{name: "one each", docs: 7, annotators: []string{"c", "a", "b"}, perDoc: 1,
			wantLoad: map[string]int{"a": 3, "b": 2, "c": 2}},
		{name: "two each", docs: 5, annotators: []string{"a", "b", "c"}, perDoc: 2,
			wantLoad: map[string]int{"a": 4, "b": 3, "c": 3}},
		{name: "everyone", docs: 4, annotators: []string{"هدى", "amal"}, perDoc: 2,
			wantLoad: map[string]int{"amal": 4, "هدى": 4}},
		{name: "names repeated and padded", docs: 4, annotators: []string{" a", "b", "a "}, perDoc: 1,
			wantLoad: map[string]int{"a": 2, "b": 2}},
		{name: "re-run after an import", docs: 4, annotators: []string{"a", "b"}, perDoc: 1,
			thenDocs: 3, thenAnnotators: []string{"a", "b"},
			wantLoad: map[string]int{"a": 4, "b": 3}},
		{name: "re-run with a newcomer", docs: 6, annotators: []string{"a", "b"}, perDoc: 1,
			thenDocs: 6, thenAnnotators: []string{"a", "b", "c"},
			// a and b keep their 3 each; the 6 new go to c first.
			wantLoad: map[string]int{"a": 4, "b": 4, "c": 4}},
		{name: "replace with a newcomer", docs: 6, annotators: []string{"a", "b"}, perDoc: 2,
			thenAnnotators: []string{"a", "b", "c"}, thenReplace: true,
			wantLoad: map[string]int{"a": 4, "b": 4, "c": 4}},
		{name: "no documents", docs: 0, annotators: []string{"a"}, perDoc: 1,
			wantLoad: map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			run := func() (*DB, map[string][]int64, map[string][]int64) {
				db := openTemp(t)
				addNumbered(t, db, 0, tt.docs)
				names := []string{"a", "b", "c", "amal", "هدى"}
				if _, err := db.Assign(ctx, AssignOptions{Annotators: tt.annotators, PerDocument: tt.perDoc}); err != nil {
					t.Fatal(err)
				}
				first := queues(t, db, names)
				if tt.thenAnnotators != nil {
					addNumbered(t, db, tt.docs, tt.thenDocs)
					if _, err := db.Assign(ctx, AssignOptions{Annotators: tt.thenAnnotators, PerDocument: tt.perDoc, Replace: tt.thenReplace}); err != nil {
						t.Fatal(err)
					}
				}
				return db, first, queues(t, db, names)
			}
			db, first, got := run()
			// Deterministic: a second database built the same way gets
			// the same queues, in the same order.
			if _, _, again := run(); !maps.EqualFunc(got, again, slices.Equal) {
				t.Errorf("not deterministic:\n%v\n%v", got, again)
			}
			load := map[string]int{}
			for a, q := range got {
				load[a] = len(q)
			}
			if !maps.Equal(load, tt.wantLoad) {
				t.Errorf("loads %v, want %v (queues %v)", load, tt.wantLoad, got)
			}
			// Every document has exactly perDoc distinct assignees.
			n, _ := db.DocumentCount(ctx)
			by := assigneesOf(got)
			for id := int64(1); id <= int64(n); id++ {
				if len(by[id]) != tt.perDoc {
					t.Errorf("document %d goes to %v, want %d annotators", id, by[id], tt.perDoc)
				}
			}
			// A re-run keeps the first run's queues as their start;
			// only a replace may change them.
			for a, q := range first {
				if !tt.thenReplace && !slices.Equal(got[a][:len(q)], q) {
					t.Errorf("%s's queue went from %v to %v", a, q, got[a])
				}
			}
			// Queues are in document order: positions only grow.
			for a, q := range got {
				if !tt.thenReplace && !slices.IsSorted(q) {
					t.Errorf("%s's queue %v is not in document order", a, q)
				}
			}
		})
	}
}

// TestAssignBalanced checks the promise itself on many sizes: starting
// from nothing, every queue is within one document of the others.
func TestAssignBalanced(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	addNumbered(t, db, 0, 23)
	names := []string{"a", "b", "c", "d", "e"}
	for k := 1; k <= len(names); k++ {
		for per := 1; per <= k; per++ {
			res, err := db.Assign(ctx, AssignOptions{Annotators: names[:k], PerDocument: per, Replace: true})
			if err != nil {
				t.Fatal(err)
			}
			lo, hi := 1<<30, 0
			total := 0
			for _, a := range names[:k] {
				lo, hi = min(lo, res.Queued[a]), max(hi, res.Queued[a])
				total += res.Added[a]
			}
			if hi-lo > 1 || total != 23*per || res.Documents != 23 {
				t.Errorf("%d annotators, %d per document: queues %v (added %d, documents %d)", k, per, res.Queued, total, res.Documents)
			}
		}
	}
}

// TestAssignRetryCounts runs Assign's transaction as inTx runs it after
// a PostgreSQL collision: first runs whose transactions are rolled
// back, then the one that commits. The result counts what the committed
// run did, once, as a single Assign would.
func TestAssignRetryCounts(t *testing.T) {
	names := []string{"amal", "huda", "zaid"}
	tests := []struct {
		name     string
		lost     int // runs rolled back before the one that commits
		assigned int // documents given to amal and huda first, without Replace
		opts     AssignOptions
		want     AssignResult
	}{
		{"no retry", 0, 0, AssignOptions{Annotators: names, PerDocument: 1},
			AssignResult{Annotators: names, Documents: 7, Total: 7,
				Added: map[string]int{"amal": 3, "huda": 2, "zaid": 2}, Queued: map[string]int{"amal": 3, "huda": 2, "zaid": 2}}},
		{"one retry", 1, 0, AssignOptions{Annotators: names, PerDocument: 2},
			AssignResult{Annotators: names, Documents: 7, Total: 7,
				Added: map[string]int{"amal": 5, "huda": 5, "zaid": 4}, Queued: map[string]int{"amal": 5, "huda": 5, "zaid": 4}}},
		{"two retries, replace", 2, 4, AssignOptions{Annotators: names, PerDocument: 1, Replace: true},
			AssignResult{Annotators: names, Documents: 7, Total: 7,
				Added: map[string]int{"amal": 3, "huda": 2, "zaid": 2}, Queued: map[string]int{"amal": 3, "huda": 2, "zaid": 2}}},
		// Only the documents not yet assigned are counted, every run.
		{"retry, adding", 1, 4, AssignOptions{Annotators: names, PerDocument: 1},
			AssignResult{Annotators: names, Documents: 3, Total: 7,
				Added: map[string]int{"amal": 1, "zaid": 2}, Queued: map[string]int{"amal": 3, "huda": 2, "zaid": 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTemp(t)
			addNumbered(t, db, 1, tt.assigned)
			if tt.assigned > 0 {
				if _, err := db.Assign(ctx, AssignOptions{Annotators: names[:2], PerDocument: 1}); err != nil {
					t.Fatal(err)
				}
			}
			addNumbered(t, db, 100, 7-tt.assigned)
			var got AssignResult
			run := db.assignTx(ctx, names, tt.opts, &got)
			for i := 0; i < tt.lost; i++ {
				tx, err := db.w.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := run(tx); err != nil {
					t.Fatal(err)
				}
				tx.Rollback()
			}
			if err := db.inTx(ctx, "assign documents", run); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("after %d lost runs:\n got %+v\nwant %+v", tt.lost, got, tt.want)
			}
			if q := queueLengthsOf(t, db, names); !reflect.DeepEqual(q, tt.want.Queued) {
				t.Errorf("queues %v, want %v", q, tt.want.Queued)
			}
		})
	}
}

// queueLengthsOf is each of names' queue length as Queue reads it.
func queueLengthsOf(t *testing.T, db *DB, names []string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for a, q := range queues(t, db, names) {
		out[a] = len(q)
	}
	return out
}

func TestAssignErrors(t *testing.T) {
	tests := []struct {
		name       string
		annotators []string
		perDoc     int
		code       annotate.Code
		message    string
	}{
		{"more than there are", []string{"a", "b"}, 3, annotate.ECodeInvalid, "only 2 (a, b)"},
		{"more than there are, repeated", []string{"a", "a"}, 2, annotate.ECodeInvalid, "only 1 (a)"},
		{"zero", []string{"a"}, 0, annotate.ECodeInvalid, "at least 1"},
		{"nobody", []string{" ", ""}, 1, annotate.ECodeEmpty, "Name the annotators"},
		{"control character", []string{"a\x1b[2J"}, 1, annotate.ECodeInvalid, "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTemp(t)
			addNumbered(t, db, 0, 3)
			if _, err := db.Assign(ctx, AssignOptions{Annotators: []string{"x"}, PerDocument: 1}); err != nil {
				t.Fatal(err)
			}
			_, err := db.Assign(ctx, AssignOptions{Annotators: tt.annotators, PerDocument: tt.perDoc, Replace: true})
			wantCode(t, err, tt.code)
			if msg := annotate.ErrorMessage(err); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q lacks %q", msg, tt.message)
			}
			// Nothing changed: x keeps every document.
			if q := queues(t, db, []string{"x"}); len(q["x"]) != 3 {
				t.Errorf("after a refused assign x has %v", q["x"])
			}
		})
	}
}

// TestQueueFollowsTrash: a deleted document leaves the queues and comes
// back, in its old place, when the deletion is undone; a document
// assigned meanwhile goes after it.
func TestQueueFollowsTrash(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ids := addNumbered(t, db, 0, 4)
	if _, err := db.Assign(ctx, AssignOptions{Annotators: []string{"a"}, PerDocument: 1}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, ids[1], "a", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDocument(ctx, "a", ids[3]); err != nil {
		t.Fatal(err)
	}
	if q := queues(t, db, []string{"a"})["a"]; !slices.Equal(q, ids[:3]) {
		t.Errorf("after deleting %d: queue %v", ids[3], q)
	}
	more := addNumbered(t, db, 10, 1)
	if _, err := db.Assign(ctx, AssignOptions{Annotators: []string{"a"}, PerDocument: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(ids), more...)
	docs, done, err := db.Queue(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, d := range docs {
		got = append(got, d.ID)
	}
	if !slices.Equal(got, want) || done != 1 || docs[1].Status != annotate.StatusDone {
		t.Errorf("after undoing the deletion: queue %v (%d done, %v), want %v with 1 done", got, done, docs, want)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := st.Queues["a"]; c != (QueueCount{Assigned: 5, Done: 1}) {
		t.Errorf("stats queue %+v", c)
	}
	if names, err := db.AssignedAnnotators(ctx); err != nil || !slices.Equal(names, []string{"a"}) {
		t.Errorf("AssignedAnnotators = %v, %v", names, err)
	}
}
