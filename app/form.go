package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hashiya/app/textview"
)

// confirmDialog is Hashiya's dialog.NewCustomConfirm: in a right-to-left
// UI the title heads the content on the right (Fyne puts it on the
// left) and the buttons are in reading order (confirm last, so on the
// left in Arabic).
type confirmDialog struct {
	d       *dialog.CustomDialog
	confirm *widget.Button
	cb      func(bool)
	done    bool
}

// newConfirmDialog makes the dialog; cb gets true when confirmed.
func newConfirmDialog(title, confirm, dismiss string, content fyne.CanvasObject, cb func(bool), win fyne.Window) *confirmDialog {
	c := &confirmDialog{cb: cb}
	title, content = titled(title, content)
	c.d = dialog.NewCustomWithoutButtons(title, content, win)
	c.confirm = &widget.Button{Text: fyneText(confirm), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: func() { c.close(true) }}
	cancel := &widget.Button{Text: fyneText(dismiss), Icon: theme.CancelIcon(), OnTapped: func() { c.close(false) }}
	c.d.SetButtons([]fyne.CanvasObject{hbox(cancel, c.confirm)})
	c.d.SetOnClosed(func() {
		if !c.done { // closed by Escape or a click outside
			c.done = true
			if c.cb != nil {
				c.cb(false)
			}
		}
	})
	return c
}

func (c *confirmDialog) Show()              { c.d.Show() }
func (c *confirmDialog) Hide()              { c.done = true; c.d.Hide() } // no callback
func (c *confirmDialog) Resize(s fyne.Size) { c.d.Resize(s) }
func (c *confirmDialog) MinSize() fyne.Size { return c.d.MinSize() }
func (c *confirmDialog) Dismiss()           { c.close(false) }

func (c *confirmDialog) close(ok bool) {
	if c.done {
		return
	}
	c.done = true
	c.d.Hide()
	if c.cb != nil {
		c.cb(ok)
	}
}

// formDialog is Hashiya's dialog.NewForm: a confirmDialog holding rows of
// label, field and hint, with labels and hints drawn in the UI's
// direction by textview.Label and labels right of their fields in a
// right-to-left UI. A field that validates (fyne.Validatable) shows its
// error in place of its hint and disables the confirm button while it is
// wrong.
type formDialog struct {
	*confirmDialog
	items []*widget.FormItem
}

// newFormDialog makes the dialog; cb gets true when confirmed.
func newFormDialog(title, confirm, dismiss string, items []*widget.FormItem, cb func(bool), win fyne.Window) *formDialog {
	f := &formDialog{items: items}
	f.confirmDialog = newConfirmDialog(title, confirm, dismiss, f.content(), cb, win)
	f.validate()
	return f
}

// showFormDialog makes and shows the dialog.
func showFormDialog(title, confirm, dismiss string, items []*widget.FormItem, cb func(bool), win fyne.Window) {
	newFormDialog(title, confirm, dismiss, items, cb, win).Show()
}

// Submit confirms the dialog, as the confirm button does, unless a
// field is invalid.
func (f *formDialog) Submit() {
	if f.validate() != nil {
		return
	}
	f.close(true)
}

// validate checks every field that validates and enables the confirm
// button only when all pass; it returns the first error.
func (f *formDialog) validate() error {
	var first error
	for _, it := range f.items {
		if v, ok := it.Widget.(fyne.Validatable); ok {
			if err := v.Validate(); err != nil && first == nil {
				first = err
			}
		}
	}
	if f.confirm != nil {
		if first != nil {
			f.confirm.Disable()
		} else {
			f.confirm.Enable()
		}
	}
	return first
}

