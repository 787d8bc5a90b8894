package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
)

// The label palette and the spans panel.

// setSchema rebuilds the palette: one button per entity label, with its
// colour and hotkey.
func (w *workspace) setSchema(s annotate.Schema) {
	w.schema = s
	w.palette.RemoveAll()
	clear(w.labels)
	var cells []fyne.CanvasObject
	for _, l := range s.Entities {
		name := l.Name
		b := &widget.Button{Text: labelCaption(l), Alignment: leadingButton(), OnTapped: func() { w.applyLabel(name); w.focusText() }}
		swatch := canvas.NewRectangle(parseHexColor(l.Color))
		swatch.SetMinSize(fyne.NewSize(8, 8))
		w.labels[name] = b
		cells = append(cells, leadTrail(swatch, nil, b))
	}
	for _, c := range mirrorRows(2, cells) {
		w.palette.Add(c)
	}
	w.targets.setSchema(s)
	w.refreshGuidelines()
}

func labelCaption(l annotate.EntityLabel) string {
	if l.Hotkey == "" {
		return l.Name
	}
	return fmt.Sprintf("%s  [%s]", l.Name, l.Hotkey)
}

// entityForKey returns the entity label whose hotkey is r.
func (w *workspace) entityForKey(r rune) (string, bool) {
	for _, l := range w.schema.Entities {
		if l.Hotkey != "" && strings.EqualFold(l.Hotkey, string(r)) {
			return l.Name, true
		}
	}
	return "", false
}

// applyLabel is what a label's hotkey or button does: with a selection it
// makes a span; with none it relabels the span under the caret.
func (w *workspace) applyLabel(label string) {
	if w.cur < 0 {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("Open a document first.")))
		return
	}
	sel0, sel1 := w.text.Selection()
	// A selection may take the space or direction mark beside a word;
	// the span is the words alone.
	start, end := annotate.TrimSpan(w.doc.Text, sel0, sel1)
	docID := w.doc.ID
	if sel0 != sel1 && start == end {
		w.status.fail(userErr(annotate.ECodeEmpty, tr("The selection holds only spaces; select a word to label it.")))
		return
	}
	if start < end && end <= len(w.runes) {
		sp := annotate.Span{
			DocumentID: docID, Start: start, End: end, Label: label,
			Annotator: w.annotator, Origin: annotate.OriginManual,
			Text: string(w.runes[start:end]),
		}
		w.edit(func() error {
			_, err := w.store.AddSpan(w.ctx, sp)
			return err
		})
		return
	}
	sp, ok := w.entityAtCaret()
	if !ok {
		w.status.fail(userErr(annotate.ECodeEmpty, tr("Select some text to label, or put the caret on a span to change its label.")))
		return
	}
	if sp.Label == label {
		return
	}
	sp.Label = label
	w.edit(func() error {
		_, err := w.store.UpdateSpan(w.ctx, sp)
		return err
	})
}

// spanAtCaret is the innermost span that holds the caret (or, with the
// caret just past a span's end, that span), so that a caret left after
// selecting a word still finds it.
func (w *workspace) spanAtCaret() (annotate.Span, bool) {
	c := w.text.Caret()
	best, found := annotate.Span{}, false
	for _, s := range w.spans {
		if s.Start <= c && c <= s.End && (!found || s.End-s.Start < best.End-best.Start) {
			best, found = s, true
		}
	}
	return best, found
}

// entityAtCaret is spanAtCaret among entity spans: a label hotkey
// relabels the name under the caret, never the quote around it.
func (w *workspace) entityAtCaret() (annotate.Span, bool) {
	c := w.text.Caret()
	best, found := annotate.Span{}, false
	for _, s := range w.spans {
		if s.Kind == annotate.SpanEntity && s.Start <= c && c <= s.End && (!found || s.End-s.Start < best.End-best.Start) {
			best, found = s, true
		}
	}
	return best, found
}

// spanToDelete is the span the annotator means by Delete: the one picked
// in the list while the selection still covers it, else one whose range
// is exactly the selection, else the innermost under the caret.
func (w *workspace) spanToDelete() (annotate.Span, bool) {
	start, end := w.text.Selection()
	if i := w.spanIndex(w.selSpan); i >= 0 {
		if s := w.spans[i]; start == end || (s.Start == start && s.End == end) {
			return s, true
		}
	}
	if start < end {
		for _, s := range w.spans {
			if s.Start == start && s.End == end {
				return s, true
			}
		}
	}
	return w.spanAtCaret()
}

// deleteSpan removes the span the annotator means (Delete, Backspace).
func (w *workspace) deleteSpan() {
	sp, ok := w.spanToDelete()
	if !ok {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("There is no span here to delete: put the caret on one or pick it in the spans list.")))
		return
	}
	w.selSpan = 0
	w.edit(func() error { return w.store.DeleteSpan(w.ctx, w.annotator, sp.ID) })
}

func newSpanRow() fyne.CanvasObject {
	swatch := canvas.NewRectangle(parseHexColor(""))
	swatch.SetMinSize(fyne.NewSize(6, 6))
	return leadTrail(swatch, uiLabel("LABEL"), textview.NewLabel(""))
}

func (w *workspace) updateSpanRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(w.spans) {
		return
	}
	s := w.spans[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*textview.Label).SetText(s.Text)
	// The swatch and the label name swap sides in a right-to-left UI.
	sw, name := c.Objects[1], c.Objects[2]
	if _, ok := sw.(*canvas.Rectangle); !ok {
		sw, name = name, sw
	}
	sw.(*canvas.Rectangle).FillColor = w.labelColor(s.Label)
	sw.Refresh()
	if s.Kind == annotate.SpanEvidence {
		name.(*textview.Label).SetText(tr("evidence"))
		return
	}
	name.(*textview.Label).SetText(s.Label)
}

// onSpanSelected jumps to the span picked in the list and selects its
// text, so a label hotkey or Delete acts on it; the text keeps the focus.
func (w *workspace) onSpanSelected(i widget.ListItemID) {
	if i < 0 || i >= len(w.spans) {
		return
	}
	s := w.spans[i]
	w.selSpan = s.ID
	w.text.SetSelection(s.Start, s.End)
	w.focusText()
}

// onMarkTapped picks a span clicked in the text, as if picked in the list.
func (w *workspace) onMarkTapped(id int64) {
	i := w.spanIndex(id)
	if i < 0 {
		return
	}
	w.selSpan = id
	selectQuietly(w.spanList, i)
}
