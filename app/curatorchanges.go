package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
	"hashiya/storage"
)

// View › Curator's changes: after adjudication an annotator sees which
// of their spans the curated layer does not have as they made them, on
// every curated document, and what the curator put there instead; a row
// opens its document.

func (c *curation) onCuratorChanges() {
	w := c.w
	who := w.annotator
	if c.on() {
		who = c.annotator
	}
	curator := w.prefs.StringWithFallback(prefCurator, defaultCurator)
	if who == curator {
		w.status.fail(userErr(annotate.ECodeInvalid, tr("You are the curator: this list is for the annotators whose work was curated.")))
		return
	}
	w.run(func() {
		changes, err := w.store.CuratorChanges(w.ctx, who, curator)
		fyne.Do(func() {
			if err != nil {
				w.status.fail(err)
				return
			}
			c.showChanges(curator, changes)
		})
	})
}

// changeText says what the curator did with one of the annotator's
// spans, and on which document.
func (c *curation) changeText(ch storage.CuratorChange) (change, doc string) {
	doc = fmt.Sprint(ch.Yours.DocumentID)
	if i := c.w.indexOf(ch.Yours.DocumentID); i >= 0 && c.w.docs[i].Title != "" {
		doc = c.w.docs[i].Title
	}
	yours := ch.Yours.Label + " «" + ch.Yours.Text + "»"
	if len(ch.Curators) == 0 {
		return tr("{{.Name}}: left out", map[string]any{"Name": yours}), doc
	}
	theirs := make([]string, len(ch.Curators))
	for i, s := range ch.Curators {
		theirs[i] = s.Label + " «" + s.Text + "»"
	}
	return tr("{{.Name}}: now {{.What}}", map[string]any{"Name": yours, "What": strings.Join(theirs, ", ")}), doc
}

func (c *curation) showChanges(curator string, changes []storage.CuratorChange) {
	w := c.w
	head := tr("{{.N}} of your spans differ in the curated layer.", map[string]any{"N": len(changes)})
	if len(changes) == 0 {
		head = tr("The curated layer has all your spans as you made them (on the documents curated so far).")
	}
	var d interface{ Hide() }
	list := &widget.List{
		Length: func() int { return len(changes) },
		// The change on one line, its document's title under it, both in
		// the UI's direction: the sentence is the UI's, the names data.
		CreateItem: func() fyne.CanvasObject {
			return container.NewVBox(uiTruncating(""), uiTruncating(""))
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			change, doc := c.changeText(changes[i])
			lines := o.(*fyne.Container).Objects
			lines[0].(*textview.Label).SetText(change)
			lines[1].(*textview.Label).SetText(doc)
		},
		OnSelected: func(i widget.ListItemID) {
			if j := w.indexOf(changes[i].Yours.DocumentID); j >= 0 {
				w.open(j)
			}
			if d != nil {
				d.Hide()
			}
		},
	}
	body := container.NewBorder(uiLabel(head), nil, nil, nil, atLeast(list, fyne.NewSize(0, 300)))
	dlg := uiDialog(tr("{{.Name}}'s changes", map[string]any{"Name": curator}), tr("Close"), body, w.win)
	d = dlg
	dlg.Resize(fyne.NewSize(640, 420))
	dlg.Show()
}
