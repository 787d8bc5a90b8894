package storage

import (
	"context"
	"slices"
	"testing"

	"hashiya/annotate"
)

// indexState returns the documents in the search index and those
// waiting for it, each in ID order.
func indexState(t *testing.T, db *DB) (indexed, pending []int64) {
	t.Helper()
	for _, q := range []struct {
		query string
		ids   *[]int64
	}{
		// A contentless table still lists its rowids.
		{"SELECT rowid FROM search ORDER BY rowid", &indexed},
		{"SELECT document_id FROM search_pending ORDER BY document_id", &pending},
	} {
		rows, err := db.r.Query(q.query)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			*q.ids = append(*q.ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return indexed, pending
}

// checkSearchExact fails unless every search case finds exactly the
// live documents annotate.Search finds it in, and every live document is
// either indexed or pending, never both, and nothing else is either.
func checkSearchExact(t *testing.T, db *DB, step string, texts map[int64]string) {
	t.Helper()
	ctx := context.Background()
	var live []int64
	for id := range texts {
		live = append(live, id)
	}
	slices.Sort(live)
	for _, c := range searchCases {
		got, err := db.SearchDocuments(ctx, c.query)
		if err != nil {
			t.Fatalf("%s: %q: %v", step, c.query, err)
		}
		var want []int64
		for _, id := range live {
			if len(annotate.Search(annotate.FreezeText(texts[id]), c.query)) > 0 {
				want = append(want, id)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q finds %v, annotate.Search finds hits in %v", step, c.query, got, want)
		}
	}
	indexed, pending := indexState(t, db)
	both := slices.Sorted(slices.Values(append(slices.Clone(indexed), pending...)))
	if !slices.Equal(both, live) {
		t.Errorf("%s: indexed %v + pending %v, want each of the live documents %v once", step, indexed, pending, live)
	}
}

// TestSearchPending: with documents waiting to be indexed, after every
// kind of change that adds or removes documents and at every stage of
// indexing them, search finds what annotate.Search finds, and a
// document is in the index or waiting for it exactly while it is live.
func TestSearchPending(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	im, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	if err := im.UndoableBy("amal"); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, text := range searchTexts {
		id, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(text)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	texts := map[int64]string{}
	for i, id := range ids {
		texts[id] = searchTexts[i]
	}
	live := func(is ...int) map[int64]string {
		m := map[int64]string{}
		for _, i := range is {
			m[ids[i]] = texts[ids[i]]
		}
		return m
	}
	index := func(n, left int) func() error {
		return func() error {
			got, err := db.IndexPending(ctx, n)
			if err == nil && got != left {
				t.Errorf("IndexPending(%d) leaves %d, want %d", n, got, left)
			}
			return err
		}
	}
	undo := func() error { _, err := db.Undo(ctx, "amal"); return err }
	redo := func() error { _, err := db.Redo(ctx, "amal"); return err }
	del := func(i int) func() error { return func() error { return db.DeleteDocument(ctx, "amal", ids[i]) } }
	steps := []struct {
		name string
		do   func() error
		live map[int64]string
	}{
		{"imported, nothing indexed", func() error { return nil }, live(0, 1, 2, 3, 4)},
		{"counted only", index(0, 5), live(0, 1, 2, 3, 4)},
		{"two indexed", index(2, 3), live(0, 1, 2, 3, 4)},
		{"pending one deleted", del(4), live(0, 1, 2, 3)},
		{"indexed one deleted", del(0), live(1, 2, 3)},
		{"indexed deletion undone", undo, live(0, 1, 2, 3)},
		{"pending deletion undone", undo, live(0, 1, 2, 3, 4)},
		{"one more indexed", index(1, 3), live(0, 1, 2, 3, 4)},
		{"import undone half indexed", undo, live()},
		{"nothing to index", index(10, 0), live()},
		{"import redone", redo, live(0, 1, 2, 3, 4)},
		{"three indexed", index(3, 2), live(0, 1, 2, 3, 4)},
		{"all indexed", index(500, 0), live(0, 1, 2, 3, 4)},
		{"import undone all indexed", undo, live()},
		{"import redone again", redo, live(0, 1, 2, 3, 4)},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		checkSearchExact(t, db, s.name, s.live)
	}
}

// TestSearchPendingMerged: a merge's new documents wait for the index
// and are found meanwhile.
func TestSearchPendingMerged(t *testing.T) {
	ctx := context.Background()
	a, b := openTemp(t), openTemp(t)
	ida := addDocs(t, a, searchTexts[0])
	if _, err := a.IndexPending(ctx, 10); err != nil {
		t.Fatal(err)
	}
	addDocs(t, b, searchTexts...)
	if _, err := a.Merge(ctx, []*DB{b}, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	_, pending := indexState(t, a)
	if len(pending) != len(searchTexts)-1 || slices.Contains(pending, ida[0]) {
		t.Errorf("after the merge %v wait for the index, want the %d new documents", pending, len(searchTexts)-1)
	}
	texts := map[int64]string{}
	if err := a.EachDocument(ctx, func(d annotate.Document) error { texts[d.ID] = d.Text; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(texts) != len(searchTexts) {
		t.Fatalf("%d documents after the merge, want %d", len(texts), len(searchTexts))
	}
	checkSearchExact(t, a, "merged", texts)
	if _, err := a.IndexPending(ctx, 100); err != nil {
		t.Fatal(err)
	}
	checkSearchExact(t, a, "merged and indexed", texts)
}

// TestIndexPendingCancelled: a cancelled IndexPending indexes nothing
// and leaves every document waiting.
func TestIndexPendingCancelled(t *testing.T) {
	db := openTemp(t)
	addDocs(t, db, searchTexts...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.IndexPending(ctx, 100); err == nil {
		t.Fatal("a cancelled IndexPending succeeded")
	}
	if indexed, pending := indexState(t, db); len(indexed) != 0 || len(pending) != len(searchTexts) {
		t.Errorf("after a cancelled IndexPending: indexed %v, pending %v", indexed, pending)
	}
}
