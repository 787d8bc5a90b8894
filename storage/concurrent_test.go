package storage

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"hashiya/annotate"
)

// TestTwoHandles runs two *DB on one file, as two Hashiya windows would:
// one edits in a loop, in edits that each touch several rows, while the
// other both writes and reads. Writers must wait for each other rather
// than fail, and a reader must never see half an edit: every mention of
// the target is a span that exists.
func TestTwoHandles(t *testing.T) {
	ctx := context.Background()
	a := openTemp(t)
	docs := addDocs(t, a, sampleTexts...)
	b := openAt(t, a.Path())
	text := annotate.FreezeText(sampleTexts[0])
	target, err := a.AddTarget(ctx, annotate.Target{DocumentID: docs[0], Name: "الرئيس", Annotator: "w"})
	if err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(1500 * time.Millisecond)
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	var writes int
	wg.Go(func() {
		// Each round adds a span and mentions it (two edits), and deletes
		// the span before last, which also removes it from the mentions.
		var prev []int64
		for i := 0; time.Now().Before(deadline); i++ {
			s, err := a.AddSpan(ctx, spanAt(docs[0], text, i, "w"))
			if err != nil {
				errs <- err
				return
			}
			prev = append(prev, s.ID)
			target.Mentions = append(target.Mentions, s.ID)
			if target, err = a.UpdateTarget(ctx, target); err != nil {
				errs <- err
				return
			}
			if len(prev) > 2 {
				if err := a.DeleteSpan(ctx, "w", prev[0]); err != nil {
					errs <- err
					return
				}
				target.Mentions = slices.DeleteFunc(target.Mentions, func(id int64) bool { return id == prev[0] })
				prev = prev[1:]
			}
			writes++
			time.Sleep(2 * time.Millisecond) // see below
		}
	})
	var bWrites int
	wg.Go(func() {
		for i := 0; time.Now().Before(deadline); i++ {
			st := []annotate.Status{annotate.StatusInProgress, annotate.StatusDone}[i%2]
			if err := b.SetStatus(ctx, docs[1], "r", st); err != nil {
				errs <- err
				return
			}
			bWrites++
			// SQLite's busy handler polls with growing sleeps, so a writer
			// in a tight loop starves the other one; a pause as short as
			// this (far quicker than any annotator) lets both progress.
			time.Sleep(2 * time.Millisecond)
		}
	})
	var reads int
	wg.Go(func() {
		for time.Now().Before(deadline) {
			ann, err := b.Annotations(ctx, docs[0], "w")
			if err != nil {
				errs <- err
				return
			}
			ids := map[int64]bool{}
			for _, s := range ann.Spans {
				ids[s.ID] = true
			}
			for _, m := range ann.Targets[0].Mentions {
				if !ids[m] {
					errs <- errors.New("a reader saw a mention of a span that does not exist: half an edit")
					return
				}
			}
			if len(ann.Spans) > 3 {
				errs <- errors.New("a reader saw more than 3 spans: half an edit")
				return
			}
			reads++
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d write rounds on a, %d writes on b, %d reads on b", writes, bWrites, reads)
	if writes == 0 || bWrites == 0 || reads == 0 {
		t.Errorf("a loop never ran: %d, %d, %d", writes, bWrites, reads)
	}
	if ic, err := a.IntegrityCheck(ctx); err != nil || ic != "ok" {
		t.Errorf("IntegrityCheck = %q, %v", ic, err)
	}
}
