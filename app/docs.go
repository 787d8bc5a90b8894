package app

import (
	"context"
	"slices"
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

// onSearch filters the list to documents whose text matches the query
// and paints the matches in the open text. Matching is the model's:
// Arabic letters are compared after normalisation, so "الاسد" finds
// "الأسد" and "جرائم" finds "جـ.رائم". (A title is a line of its text,
// so the text's match covers it.)
//
// The database's search index answers off the UI goroutine; a newer
// query cancels an older one, whose answer is then dropped. A query of
// one or two letters (normalised) is too short for the index, and
// would match nearly every document anyway: it is found in the open
// text only, and the list stays whole.
func (w *workspace) onSearch(q string) {
	w.activity.touch()
	if w.cancelScan != nil {
		w.cancelScan()
		w.cancelScan = nil
	}
	w.query = strings.TrimSpace(q)
	w.found = map[int64]bool{}
	n := annotate.RuneLen(annotate.NormalizeText(w.query))
	w.short = n > 0 && n < storage.SearchMinRunes
	w.searched = n == 0 || w.short
	w.applyFilter()
	w.refreshHits()
	if w.short {
		w.status.info(tr("Type three letters or more to search every document."))
	}
	if w.searched {
		return
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.cancelScan = cancel
	query := w.query
	w.scan(func() {
		ids, err := w.store.SearchDocuments(ctx, query)
		if ctx.Err() != nil {
			return
		}
		fyne.Do(func() { w.searchAnswered(query, ids, err) })
	})
}

// searchAnswered shows the documents the database found for query,
// unless a newer query has taken over.
func (w *workspace) searchAnswered(query string, ids []int64, err error) {
	if w.query != query {
		return
	}
	if err != nil {
		w.status.fail(err)
		return
	}
	for _, id := range ids {
		w.found[id] = true
	}
	w.searched = true
	w.applyFilter()
	w.showHitCount()
}

// onSearchSubmitted (Enter in the search box) makes the next hit in the
// open text the current one, wrapping round: the first Enter after a
// query goes to the first hit. The hit is selected, so a label hotkey
// labels it, and scrolled wholly into view; the box keeps the focus so
// Enter again moves on.
//
// After the open text's last hit (or when it has none) Enter opens the
// next listed document that matches, with its first hit current; only
// when no other document matches does it wrap round in this one.
func (w *workspace) onSearchSubmitted(string) {
	if n := len(w.hitList); n > 0 && w.hitCur+1 < n {
		w.markHit(w.hitCur + 1)
		return
	}
	if next := w.nextListedMatch(); next >= 0 {
		w.hitOnOpen = true
		w.open(next)
		return
	}
	if len(w.hitList) == 0 {
		w.showHitCount()
		return
	}
	w.markHit(0)
}

// markHit makes hit i of the open text current and selects it.
func (w *workspace) markHit(i int) {
	w.hitCur = i
	h := w.hitList[i]
	w.text.SetCurrentHit(i)
	w.text.SetSelection(h[0], h[1])
	w.showHitCount()
}

// nextListedMatch returns the index in docs of the first document after
// the open one in the list (wrapping round) that the search found, or -1.
func (w *workspace) nextListedMatch() int {
	if w.query == "" || w.short || !w.searched || len(w.shown) == 0 {
		return -1
	}
	at := slices.Index(w.shown, w.cur)
	for k := 1; k <= len(w.shown); k++ {
		j := w.shown[(at+k+len(w.shown))%len(w.shown)]
		if j != w.cur && w.found[w.docs[j].ID] {
			return j
		}
	}
	return -1
}

// refreshHits finds the query's hits in the open text and paints them,
// none current.
func (w *workspace) refreshHits() {
	w.hitList, w.hitCur = nil, -1
	if w.query != "" && w.cur >= 0 {
		w.hitList = annotate.Search(w.doc.Text, w.query)
	}
	w.text.SetHits(w.hitList)
	w.showHitCount()
}

// showHitCount says where Enter is in the open text's hits ("3 of
// 12"), how many there are before the first Enter, and that there are
// none, here or anywhere.
func (w *workspace) showHitCount() {
	n := len(w.hitList)
	switch {
	case w.query == "":
		w.hitCount.SetText("")
	case n > 0 && w.hitCur >= 0:
		w.hitCount.SetText(tr("{{.N}} of {{.Total}}", map[string]any{"N": w.hitCur + 1, "Total": n}))
	case n > 0:
		w.hitCount.SetText(tr("{{.Total}} in this document", map[string]any{"Total": n}))
	case w.short:
		w.hitCount.SetText(tr("None in this document"))
	case !w.searched:
		w.hitCount.SetText(tr("Searching…"))
	case len(w.found) == 0:
		w.hitCount.SetText(tr("No results"))
	default:
		w.hitCount.SetText(tr("None in this document; {{.N}} documents listed", map[string]any{"N": len(w.found)}))
	}
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
	return w.query == "" || w.short || w.found[d.ID]
}

// openByID opens document id from a dialog's list, or says in the
// status bar why it is not in the window's list: gone, or outside the
// annotator's queue.
func (w *workspace) openByID(id int64) bool {
	if at := w.indexOf(id); at >= 0 {
		w.open(at)
		return true
	}
	msg := tr("Document {{.ID}} is no longer in the database.", map[string]any{"ID": id})
	if w.queued {
		msg = tr("Document {{.ID}} is not in your queue; curation (View › Curation…) shows every document.", map[string]any{"ID": id})
	}
	w.status.fail(userErr(annotate.ECodeNotFound, msg))
	return false
}

// selectQuietly selects row i of list without running its OnSelected:
// the window shows a choice made elsewhere (a key, a click in the text)
// in the list, which must not act on it a second time.
func selectQuietly(list *widget.List, i widget.ListItemID) {
	sel := list.OnSelected
	list.OnSelected = nil
	list.Select(i)
	list.OnSelected = sel
}

// selectInList highlights docs[i] in the list without reopening it.
func (w *workspace) selectInList(i int) {
	for pos, j := range w.shown {
		if j == i {
			selectQuietly(w.docList, pos)
			return
		}
	}
	w.docList.UnselectAll()
}
