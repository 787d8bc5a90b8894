package app

import "fyne.io/fyne/v2"

// Imports, merges and undone deletions leave their documents waiting for
// the search index (storage migration 6): indexing them in the same
// transaction was half the cost of a large import or merge. The
// workspace indexes them in the background, a batch per job on its
// queue, so an edit made meanwhile waits for one batch at most and still
// reaches the disk in order; searching is exact all along, only slower
// until the index has them.

// indexBatch is how many documents one queued job indexes: at most
// 0.21 s for 500 news articles on the shared 2-core build machine at
// load 2.5, 0.8 s at load 5 (storage.BenchmarkIndexPending).
const indexBatch = 500

// indexPending starts indexing the documents waiting for the search
// index, unless that is under way already or the workspace is gone.
// It runs on the UI goroutine, which alone touches w.indexing.
func (w *workspace) indexPending() {
	if w.indexing || w.indexCtx.Err() != nil {
		return
	}
	w.indexing = true
	w.run(w.indexStep)
}

// indexStep indexes one batch, then queues the next from the UI
// goroutine: queueing from the queue's own goroutine would block it for
// good were the queue full.
func (w *workspace) indexStep() {
	left, err := 0, w.indexCtx.Err()
	if err == nil {
		left, err = w.store.IndexPending(w.indexCtx, w.indexBatch)
	}
	fyne.Do(func() {
		switch {
		case w.indexCtx.Err() != nil:
			w.indexing = false
		case err != nil:
			w.indexing = false
			w.status.fail(err)
		case left > 0:
			w.run(w.indexStep)
		default:
			w.indexing = false
		}
	})
}

// stopIndexing ends the background indexing once the batch running, if
// any, is done: the workspace is being replaced or the window closed.
// What is left waits for the next workspace.
func (w *workspace) stopIndexing() { w.stopIndex() }
