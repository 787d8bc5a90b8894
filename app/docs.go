package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
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
	return container.NewBorder(nil, nil, widget.NewLabel("○"), nil, &widget.Label{Truncation: fyne.TextTruncateEllipsis})
}

func (w *workspace) updateDocRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(w.shown) {
		return
	}
	d := w.docs[w.shown[i]]
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(d.Title)
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

// onSearch filters the list to documents whose text matches the query
// and highlights the matches in the open text. Matching is the model's:
// Arabic letters are compared after normalisation, so "الاسد" finds
// "الأسد" and "جرائم" finds "جـ.رائم".
//
// Titles are matched at once; the texts are scanned off the UI goroutine,
// and a newer query cancels the scan of an older one.
func (w *workspace) onSearch(q string) {
	w.activity.touch()
	if w.cancelScan != nil {
		w.cancelScan()
		w.cancelScan = nil
	}
	w.query = strings.TrimSpace(q)
	w.found = nil
	w.applyFilter()
	w.text.SetHits(w.hits())
	if w.query == "" {
		return
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.cancelScan = cancel
	query := w.query
	w.scan(func() {
		found := map[int64]bool{}
		err := w.store.EachDocument(ctx, func(d annotate.Document) error {
			if len(annotate.Search(d.Text, query)) > 0 {
				found[d.ID] = true
			}
			return ctx.Err()
		})
		fyne.Do(func() {
			if ctx.Err() != nil || w.query != query {
				return // a newer query took over
			}
			if err != nil {
				w.status.fail(err)
				return
			}
			w.found = found
			w.applyFilter()
		})
	})
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
	return w.query == "" || w.found[d.ID] || len(annotate.Search(d.Title, w.query)) > 0
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
