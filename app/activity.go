package app

import (
	"time"

	"fyne.io/fyne/v2"
)

// idleAfter is how long after the last input the annotator still counts
// as working: reading a paragraph takes time, leaving for lunch does not
// count.
const idleAfter = 60 * time.Second

// activity measures active time on the open document: a moment counts
// when there was input in the idleAfter before it. The total goes to the
// database when the annotator leaves the document or the app.
type activity struct {
	w       *workspace
	last    time.Time     // last input; zero before any
	counted time.Time     // active time before this is in active
	active  time.Duration // not yet written
}

func newActivity(w *workspace) *activity { return &activity{w: w} }

// accrue counts the active time between counted and now: the part still
// within idleAfter of the last input.
func (a *activity) accrue(now time.Time) {
	if a.last.IsZero() {
		return
	}
	end := a.last.Add(idleAfter)
	if now.Before(end) {
		end = now
	}
	if end.After(a.counted) {
		a.active += end.Sub(a.counted)
	}
	if now.After(a.counted) {
		a.counted = now
	}
}

// touch records an input now.
func (a *activity) touch() {
	now := a.w.now()
	a.accrue(now)
	a.last, a.counted = now, now
}

// reset starts counting afresh, for a newly opened document: opening it
// counts as an input.
func (a *activity) reset() {
	a.last = a.w.now()
	a.counted = a.last
	a.active = 0
}

// flush writes the time counted so far to the open document. A failure
// is shown but costs nothing else: active time is a statistic, not work.
// It may be called at any time (a timer does, so a crash loses little);
// idle time is never counted twice.
func (a *activity) flush() {
	a.accrue(a.w.now())
	w := a.w
	secs := a.active.Seconds()
	a.active = 0
	if secs <= 0 || w.cur < 0 {
		return
	}
	docID := w.doc.ID
	w.run(func() {
		if err := w.store.AddActiveTime(w.ctx, docID, w.annotator, secs); err != nil {
			fyne.Do(func() { w.status.fail(err) })
		}
	})
}
