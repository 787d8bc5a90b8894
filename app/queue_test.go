package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"hashiya/storage"
)

// listed is the document list as the window shows it: document IDs, in
// order.
func (f *fixture) listed() []int64 {
	var ids []int64
	for _, i := range f.ws.shown {
		ids = append(ids, f.ws.docs[i].ID)
	}
	return ids
}

// TestQueue: once documents are assigned, an annotator's list is their
// queue, Ctrl+Enter goes along it and the progress counts it; someone
// without a queue sees every document, and so does the curator.
func TestQueue(t *testing.T) {
	texts := append(slices.Clone(testTexts), "وصل الوفد إلى دمشق.", "Fifth: the talks in Geneva ended.")
	f := newFixture(t, texts...)
	ctx := context.Background()
	if _, err := f.db.Assign(ctx, storage.AssignOptions{Annotators: []string{annotator, "bilal"}, PerDocument: 1}); err != nil {
		t.Fatal(err)
	}
	prefs := fyne.CurrentApp().Preferences()
	f.session(prefs) // the window reads the queue when it starts
	f.wantNoError()
	if got := f.listed(); !slices.Equal(got, []int64{1, 3, 5}) || f.ws.doc.ID != 1 {
		t.Fatalf("amal's list %v with %d open, want her queue [1 3 5] with 1 open", got, f.ws.doc.ID)
	}
	if f.ws.count.Text != "your queue: done 0 / 3" {
		t.Fatalf("progress %q", f.ws.count.Text)
	}
	for _, want := range []int64{3, 5} {
		f.shortcut(ctrl(fyne.KeyReturn))
		f.wantNoError()
		if f.ws.doc.ID != want {
			t.Fatalf("Ctrl+Enter opened document %d, want %d", f.ws.doc.ID, want)
		}
	}
	f.shortcut(ctrl(fyne.KeyReturn))
	if f.ws.count.Text != "your queue: done 3 / 3" || f.ws.status.msg.Text != "Every document in your queue is done." {
		t.Fatalf("at the end: progress %q, message %q", f.ws.count.Text, f.ws.status.msg.Text)
	}

	// The curator judges every document; leaving curation brings the
	// queue back.
	f.ws.curation.switchTo("gold", []string{annotator, "bilal"})
	f.wantNoError()
	if got := f.listed(); len(got) != 5 || f.ws.count.Text != "done 0 / 5" {
		t.Fatalf("curating: list %v, progress %q", got, f.ws.count.Text)
	}
	f.ws.open(1) // document 2, not in amal's queue
	f.ws.curation.stop()
	f.wantNoError()
	if got := f.listed(); !slices.Equal(got, []int64{1, 3, 5}) || f.ws.count.Text != "your queue: done 3 / 3" || f.ws.cur < 0 {
		t.Fatalf("after curation: list %v, progress %q, open %d at %d", got, f.ws.count.Text, f.ws.doc.ID, f.ws.cur)
	}

	// Deleting a queued document takes it out of the queue; undo puts it back.
	f.ws.deleteDocument(3, "")
	f.wantNoError()
	if got := f.listed(); !slices.Equal(got, []int64{1, 5}) {
		t.Fatalf("after deleting 3: %v", got)
	}
	f.shortcut(&fyne.ShortcutUndo{})
	f.wantNoError()
	if got := f.listed(); !slices.Equal(got, []int64{1, 3, 5}) {
		t.Fatalf("after undoing the deletion: %v", got)
	}
}

// TestNoQueueSeesEverything: an annotator with no assignment works as
// before assign existed, while others have queues.
func TestNoQueueSeesEverything(t *testing.T) {
	f := newFixture(t, testTexts...)
	if _, err := f.db.Assign(context.Background(), storage.AssignOptions{Annotators: []string{"bilal"}, PerDocument: 1}); err != nil {
		t.Fatal(err)
	}
	f.session(fyne.CurrentApp().Preferences())
	f.wantNoError()
	if got := f.listed(); !slices.Equal(got, []int64{1, 2, 3}) || f.ws.count.Text != "done 0 / 3" {
		t.Fatalf("list %v, progress %q", got, f.ws.count.Text)
	}
	f.shortcut(ctrl(fyne.KeyReturn))
	if f.ws.doc.ID != 2 {
		t.Fatalf("Ctrl+Enter opened %d, want 2", f.ws.doc.ID)
	}
}

// TestStatsLinesQueues: the window's statistics list each queue's
// progress, as hashiya stats does.
func TestStatsLinesQueues(t *testing.T) {
	st := storage.Stats{Queues: map[string]storage.QueueCount{"amal": {Assigned: 5, Done: 2, Skipped: 1}}}
	want := "“amal”'s queue: 5 assigned, done 2, skipped 1, left 2"
	if lines := statsLines(st); !slices.Contains(lines, want) {
		t.Errorf("lines %q lack %q", lines, want)
	}
}

// TestCurationRestartSeesEverything: a curator who has a queue of their
// own judges every document, after a restart in curation mode too.
func TestCurationRestartSeesEverything(t *testing.T) {
	texts := append(slices.Clone(testTexts), "وصل الوفد إلى دمشق.", "Fifth: the talks in Geneva ended.")
	f := newFixture(t, texts...)
	if _, err := f.db.Assign(context.Background(), storage.AssignOptions{Annotators: []string{annotator, "bilal"}, PerDocument: 1}); err != nil {
		t.Fatal(err)
	}
	prefs := fyne.CurrentApp().Preferences()
	f.session(prefs)
	f.ws.curation.switchTo("bilal", []string{annotator, "bilal"})
	f.wantNoError()
	if got := f.listed(); len(got) != 5 {
		t.Fatalf("curating as bilal: list %v", got)
	}
	f.session(prefs)
	f.wantNoError()
	if !f.ws.curation.on() || f.ws.annotator != "bilal" {
		t.Fatalf("after a restart: curating %v as %q", f.ws.curation.on(), f.ws.annotator)
	}
	if got := f.listed(); len(got) != 5 || f.ws.count.Text != "done 0 / 5" {
		t.Fatalf("after a restart in curation: list %v, progress %q", got, f.ws.count.Text)
	}
}

// TestOpenOutsideTheQueue: a dialog's document that is not in the
// annotator's queue is not opened, and the status bar says why, rather
// than calling it deleted.
func TestOpenOutsideTheQueue(t *testing.T) {
	f := newFixture(t, testTexts...)
	if _, err := f.db.Assign(context.Background(), storage.AssignOptions{Annotators: []string{annotator, "bilal"}, PerDocument: 1}); err != nil {
		t.Fatal(err)
	}
	f.session(fyne.CurrentApp().Preferences())
	f.wantNoError()
	open := f.ws.doc.ID
	if f.ws.openByID(2) || f.ws.doc.ID != open {
		t.Fatalf("document 2, bilal's, opened for amal")
	}
	if got := f.ws.status.msg.Text; !strings.Contains(got, "not in your queue") {
		t.Fatalf("status %q", got)
	}
}