// content lays the rows out: a column of labels and one of fields (the
// labels on the leading side), each field with its hint below it.
func (f *formDialog) content() fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, it := range f.items {
		field := it.Widget
		if c, ok := field.(*widget.Check); ok {
			field = uiCheck(c)
		}
		if it.HintText != "" || isValidatable(it.Widget) {
			hint := uiLabel(it.HintText)
			hint.Color = theme.Color(theme.ColorNamePlaceHolder)
			if v, ok := it.Widget.(fyne.Validatable); ok {
				text := it.HintText
				v.SetOnValidationChanged(func(err error) {
					if err != nil {
						hint.Color = theme.Color(theme.ColorNameError)
						hint.SetText(err.Error())
					} else {
						hint.Color = theme.Color(theme.ColorNamePlaceHolder)
						hint.SetText(text)
					}
					f.validate()
				})
			}
			field = container.NewVBox(it.Widget, hint)
		}
		var label fyne.CanvasObject = layout.NewSpacer()
		if it.Text != "" {
			l := uiLabel(it.Text)
			l.TextStyle = fyne.TextStyle{Bold: true}
			label = container.NewVBox(l) // at the top of a field with a hint
		}
		rows = append(rows, label, field)
	}
	return container.New(&formLayout{}, rows...)
}

func isValidatable(o fyne.CanvasObject) bool {
	_, ok := o.(fyne.Validatable)
	return ok
}

// formLayout lays pairs of (label, field) objects out in rows: the
// labels in a column as wide as the widest, on the left in a
// left-to-right UI and on the right in a right-to-left one, the fields
// taking the rest of the width.
type formLayout struct{}

func (l *formLayout) widths(objs []fyne.CanvasObject) (label float32, field float32) {
	for i := 0; i+1 < len(objs); i += 2 {
		label = max(label, objs[i].MinSize().Width)
		field = max(field, objs[i+1].MinSize().Width)
	}
	return label, field
}

func (l *formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	lw, fw := l.widths(objs)
	var h float32
	for i := 0; i+1 < len(objs); i += 2 {
		if i > 0 {
			h += pad
		}
		h += max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
	}
	return fyne.NewSize(lw+pad+fw, h)
}

func (l *formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	lw, _ := l.widths(objs)
	fw := size.Width // no labels: the fields take the whole width
	var labelX, fieldX float32
	if lw > 0 {
		fw = max(size.Width-lw-pad, 0)
		if uiRTL() {
			labelX = fw + pad
		} else {
			fieldX = lw + pad
		}
	}
	var y float32
	for i := 0; i+1 < len(objs); i += 2 {
		label, field := objs[i], objs[i+1]
		h := max(label.MinSize().Height, field.MinSize().Height)
		label.Move(fyne.NewPos(labelX, y))
		label.Resize(fyne.NewSize(lw, h))
		field.Move(fyne.NewPos(fieldX, y))
		field.Resize(fyne.NewSize(fw, h))
		y += h + pad
	}
}

// uiDialog is dialog.NewCustom with the title where the UI reads from:
// in a right-to-left UI it heads the content on the right, since Fyne
// puts a dialog's title on the left.
func uiDialog(title, dismiss string, content fyne.CanvasObject, win fyne.Window) *dialog.CustomDialog {
	title, content = titled(title, content)
	return dialog.NewCustom(title, fyneText(dismiss), content, win)
}

// titled returns the title to give Fyne's dialog and the content to put
// in it: as they are in a left-to-right UI; in a right-to-left one no
// title, and the title heading the content on the right, since Fyne puts
// a dialog's title on the left.
func titled(title string, content fyne.CanvasObject) (string, fyne.CanvasObject) {
	if !uiRTL() {
		return title, content
	}
	return "", container.NewBorder(uiTitle(title), nil, nil, nil, content)
}

// uiCheck shows a check box with its text drawn by textview.Label, the
// box on the leading side: on the right in a right-to-left UI, where
// Fyne's own check box would keep it on the left. A tap on the text
// toggles the box, as on Fyne's.
func uiCheck(c *widget.Check) fyne.CanvasObject {
	if !uiRTL() || c.Text == "" {
		return c
	}
	text := c.Text
	c.Text = ""
	// Not uiLabel: the widget to extend is the tappable one.
	l := &tappableLabel{Label: &textview.Label{Text: text, Direction: uiDirection(), Fit: true}, tapped: func() { c.SetChecked(!c.Checked) }}
	l.ExtendBaseWidget(l)
	return leadTrail(c, nil, l)
}

// tappableLabel is a textview.Label that does something when tapped.
type tappableLabel struct {
	*textview.Label
	tapped func()
}

func (l *tappableLabel) Tapped(*fyne.PointEvent) {
	if l.tapped != nil {
		l.tapped()
	}
}
