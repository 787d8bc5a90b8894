package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
	"hashiya/storage"
)

// The document list: titles with this annotator's status, a status
// filter, search, and the progress bar.

// statusOrder is the filter's order; "" is "all".
var statusOrder = []annotate.Status{"", annotate.StatusTodo, annotate.StatusInProgress, annotate.StatusDone, annotate.StatusSkipped}

func statusName(s annotate.Status) string {
	switch s {
	case "":
		return tr("All documents")
	case annotate.StatusTodo:
		return tr("To do")
	case annotate.StatusInProgress:
		return tr("In progress")
	case annotate.StatusDone:
		return tr("Done")
	case annotate.StatusSkipped:
		return tr("Skipped")
	}
	return string(s)
}

// statusMark is a one-glyph status, readable at a glance in a long list.
func statusMark(s annotate.Status) string {
	switch s {
	case annotate.StatusDone:
		return "✓"
	case annotate.StatusInProgress:
		return "◐"
	case annotate.StatusSkipped:
		return "–"
	}
	return "○"
}

func filterOptions() []string {
	opts := make([]string, len(statusOrder))
	for i, s := range statusOrder {
		opts[i] = statusName(s)
	}
	return opts
}

func newDocRow() fyne.CanvasObject {
	return leadTrail(widget.NewLabel("○"), nil, textview.NewLabel(""))
}

func (w *workspace) updateDocRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(w.shown) {
		return
	}
	d := w.docs[w.shown[i]]
	c := o.(*fyne.Container)
	c.Objects[0].(*textview.Label).SetText(d.Title)
	c.Objects[1].(*widget.Label).SetText(statusMark(d.Status))
}

func (w *workspace) onDocSelected(i widget.ListItemID) {
	if i < 0 || i >= len(w.shown) || w.shown[i] == w.cur {
		return
	}
	w.open(w.shown[i])
}

func (w *workspace) onFilter(name string) {
	for _, s := range statusOrder {
		if statusName(s) == name {
			w.filter = s
		}
	}
	w.applyFilter()
}

// onSearch filters the list to documents whose title or text matches
// the query and highlights the matches in the open text. Matching is the
// model's: Arabic letters are compared after normalisation, so "الاسد"
// finds "الأسد" and "جرائم" finds "جـ.رائم".
//
// The matching runs off the UI goroutine, titles first and then every
// text, and a newer query cancels the scan of an older one; the list
// fills in as results arrive.
func (w *workspace) onSearch(q string) {
	w.activity.touch()
	if w.cancelScan != nil {
		w.cancelScan()
		w.cancelScan = nil
	}
	w.query = strings.TrimSpace(q)
	w.found = map[int64]bool{}
	w.applyFilter()
	w.text.SetHits(w.hits())
	if w.query == "" {
		return
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.cancelScan = cancel
	query := w.query
	type titled struct {
		id    int64
		title string
	}
	titles := make([]titled, len(w.docs))
	for i, d := range w.docs {
		titles[i] = titled{d.ID, d.Title}
	}
	// publish hands a set of matches to the UI unless a newer query
	// has taken over.
	publish := func(found map[int64]bool, err error) {
		fyne.Do(func() {
			if ctx.Err() != nil || w.query != query {
				return
			}
			if err != nil {
				w.status.fail(err)
				return
			}
			for id := range found {
				w.found[id] = true
			}
			w.applyFilter()
		})
	}
	w.scan(func() {
		found := map[int64]bool{}
		for _, t := range titles {
			if len(annotate.Search(t.title, query)) > 0 {
				found[t.id] = true
			}
		}
		publish(found, nil)
		found = map[int64]bool{}
		err := w.store.EachDocument(ctx, func(d annotate.Document) error {
			if len(annotate.Search(d.Text, query)) > 0 {
				found[d.ID] = true
			}
			return ctx.Err()
		})
		if ctx.Err() == nil {
			publish(found, err)
		}
	})
}

// onSearchSubmitted (Enter in the search box) selects the next hit
// after the caret in the open text, wrapping round, and scrolls to it;
// the box keeps the focus so Enter again moves on.
func (w *workspace) onSearchSubmitted(string) {
	hits := w.hits()
	if len(hits) == 0 {
		return
	}
	next := hits[0]
	_, end := w.text.Selection()
	for _, h := range hits {
		if h[0] >= end {
			next = h
			break
		}
	}
	w.text.SetSelection(next[0], next[1])
	w.text.ScrollToOffset(next[0])
}

func (w *workspace) hits() [][2]int {
	if w.query == "" || w.cur < 0 {
		return nil
	}
	return annotate.Search(w.doc.Text, w.query)
}

// applyFilter recomputes which documents the list shows. The open
// document stays in the list when only its status no longer passes the
// filter, so marking it done under a "To do" filter does not pull it
// from under the annotator.
func (w *workspace) applyFilter() {
	w.shown = w.shown[:0]
	for i, d := range w.docs {
		if w.matchesQuery(d) && (i == w.cur || w.filter == "" || d.Status == w.filter) {
			w.shown = append(w.shown, i)
		}
	}
	w.docList.Refresh()
	w.selectInList(w.cur)
}

func (w *workspace) matchesQuery(d storage.DocSummary) bool {
	return w.query == "" || w.found[d.ID]
}

// selectInList highlights docs[i] in the list without reopening it.
func (w *workspace) selectInList(i int) {
	for pos, j := range w.shown {
		if j == i {
			sel := w.docList.OnSelected
			w.docList.OnSelected = nil
			w.docList.Select(pos)
			w.docList.OnSelected = sel
			return
		}
	}
	w.docList.UnselectAll()
}
