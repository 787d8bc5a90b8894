package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
)

func (f *fixture) secondaryMarks() []string {
	var out []string
	for _, m := range f.text.(*testText).marks() {
		if m.Secondary {
			out = append(out, m.Label)
		}
	}
	return out
}

// TestOtherAnnotatorsSpans: pre-annotations imported under "imported"
// are invisible until View › Show another annotator's spans picks them;
// then they are drawn greyed, Y accepts the one under the caret as the
// annotator's own (undoable), Shift+Y the rest.
func TestOtherAnnotatorsSpans(t *testing.T) {
	f := newFixture(t, testTexts...)
	ctx := context.Background()
	for _, s := range []annotate.Span{
		{Start: 0, End: 12, Label: "PER", Text: "Barack Obama"},
		{Start: 17, End: 31, Label: "PER", Text: "Vladimir Putin"},
		{Start: 35, End: 41, Label: "LOC", Text: "Moscow"},
	} {
		s.DocumentID, s.Annotator, s.Origin = f.ws.doc.ID, "imported", annotate.OriginImported
		if _, err := f.db.AddSpan(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	f.ws.open(0)
	if got := f.secondaryMarks(); len(got) != 0 {
		t.Fatalf("others' spans shown before asked: %q", got)
	}

	for _, it := range f.menu.Items[3].Items {
		if strings.HasPrefix(it.Label, "Show another annotator") {
			it.Action()
		}
	}
	var pick *widget.Select
	for _, o := range test.LaidOutObjects(f.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok {
			pick = s
		}
	}
	if pick == nil || len(pick.Options) != 2 || pick.Options[1] != "imported" {
		t.Fatalf("the dialog offers %v", pick)
	}
	pick.SetSelected("imported")
	test.Tap(overlayButton(t, f.win, "Show"))
	if got := strings.Join(f.secondaryMarks(), ","); got != "PER · imported,PER · imported,LOC · imported" {
		t.Fatalf("greyed marks %q", got)
	}
	if !focusedIs(f.win, f.text) {
		t.Fatal("the text lost the focus")
	}

	f.text.SetSelection(20, 20)
	f.typeKeys("y")
	f.wantNoError()
	if got := f.spans(); got != "PER:Vladimir Putin" {
		t.Fatalf("after Y own spans are %q", got)
	}
	if a := f.annotations(); a.Spans[0].Annotator != annotator || a.Spans[0].Origin != annotate.OriginImported {
		t.Fatalf("accepted span %+v", a.Spans[0])
	}
	if n := len(f.secondaryMarks()); n != 2 {
		t.Fatalf("after Y %d greyed marks, want 2", n)
	}
	f.shortcut(&fyne.ShortcutUndo{})
	if f.spans() != "" || len(f.secondaryMarks()) != 3 {
		t.Fatalf("after undo: own %q, %d greyed", f.spans(), len(f.secondaryMarks()))
	}

	f.typeKeys("Y")
	if got := f.spans(); got != "PER:Barack Obama,PER:Vladimir Putin,LOC:Moscow" {
		t.Fatalf("after Shift+Y own spans are %q", got)
	}
	if len(f.secondaryMarks()) != 0 || !strings.Contains(f.ws.status.msg.Text, "Accepted 3 span(s)") {
		t.Fatalf("greyed %q, status %q", f.secondaryMarks(), f.ws.status.msg.Text)
	}
	f.typeKeys("Y")
	if f.ws.status.lastErr == "" {
		t.Fatal("Shift+Y with nothing left said nothing")
	}

	// The choice is remembered for the next session.
	if got := fyne.CurrentApp().Preferences().String(prefOther); got != "imported" {
		t.Fatalf("remembered %q", got)
	}
}
