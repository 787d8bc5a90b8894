package app

import (
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"

	"hashiya/annotate"
	"hashiya/app/textview"
)

// statusBar is the window's bottom line: who is annotating, which
// document of how many, when the last edit was saved, and the last
// message, an error in one sentence or a short notice.
type statusBar struct {
	annotator string
	who       *textview.Label
	where     *textview.Label
	when      *textview.Label
	msg       *textview.Label
	// lastErr is the last error shown, for tests and logs.
	lastErr string
	// shown counts the messages shown, so that a timer set for one
	// message never clears a later one.
	shown int
	// after runs f once d has passed, on some goroutine; tests replace
	// it to run the timers when they choose.
	after func(d time.Duration, f func())
}

// statusTimer runs f once d has passed, on a goroutine of its own.
// Tests replace it: Fyne's test driver runs fyne.Do on the calling
// goroutine, so a real timer would touch widgets from a second one.
var statusTimer = func(d time.Duration, f func()) { time.AfterFunc(d, f) }

// How long a message stays up when nothing else replaces it: a notice
// says something done, an error something to act on, so it stays longer.
const (
	noticeLife = 6 * time.Second
	errorLife  = 20 * time.Second
)

func newStatusBar(annotator string) *statusBar {
	b := &statusBar{
		annotator: annotator,
		who:       uiLabel(""),
		where:     uiLabel(""),
		when:      uiLabel(""),
		msg:       uiTruncating(""),
		after:     statusTimer,
	}
	b.setAnnotator(annotator)
	return b
}

func (b *statusBar) content() fyne.CanvasObject {
	return leadTrail(hbox(b.who, b.where, b.when), nil, b.msg)
}

func (b *statusBar) setAnnotator(name string) {
	b.annotator = name
	b.who.SetText(tr("Annotator: {{.Name}}", map[string]any{"Name": name}))
}

func (b *statusBar) setPosition(n, total int) {
	b.where.SetText(tr("Document {{.N}} of {{.Total}}", map[string]any{"N": n, "Total": total}))
}

// saved shows when the last edit was committed; a commit also means the
// message last shown is about an earlier step (the problem is over, the
// notice is old news), so it goes.
func (b *statusBar) saved(t time.Time) {
	b.when.SetText(tr("Saved {{.Time}}", map[string]any{"Time": t.Format("15:04:05")}))
	if b.msg.Text != "" {
		b.info("")
	}
}

// show puts text up and has it cleared after life, unless another
// message has replaced it by then.
func (b *statusBar) show(text string, life time.Duration) {
	b.shown++
	b.msg.SetText(text)
	if text == "" {
		return
	}
	n := b.shown
	b.after(life, func() {
		fyne.Do(func() {
			if b.shown == n {
				b.info("")
			}
		})
	})
}

// fail shows err's one sentence and logs the whole chain.
func (b *statusBar) fail(err error) {
	b.lastErr = errorText(err)
	if cause := errors.Unwrap(err); cause != nil {
		log.Printf("hashiya: %s (%v)", b.lastErr, cause)
	}
	b.msg.Color = dangerColor()
	b.show(b.lastErr, errorLife)
}

// info shows a notice and clears any error.
func (b *statusBar) info(s string) {
	b.lastErr = ""
	b.msg.Color = nil
	b.show(s, noticeLife)
}

// state shows a notice about how things stand (no documents, all done)
// that stays until the next message, since it stays true until then.
func (b *statusBar) state(s string) {
	b.info(s)
	b.shown++ // the timer info set no longer matches
}

// userErr is a problem with what the annotator asked for, in one sentence.
func userErr(code annotate.Code, msg string) error {
	return &annotate.Error{Code: code, Message: msg}
}
