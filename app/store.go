package app

import (
	"context"

	"hashiya/annotate"
	"hashiya/storage"
)

// Store is what the workspace needs from the database. It is declared
// here, where it is used, so that tests can hand the workspace a fake that
// fails on demand; *storage.DB is the real one.
//
// Every method may block on disk I/O, so the workspace calls them only off
// the UI goroutine (see workspace.run). Errors are *annotate.Error whose
// message is shown to the annotator as it is.
type Store interface {
	Path() string
	Schema(ctx context.Context) (annotate.Schema, error)
	ListDocuments(ctx context.Context, annotator string) ([]storage.DocSummary, error)
	Document(ctx context.Context, id int64) (annotate.Document, error)
	EachDocument(ctx context.Context, fn func(annotate.Document) error) error
	// SearchDocuments returns the IDs of the documents whose text
	// annotate.Search finds query in, from the search index and the
	// texts of the documents not yet in it.
	SearchDocuments(ctx context.Context, query string) ([]int64, error)
	// IndexPending adds up to max of the documents waiting for the
	// search index to it, in one short transaction, and returns how
	// many still wait.
	IndexPending(ctx context.Context, max int) (left int, err error)
	Progress(ctx context.Context, annotator string) (done, total int, err error)
	// Queue returns annotator's queue (hashiya assign) in its order and
	// how many of it they finished; empty when they have none, and then
	// they work on every document.
	Queue(ctx context.Context, annotator string) (docs []storage.DocSummary, done int, err error)
	Status(ctx context.Context, docID int64, annotator string) (annotate.DocStatus, error)
	Annotations(ctx context.Context, docID int64, annotator string) (annotate.Annotations, error)
	SpanAnnotators(ctx context.Context, docID int64) ([]string, error)

	AddSpan(ctx context.Context, s annotate.Span) (annotate.Span, error)
	UpdateSpan(ctx context.Context, s annotate.Span) (annotate.Span, error)
	DeleteSpan(ctx context.Context, annotator string, id int64) error
	AddTarget(ctx context.Context, t annotate.Target) (annotate.Target, error)
	UpdateTarget(ctx context.Context, t annotate.Target) (annotate.Target, error)
	DeleteTarget(ctx context.Context, annotator string, id int64) error
	AddStance(ctx context.Context, s annotate.Stance) (annotate.Stance, error)
	UpdateStance(ctx context.Context, s annotate.Stance) (annotate.Stance, error)
	DeleteStance(ctx context.Context, annotator string, id int64) error
	// AddEvidence makes an evidence span and attaches it to a stance, as
	// one undoable edit.
	AddEvidence(ctx context.Context, stanceID int64, ev annotate.Span) (annotate.Stance, annotate.Span, error)

	SetStatus(ctx context.Context, docID int64, annotator string, status annotate.Status) error
	// MarkStarted moves a document from todo to in progress when the
	// annotator first changes something on it (no undo step).
	MarkStarted(ctx context.Context, docID int64, annotator string) error
	AddActiveTime(ctx context.Context, docID int64, annotator string, seconds float64) error
	// DeleteDocument deletes a document with everyone's work on it, as
	// one undoable edit of annotator's.
	DeleteDocument(ctx context.Context, annotator string, id int64) error
	// SetGuidelines replaces the schema's guidelines (Markdown), in one
	// transaction that leaves the labels alone.
	SetGuidelines(ctx context.Context, md string) error
	// ReplaceSpans deletes annotator's spans remove and adds add on one
	// document, as one undoable edit: a curation step.
	ReplaceSpans(ctx context.Context, annotator string, docID int64, remove []int64, add []annotate.Span) ([]annotate.Span, error)
	// TakeStances changes annotator's layer on one document as
	// annotate.StanceCuration.Take or Plan planned, as one undoable edit.
	TakeStances(ctx context.Context, annotator string, docID int64, take annotate.StanceTake) error
	// CuratorChanges lists annotator's spans the curator left out or changed.
	CuratorChanges(ctx context.Context, annotator, curator string) ([]storage.CuratorChange, error)
	// CuratorStanceChanges lists annotator's stances the curator left
	// out or relabelled.
	CuratorStanceChanges(ctx context.Context, annotator, curator string) ([]annotate.StanceChange, error)
	// HasEdits reports whether annotator ever edited the document, undone
	// edits included.
	HasEdits(ctx context.Context, annotator string, docID int64) (bool, error)
	Undo(ctx context.Context, annotator string) (storage.Edit, error)
	Redo(ctx context.Context, annotator string) (storage.Edit, error)
}

var _ Store = (*storage.DB)(nil)

// serial runs functions one after another on a single goroutine, in the
// order they were queued. Database work goes through it so that two quick
// edits reach the disk in the order the annotator made them, and the UI
// goroutine never waits for the disk.
type serial chan func()

func newSerial() serial {
	s := make(serial, 256)
	go func() {
		for f := range s {
			f()
		}
	}()
	return s
}

// run queues f.
func (s serial) run(f func()) { s <- f }
