package app

import (
	"context"
	"fyne.io/fyne/v2"
	"sync"
	"testing"

	"hashiya/annotate"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

// flakyStore is the real database with failures injected per method, so
// tests see both the happy path through real storage and what the UI
// does when a write is refused.
type flakyStore struct {
	*storage.DB
	mu   sync.Mutex
	fail map[string]error
}

func (s *flakyStore) failOn(method string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail == nil {
		s.fail = map[string]error{}
	}
	s.fail[method] = err
}

func (s *flakyStore) heal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = nil
}

func (s *flakyStore) err(method string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fail[method]
}

func (s *flakyStore) AddSpan(ctx context.Context, sp annotate.Span) (annotate.Span, error) {
	if err := s.err("AddSpan"); err != nil {
		return annotate.Span{}, err
	}
	return s.DB.AddSpan(ctx, sp)
}

func (s *flakyStore) UpdateSpan(ctx context.Context, sp annotate.Span) (annotate.Span, error) {
	if err := s.err("UpdateSpan"); err != nil {
		return annotate.Span{}, err
	}
	return s.DB.UpdateSpan(ctx, sp)
}

func (s *flakyStore) DeleteSpan(ctx context.Context, annotator string, id int64) error {
	if err := s.err("DeleteSpan"); err != nil {
		return err
	}
	return s.DB.DeleteSpan(ctx, annotator, id)
}

func (s *flakyStore) SetStatus(ctx context.Context, docID int64, annotator string, st annotate.Status) error {
	if err := s.err("SetStatus"); err != nil {
		return err
	}
	return s.DB.SetStatus(ctx, docID, annotator, st)
}

func (s *flakyStore) AddStance(ctx context.Context, st annotate.Stance) (annotate.Stance, error) {
	if err := s.err("AddStance"); err != nil {
		return annotate.Stance{}, err
	}
	return s.DB.AddStance(ctx, st)
}

func (s *flakyStore) ListDocuments(ctx context.Context, annotator string) ([]storage.DocSummary, error) {
	if err := s.err("ListDocuments"); err != nil {
		return nil, err
	}
	return s.DB.ListDocuments(ctx, annotator)
}

func (s *flakyStore) Undo(ctx context.Context, annotator string) (storage.Edit, error) {
	if err := s.err("Undo"); err != nil {
		return storage.Edit{}, err
	}
	return s.DB.Undo(ctx, annotator)
}

// errDiskFull is what storage reports when the disk is full.
var errDiskFull = annotate.Errorf(annotate.ECodeIO, "Could not save: the disk is full. Free some space; nothing was lost.")

// openTestDB makes a database in a temporary folder holding texts.
func openTestDB(t testing.TB, texts ...string) *storage.DB {
	t.Helper()
	db, err := storage.Open(storagetest.Name(t, "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	im, err := db.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	for _, text := range texts {
		text = annotate.FreezeText(text)
		if _, _, err := im.AddDocument(annotate.Document{Text: text, InputHash: annotate.HashText(text), Source: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

// testText is the text view the tests drive: the real one.
type testText = textArea

func newTestText(h viewHooks) textView { return newTextView(h) }

func (t *textArea) marks() []mark { return t.last }
func (t *textArea) size() float32 { return t.textSize }

// focusedIs reports whether the text view has the keyboard focus.
func focusedIs(win fyne.Window, t textView) bool {
	f, ok := t.Object().(fyne.Focusable)
	return ok && win.Canvas().Focused() == f
}

func (s *flakyStore) MarkStarted(ctx context.Context, docID int64, annotator string) error {
	if err := s.err("MarkStarted"); err != nil {
		return err
	}
	return s.DB.MarkStarted(ctx, docID, annotator)
}

func (s *flakyStore) SearchDocuments(ctx context.Context, query string) ([]int64, error) {
	if err := s.err("SearchDocuments"); err != nil {
		return nil, err
	}
	return s.DB.SearchDocuments(ctx, query)
}

func (s *flakyStore) EachDocument(ctx context.Context, fn func(annotate.Document) error) error {
	if err := s.err("EachDocument"); err != nil {
		return err
	}
	return s.DB.EachDocument(ctx, fn)
}

func (s *flakyStore) IndexPending(ctx context.Context, max int) (int, error) {
	if err := s.err("IndexPending"); err != nil {
		return 0, err
	}
	return s.DB.IndexPending(ctx, max)
}
