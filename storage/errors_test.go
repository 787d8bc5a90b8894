package storage

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"hashiya/annotate"

	sqlite3 "modernc.org/sqlite/lib"
)

// fakeSQLiteError stands in for modernc.org/sqlite's *Error, whose fields
// are unexported.
type fakeSQLiteError int

func (e fakeSQLiteError) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e fakeSQLiteError) Code() int     { return int(e) }

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code annotate.Code
		msg  string
	}{
		{"disk full", fakeSQLiteError(sqlite3.SQLITE_FULL), annotate.ECodeIO, "Could not save: the disk is full. Free some space; nothing was lost."},
		{"busy", fakeSQLiteError(sqlite3.SQLITE_BUSY), annotate.ECodeIO, "busy for too long"},
		{"busy snapshot (extended code)", fakeSQLiteError(sqlite3.SQLITE_BUSY | 2<<8), annotate.ECodeIO, "busy for too long"},
		{"read-only", fakeSQLiteError(sqlite3.SQLITE_READONLY), annotate.ECodeIO, "read-only"},
		{"I/O error", fakeSQLiteError(sqlite3.SQLITE_IOERR | 4<<8), annotate.ECodeIO, "the disk reported an error"},
		{"corrupt", fakeSQLiteError(sqlite3.SQLITE_CORRUPT), annotate.ECodeIO, "damaged"},
		{"wrapped", fmt.Errorf("insert: %w", fakeSQLiteError(sqlite3.SQLITE_FULL)), annotate.ECodeIO, "disk is full"},
		{"cancelled", context.Canceled, annotate.ECodeInternal, "cancelled"},
		{"unknown", errors.New("boom"), annotate.ECodeInternal, "internal error (boom)"},
		{"already a sentence", annotate.Errorf(annotate.ECodeNotFound, "Span 3 does not exist."), annotate.ECodeNotFound, "Span 3 does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := writeErr("add span", tt.err)
			wantCode(t, err, tt.code)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q lacks %q", err.Error(), tt.msg)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("the cause is not kept in the chain")
			}
		})
	}
	if writeErr("x", nil) != nil {
		t.Error("writeErr(nil) != nil")
	}
}

// TestBusy holds the write lock in one handle while another, told to wait
// only briefly, tries to save.
func TestBusy(t *testing.T) {
	sqliteOnly(t, "PostgreSQL locks rows, not the database; TestConcurrentAnnotators")
	ctx := context.Background()
	a := openTemp(t)
	docs := addDocs(t, a, sampleTexts[1])
	b := openAt(t, a.Path())
	im := beginImport(t, a)
	// b's writer pool has one connection, so this reaches every write.
	if _, err := b.w.Exec("PRAGMA busy_timeout = 50"); err != nil {
		t.Fatal(err)
	}
	_, err := b.AddSpan(ctx, annotate.Span{DocumentID: docs[0], Start: 0, End: 3, Label: "PER", Annotator: amal})
	wantCode(t, err, annotate.ECodeIO)
	if !strings.Contains(err.Error(), "busy for too long. Try again; nothing was lost.") {
		t.Errorf("message %q", err.Error())
	}
	im.Rollback()
	if _, err := b.AddSpan(ctx, annotate.Span{DocumentID: docs[0], Start: 0, End: 3, Label: "PER", Annotator: amal}); err != nil {
		t.Errorf("after the lock is released: %v", err)
	}
}

// TestReturnedEqualsStored uses the real clock (local zone, monotonic
// reading) and checks that what edits return is what Annotations loads.
func TestReturnedEqualsStored(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	db.Now = time.Now
	doc := addDocs(t, db, sampleTexts[2])[0]
	s, err := db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: 0, End: 6, Label: "PER", Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "Céline", Mentions: []int64{s.ID}, Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: tg.ID, Label: "NEUTRAL", Evidence: []int64{s.ID}, Annotator: amal})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Annotations(ctx, doc, amal)
	if err != nil {
		t.Fatal(err)
	}
	want := annotate.Annotations{Spans: []annotate.Span{s}, Targets: []annotate.Target{tg}, Stances: []annotate.Stance{st}}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("stored\n%+v\nreturned\n%+v", a, want)
	}
	// "Céline" is imported with a combining accent (7 code points); the
	// frozen (NFC) text has it as 6 code points, 7 bytes.
	if s.Text != "C\u00e9line" {
		t.Errorf("span text %q", s.Text)
	}
}
