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
	w      *workspace
	last   time.Time     // last input; zero before any
	active time.Duration // not yet written
}

func newActivity(w *workspace) *activity { return &activity{w: w} }

// touch records an input now.
func (a *activity) touch() {
	now := a.w.now()
	if !a.last.IsZero() {
		a.active += min(now.Sub(a.last), idleAfter)
	}
	a.last = now
}

// reset starts counting afresh, for a newly opened document.
func (a *activity) reset() {
	a.last = a.w.now()
	a.active = 0
}

// flush writes the time counted so far to the open document. A failure
// is shown but costs nothing else: active time is a statistic, not work.
func (a *activity) flush() {
	if !a.last.IsZero() {
		a.active += min(a.w.now().Sub(a.last), idleAfter)
		a.last = a.w.now()
	}
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
