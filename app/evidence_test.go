package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"hashiya/annotate"
)

// TestAttachEvidenceQuote: E on a selected quote makes an evidence span
// of it (trimmed, no label asked for, not an entity) attached to the
// current stance; one Ctrl+Z takes back both.
func TestAttachEvidenceQuote(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(0, 12)
	f.typeKeys("1") // PER Barack Obama
	f.typeKeys("t")
	f.typeKeys("f")
	f.wantNoError()

	f.text.SetSelection(12, 42) // " met Vladimir Putin in Moscow." with its leading space
	f.typeKeys("e")
	f.wantNoError()
	a := f.annotations()
	if len(a.Spans) != 2 {
		t.Fatalf("spans %s", f.spans())
	}
	ev := a.Spans[1]
	if ev.Kind != annotate.SpanEvidence || ev.Label != "" || ev.Text != "met Vladimir Putin in Moscow." || ev.Start != 13 {
		t.Fatalf("evidence span %+v", ev)
	}
	if got := a.Stances[0].Evidence; len(got) != 1 || got[0] != ev.ID {
		t.Fatalf("stance evidence %v, want [%d]", got, ev.ID)
	}
	f.shortcut(&fyne.ShortcutUndo{})
	a = f.annotations()
	if len(a.Spans) != 1 || len(a.Stances[0].Evidence) != 0 {
		t.Fatalf("after one undo: spans %s, evidence %v", f.spans(), a.Stances[0].Evidence)
	}
	f.shortcut(&fyne.ShortcutRedo{})
	if a = f.annotations(); len(a.Spans) != 2 || len(a.Stances[0].Evidence) != 1 {
		t.Fatalf("after redo: spans %s", f.spans())
	}

	// Nothing but white space selected: a sentence, no span.
	f.text.SetSelection(12, 13)
	f.typeKeys("e")
	if f.ws.status.lastErr == "" {
		t.Fatal("a blank selection became evidence")
	}
}

// TestLabelTrimsSelection is the Shift+Left ×3 before a name: the
// selection takes the space before it, the span does not.
func TestLabelTrimsSelection(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(16, 31) // " Vladimir Putin"
	f.typeKeys("1")
	f.wantNoError()
	a := f.annotations()
	if len(a.Spans) != 1 || a.Spans[0].Text != "Vladimir Putin" || a.Spans[0].Start != 17 {
		t.Fatalf("spans %s", f.spans())
	}
	f.text.SetSelection(12, 13) // a lone space
	f.typeKeys("2")
	if f.ws.status.lastErr == "" || len(f.annotations().Spans) != 1 {
		t.Fatalf("a blank selection was labelled (status %q)", f.ws.status.lastErr)
	}
}
