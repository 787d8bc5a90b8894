package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
	"hashiya/storage"
)

// View › Curator's changes: after adjudication an annotator sees which
// of their spans and stances the curated layer does not have as they
// made them, on every curated document, and what the curator put there
// instead; a row opens its document.

// curatorChange is one row of the list: a span's change or a stance's.
type curatorChange struct {
	doc    int64
	span   *storage.CuratorChange
	stance *annotate.StanceChange
}

// curatorChanges are spans and stances in one list in document order,
// each document's spans before its stances.
func curatorChanges(spans []storage.CuratorChange, stances []annotate.StanceChange) []curatorChange {
	out := make([]curatorChange, 0, len(spans)+len(stances))
	for i := range spans {
		out = append(out, curatorChange{doc: spans[i].Yours.DocumentID, span: &spans[i]})
	}
	for i := range stances {
		out = append(out, curatorChange{doc: stances[i].Yours.DocumentID, stance: &stances[i]})
	}
	slices.SortStableFunc(out, func(a, b curatorChange) int { return cmp.Compare(a.doc, b.doc) })
	return out
}

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
		spans, err := w.store.CuratorChanges(w.ctx, who, curator)
		var stances []annotate.StanceChange
		if err == nil {
			stances, err = w.store.CuratorStanceChanges(w.ctx, who, curator)
		}
		fyne.Do(func() {
			if err != nil {
				w.status.fail(err)
				return
			}
			c.showChanges(curator, curatorChanges(spans, stances))
		})
	})
}

// changeText says what the curator did with one of the annotator's
// spans or stances, and on which document.
func (c *curation) changeText(ch curatorChange) (change, doc string) {
	doc = fmt.Sprint(ch.doc)
	if i := c.w.indexOf(ch.doc); i >= 0 && c.w.docs[i].Title != "" {
		doc = c.w.docs[i].Title
	}
	if st := ch.stance; st != nil {
		yours := stanceName(st.Yours.Label) + " " + stanceOn(st.Target, st.Holder)
		if st.Curators.ID == 0 {
			return tr("{{.Name}}: left out", map[string]any{"Name": yours}), doc
		}
		return tr("{{.Name}}: now {{.What}}", map[string]any{"Name": yours, "What": stanceName(st.Curators.Label)}), doc
	}
	yours := ch.span.Yours.Label + " «" + ch.span.Yours.Text + "»"
	if len(ch.span.Curators) == 0 {
		return tr("{{.Name}}: left out", map[string]any{"Name": yours}), doc
	}
	theirs := make([]string, len(ch.span.Curators))
	for i, s := range ch.span.Curators {
		theirs[i] = s.Label + " «" + s.Text + "»"
	}
	return tr("{{.Name}}: now {{.What}}", map[string]any{"Name": yours, "What": strings.Join(theirs, ", ")}), doc
}

func (c *curation) showChanges(curator string, changes []curatorChange) {
	w := c.w
	head := tr("{{.N}} of your spans and stances differ in the curated layer.", map[string]any{"N": len(changes)})
	if len(changes) == 0 {
		head = tr("The curated layer has all your spans and stances as you made them (on the documents curated so far).")
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
			w.openByID(changes[i].doc)
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
