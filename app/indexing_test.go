package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// pendingCount is how many documents wait for the search index.
func (f *fixture) pendingCount() int {
	f.t.Helper()
	n, err := f.db.IndexPending(context.Background(), 0)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// jobQueue is a workspace queue the test runs a job at a time.
type jobQueue struct{ jobs []func() }

func (q *jobQueue) run(f func()) { q.jobs = append(q.jobs, f) }

// next runs the oldest queued job.
func (q *jobQueue) next(t *testing.T) {
	t.Helper()
	if len(q.jobs) == 0 {
		t.Fatal("no job queued")
	}
	f := q.jobs[0]
	q.jobs = q.jobs[1:]
	f()
}

// TestIndexingFollowsChanges: the documents an import, a merge or an
// undone deletion leave waiting for the search index are indexed once
// the window is open (an import or a merge reopens the workspace).
func TestIndexingFollowsChanges(t *testing.T) {
	f := newFixture(t, testTexts...)
	steps := []struct {
		name string
		do   func()
	}{
		{"opened", func() {}},
		{"deleted", func() { f.ws.deleteDocument(f.ws.doc.ID, "") }},
		{"deletion undone", func() { f.shortcut(&fyne.ShortcutUndo{}) }},
		{"reopened", func() { f.session(fyne.CurrentApp().Preferences()) }},
	}
	for _, s := range steps {
		s.do()
		f.wantNoError()
		if n := f.pendingCount(); n != 0 {
			t.Errorf("%s: %d documents wait for the index", s.name, n)
		}
	}
	if got, err := f.db.SearchDocuments(context.Background(), "جرائم"); err != nil || len(got) != 1 {
		t.Fatalf("search after indexing: %v, %v", got, err)
	}
}

// TestIndexingLetsEditsThrough: the indexing is a batch per queued job,
// so an edit queued while it runs waits for one batch, not for all of
// them, and closing the workspace stops it.
func TestIndexingLetsEditsThrough(t *testing.T) {
	test.NewTempApp(t)
	f := &fixture{t: t, db: openTestDB(t, testTexts...)}
	f.store = &flakyStore{DB: f.db}
	var q jobQueue
	win := test.NewTempWindow(t, nil)
	ws := newWorkspace(context.Background(), win, fyne.CurrentApp().Preferences(), f.store, annotator, newTestText, q.run)
	ws.indexBatch = 1
	win.SetContent(ws.content())
	ws.start()
	q.next(t) // the document list and the first document
	q.next(t) // one batch, which queues the next
	if n := f.pendingCount(); n != 2 {
		t.Fatalf("after one batch %d wait, want 2", n)
	}
	waited := -1
	ws.run(func() { waited = f.pendingCount() })
	for len(q.jobs) > 0 && waited < 0 {
		q.next(t)
	}
	if waited != 1 {
		t.Errorf("the edit ran with %d documents waiting, want 1 (after one more batch)", waited)
	}
	ws.stopIndexing()
	for len(q.jobs) > 0 {
		q.next(t)
	}
	if n := f.pendingCount(); n != 1 {
		t.Errorf("after stopping %d wait, want 1", n)
	}
	if ws.indexing {
		t.Error("still marked as indexing once stopped")
	}
}

// TestIndexingErrorIsShown: a batch that fails says why in the status
// bar and ends the indexing rather than retrying for ever.
func TestIndexingErrorIsShown(t *testing.T) {
	test.NewTempApp(t)
	db := openTestDB(t, testTexts...)
	store := &flakyStore{DB: db}
	store.failOn("IndexPending", errDiskFull)
	win := test.NewTempWindow(t, nil)
	ws := newWorkspace(context.Background(), win, fyne.CurrentApp().Preferences(), store, annotator, newTestText, syncRun)
	win.SetContent(ws.content())
	ws.start()
	if ws.status.lastErr != errDiskFull.Message || ws.indexing {
		t.Fatalf("status %q, indexing %v", ws.status.lastErr, ws.indexing)
	}
	// The next change that leaves documents waiting tries again.
	store.heal()
	ws.indexPending()
	if n, err := db.IndexPending(context.Background(), 0); err != nil || n != 0 {
		t.Fatalf("%d wait after trying again: %v", n, err)
	}
}
