package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/storage"
)

// Whole documents come and go by Document › Delete, and by undoing or
// redoing an import or a deletion. Each is one edit on the annotator's
// undo stack (storage keeps the documents in its trash tables), after
// which the list is read afresh.

// onDelete asks before deleting the open document, naming it, and says
// that the deletion can be undone.
func (w *workspace) onDelete() {
	if w.cur < 0 {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("Open a document first.")))
		return
	}
	id, title := w.doc.ID, w.docs[w.cur].Title
	d := newConfirmDialog(tr("Delete the document?"), tr("Delete"), tr("Cancel"),
		messageLines(tr("Delete “{{.Title}}” with every annotator's work on it? Undo (Ctrl+Z) brings it back.", map[string]any{"Title": title}), nil),
		func(ok bool) {
			if ok {
				w.deleteDocument(id, title)
			}
		}, w.win)
	d.confirm.Importance = widget.DangerImportance
	d.Show()
}

// deleteDocument deletes document id as one undoable edit.
func (w *workspace) deleteDocument(id int64, title string) {
	w.activity.flush() // queued before the deletion, while the document is there
	w.changeDocuments(func() (int64, string, error) {
		if err := w.store.DeleteDocument(w.ctx, w.annotator, id); err != nil {
			return 0, "", err
		}
		return 0, tr("Deleted “{{.Title}}”. Undo (Ctrl+Z) brings it back.", map[string]any{"Title": title}), nil
	})
}

// changeDocuments runs write, which adds or removes documents, off the UI
// goroutine, then reads the list and progress afresh and opens: the
// document write names (a deletion undone), else the open one if it is
// still there, else the one now at its place in the list. msg goes to
// the status bar.
func (w *workspace) changeDocuments(write func() (prefer int64, msg string, err error)) {
	open, pos := w.doc.ID, w.cur
	w.savePosition()
	w.run(func() {
		prefer, msg, err := write()
		if err != nil {
			fyne.Do(func() { w.status.fail(err) })
			return
		}
		saved := w.now()
		wl, err := w.worklist(w.annotator, w.curation.on())
		docs := wl.docs
		next := -1
		if err == nil {
			next = pickAfterChange(docs, prefer, open, pos)
		}
		var od *openedDoc
		if next >= 0 {
			od, err = w.readDoc(docs[next].ID)
		}
		fyne.Do(func() {
			w.status.saved(saved)
			if err != nil {
				w.status.fail(err)
				return
			}
			w.setDocs(wl)
			if od != nil {
				w.show(next, od)
				w.status.info(msg)
				return
			}
			w.clearDocument()
			w.status.state(msg + " " + tr("There are no documents yet: add some with File > Import."))
		})
	})
}

// pickAfterChange is the index in docs to open after documents came or
// went: prefer, else open, else the one at pos (or the last), -1 when
// the list is empty.
func pickAfterChange(docs []storage.DocSummary, prefer, open int64, pos int) int {
	for _, id := range []int64{prefer, open} {
		if i := slices.IndexFunc(docs, func(d storage.DocSummary) bool { return d.ID == id }); id != 0 && i >= 0 {
			return i
		}
	}
	if len(docs) == 0 {
		return -1
	}
	return min(max(pos, 0), len(docs)-1)
}

// setDocs replaces the document list. When the open document is no
// longer in it, nothing is open: its active time has nowhere to go.
func (w *workspace) setDocs(wl worklist) {
	w.docs = wl.docs
	w.cur = w.indexOf(w.doc.ID)
	if w.cur < 0 {
		w.activity.reset()
	}
	w.setWorklist(wl)
	w.status.setPosition(w.cur+1, len(w.docs))
}

// clearDocument empties the text and the panels when no document is
// left to open.
func (w *workspace) clearDocument() {
	w.cur = -1
	w.doc = annotate.Document{}
	w.runes = nil
	w.selSpan, w.selTgt = 0, 0
	w.otherSpans = nil
	w.text.SetText("", nil)
	w.setAnnotations(annotate.Annotations{})
	w.status.setPosition(0, 0)
}
