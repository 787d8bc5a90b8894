package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// showGuidelines opens the schema's annotation guidelines (F1) in their
// own window, so they can stay open beside the text.
func (w *workspace) showGuidelines() {
	md := w.schema.Guidelines
	if md == "" {
		md = tr("This database has no annotation guidelines yet. They are part of the label schema (Markdown).")
	}
	a := fyne.CurrentApp()
	if a == nil {
		return
	}
	if w.guide != nil {
		w.guide.RequestFocus()
		return
	}
	g := a.NewWindow(tr("Annotation guidelines"))
	rt := widget.NewRichTextFromMarkdown(md)
	rt.Wrapping = fyne.TextWrapWord
	g.SetContent(container.NewVScroll(rt))
	g.Resize(fyne.NewSize(560, 640))
	g.SetOnClosed(func() { w.guide = nil })
	w.guide = g
	g.Show()
}
