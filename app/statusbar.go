package app

import (
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
)

// statusBar is the window's bottom line: who is annotating, which
// document of how many, when the last edit was saved, and the last
// message, an error in one sentence or a short notice.
type statusBar struct {
	annotator string
	who       *widget.Label
	where     *widget.Label
	when      *widget.Label
	msg       *widget.Label
	// lastErr is the last error shown, for tests and logs.
	lastErr string
}

func newStatusBar(annotator string) *statusBar {
	b := &statusBar{
		annotator: annotator,
		who:       &widget.Label{},
		where:     &widget.Label{},
		when:      &widget.Label{},
		msg:       &widget.Label{Truncation: fyne.TextTruncateEllipsis},
	}
	b.setAnnotator(annotator)
	return b
}

func (b *statusBar) content() fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewHBox(b.who, b.where, b.when), nil, b.msg)
}

func (b *statusBar) setAnnotator(name string) {
	b.annotator = name
	b.who.SetText(tr("Annotator: {{.Name}}", map[string]any{"Name": name}))
}

func (b *statusBar) setPosition(n, total int) {
	b.where.SetText(tr("Document {{.N}} of {{.Total}}", map[string]any{"N": n, "Total": total}))
}

// saved shows when the last edit was committed; a commit also means the
// problem last shown is over, so the error goes.
func (b *statusBar) saved(t time.Time) {
	b.when.SetText(tr("Saved {{.Time}}", map[string]any{"Time": t.Format("15:04:05")}))
	if b.lastErr != "" {
		b.info("")
	}
}

// fail shows err's one sentence and logs the whole chain.
func (b *statusBar) fail(err error) {
	b.lastErr = annotate.ErrorMessage(err)
	if cause := errors.Unwrap(err); cause != nil {
		log.Printf("hashiya: %s (%v)", b.lastErr, cause)
	}
	b.msg.Importance = widget.DangerImportance
	b.msg.SetText(b.lastErr)
}

// info shows a notice and clears any error.
func (b *statusBar) info(s string) {
	b.lastErr = ""
	b.msg.Importance = widget.MediumImportance
	b.msg.SetText(s)
}

// userErr is a problem with what the annotator asked for, in one sentence.
func userErr(code annotate.Code, msg string) error {
	return &annotate.Error{Code: code, Message: msg}
}
