package app

import (
	"image/color"
	"slices"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
)

// Another annotator's spans, shown greyed beside the annotator's own:
// imported pre-annotations (annotator "imported" unless the import said
// otherwise) or a colleague's work. They are only shown; Y makes the one
// under the caret the annotator's own, Shift+Y all of them, each span
// one edit of the annotator's, undoable like any.

// otherColor is the grey other annotators' spans are drawn in: a tint
// light enough that the annotator's own colours stay what the eye reads.
var otherColor = color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff}

// otherAnnotator holds the name of the annotator whose spans are shown,
// "" for none. It is read by database work off the UI goroutine.
type otherAnnotator struct{ name atomic.Pointer[string] }

func (o *otherAnnotator) get() string {
	if p := o.name.Load(); p != nil {
		return *p
	}
	return ""
}

func (o *otherAnnotator) set(name string) { o.name.Store(&name) }

// readOther reads the other annotator's spans on document id, off the
// UI goroutine.
func (w *workspace) readOther(id int64) ([]annotate.Span, error) {
	name := w.other.get()
	if name == "" || name == w.annotator {
		return nil, nil
	}
	a, err := w.store.Annotations(w.ctx, id, name)
	return a.Spans, err
}

// shownOthers are the other annotator's spans the annotator has no
// equal of (same range, same label): those accepted disappear into the
// annotator's own.
func (w *workspace) shownOthers() []annotate.Span {
	var out []annotate.Span
	for _, o := range w.otherSpans {
		if !slices.ContainsFunc(w.spans, func(s annotate.Span) bool {
			return s.Start == o.Start && s.End == o.End && s.Label == o.Label
		}) {
			out = append(out, o)
		}
	}
	return out
}

// otherMarks are the marks of shownOthers, captioned with whose they are.
func (w *workspace) otherMarks() []mark {
	others := w.shownOthers()
	marks := make([]mark, len(others))
	for i, s := range others {
		marks[i] = mark{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label + " · " + s.Annotator, Color: otherColor, Secondary: true}
	}
	return marks
}

// onShowOther asks whose spans to show beside the annotator's own,
// among those who have spans on the open document.
func (w *workspace) onShowOther() {
	w.withSpanAnnotators(func(names []string) {
		none := tr("Nobody else")
		opts := []string{none}
		for _, n := range names {
			if n != w.annotator {
				opts = append(opts, n)
			}
		}
		if cur := w.other.get(); cur != "" && !slices.Contains(opts, cur) {
			opts = append(opts, cur)
		}
		pick := &widget.Select{Options: opts, Selected: none}
		if cur := w.other.get(); cur != "" {
			pick.Selected = cur
		}
		hint := tr("Shown greyed under yours; Y accepts the span under the caret, Shift+Y all of them.")
		if len(opts) == 1 {
			hint = tr("Nobody else has spans on this document.")
		}
		items := []*widget.FormItem{{Text: tr("Show the spans of"), Widget: pick, HintText: hint}}
		showFormDialog(tr("Other annotators"), tr("Show"), tr("Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			name := pick.Selected
			if name == none {
				name = ""
			}
			w.setOther(name)
		}, w.win)
	})
}

// withSpanAnnotators reads who has spans on the open document, off the
// UI goroutine, and hands their names to then on it.
func (w *workspace) withSpanAnnotators(then func(names []string)) {
	if w.cur < 0 {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("Open a document first.")))
		return
	}
	docID := w.doc.ID
	w.run(func() {
		names, err := w.store.SpanAnnotators(w.ctx, docID)
		fyne.Do(func() {
			if err != nil {
				w.status.fail(err)
				return
			}
			then(names)
		})
	})
}

// setOther shows name's spans (none for "") and remembers the choice.
func (w *workspace) setOther(name string) {
	w.other.set(name)
	w.prefs.SetString(prefOther, name)
	if w.cur < 0 {
		return
	}
	docID := w.doc.ID
	w.run(func() {
		spans, err := w.readOther(docID)
		fyne.Do(func() {
			if err != nil {
				w.status.fail(err)
				return
			}
			if w.doc.ID == docID {
				w.otherSpans = spans
				w.setAnnotations(w.ann)
				w.focusText()
			}
		})
	})
}

// otherAtCaret is the innermost shown other span holding the caret.
func (w *workspace) otherAtCaret() (annotate.Span, bool) {
	c := w.text.Caret()
	best, found := annotate.Span{}, false
	for _, s := range w.shownOthers() {
		if s.Start <= c && c <= s.End && (!found || s.End-s.Start < best.End-best.Start) {
			best, found = s, true
		}
	}
	return best, found
}

// mine is other span s as the annotator's own.
func (w *workspace) mine(s annotate.Span) annotate.Span {
	return annotate.Span{DocumentID: s.DocumentID, Start: s.Start, End: s.End, Label: s.Label,
		Annotator: w.annotator, Origin: s.Origin, Text: s.Text}
}

// acceptOther makes the other span under the caret the annotator's own (Y).
func (w *workspace) acceptOther() {
	if w.other.get() == "" {
		w.status.fail(userErr(annotate.ECodeEmpty, tr("Show another annotator's spans first (View menu).")))
		return
	}
	s, ok := w.otherAtCaret()
	if !ok {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("There is no greyed span under the caret to accept.")))
		return
	}
	sp := w.mine(s)
	w.edit(func() error {
		_, err := w.store.AddSpan(w.ctx, sp)
		return err
	})
}

// acceptAllOthers makes every greyed span the annotator's own
// (Shift+Y). Storage has no edit that adds several spans at once, so
// each span is its own edit and its own undo step; the status says so.
func (w *workspace) acceptAllOthers() {
	if w.other.get() == "" {
		w.status.fail(userErr(annotate.ECodeEmpty, tr("Show another annotator's spans first (View menu).")))
		return
	}
	others := w.shownOthers()
	if len(others) == 0 {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("There are no greyed spans left to accept.")))
		return
	}
	spans := make([]annotate.Span, len(others))
	for i, s := range others {
		spans[i] = w.mine(s)
	}
	accepted := 0 // written by the edit, read by the job after it
	w.edit(func() error {
		for _, sp := range spans {
			if _, err := w.store.AddSpan(w.ctx, sp); err != nil {
				return err
			}
			accepted++
		}
		return nil
	})
	// Queued after the edit, so it speaks after the edit's "saved".
	w.run(func() {
		n, all := accepted, accepted == len(spans)
		fyne.Do(func() {
			switch {
			case all:
				w.status.info(tr("Accepted {{.N}} span(s); each is its own undo step.", map[string]any{"N": n}))
			case n > 0:
				w.status.fail(userErr(annotate.ECodeIO, tr("Accepted {{.N}} span(s), then one could not be saved; the rest are still greyed.", map[string]any{"N": n})))
			}
		})
	})
}
