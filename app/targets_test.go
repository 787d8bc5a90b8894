package app

import (
	"fyne.io/fyne/v2/widget"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
)

// TestStanceFlow drives the whole annotation of a document by keyboard
// and pointer: select, label, target, stance, evidence, holder, note,
// topic, done, next; then undoes back through it.
func TestStanceFlow(t *testing.T) {
	f := newFixture(t, testTexts...)
	p := f.ws.targets

	f.text.SetSelection(0, 12)
	f.typeKeys("1") // PER Barack Obama
	f.typeKeys("t") // target from the selected span
	f.wantNoError()
	a := f.annotations()
	if len(a.Targets) != 1 || a.Targets[0].Name != "Barack Obama" || len(a.Targets[0].Mentions) != 1 || a.Targets[0].Mentions[0] != a.Spans[0].ID {
		t.Fatalf("targets %+v", a.Targets)
	}
	if f.ws.selTgt != a.Targets[0].ID {
		t.Fatal("the new target is not picked")
	}
	obama := a.Targets[0].ID

	f.typeKeys("f") // FAVOR, held by the article
	f.wantNoError()
	a = f.annotations()
	if len(a.Stances) != 1 || a.Stances[0].Label != "FAVOR" || a.Stances[0].Holder != annotate.AuthorHolder || a.Stances[0].TargetID != obama {
		t.Fatalf("stances %+v", a.Stances)
	}
	f.typeKeys("a") // relabel the same stance
	if a = f.annotations(); len(a.Stances) != 1 || a.Stances[0].Label != "AGAINST" {
		t.Fatalf("stances %+v", a.Stances)
	}
	if p.stance.Text != "Stance: AGAINST" {
		t.Fatalf("panel reads %q", p.stance.Text)
	}

	f.text.SetSelection(17, 31)
	f.typeKeys("1") // PER Vladimir Putin
	f.typeKeys("e") // the same words as evidence for the stance towards Obama
	f.wantNoError()
	a = f.annotations()
	var quote annotate.Span
	for _, s := range a.Spans {
		if s.Kind == annotate.SpanEvidence {
			quote = s
		}
	}
	if ev := a.Stances[0].Evidence; len(ev) != 1 || ev[0] != quote.ID || quote.Text != "Vladimir Putin" || quote.Label != "" {
		t.Fatalf("evidence %v, want an evidence span over Vladimir Putin (%+v)", ev, quote)
	}
	f.typeKeys("m") // and a mention of the target (wrong, but allowed)
	if a = f.annotations(); len(a.Targets[0].Mentions) != 2 {
		t.Fatalf("mentions %v", a.Targets[0].Mentions)
	}

	// A free-text target whose stance is held by a quoted speaker.
	p.name.SetText("sanctions")
	test.Tap(p.buttons["named"])
	f.wantNoError()
	a = f.annotations()
	if len(a.Targets) != 2 || a.Targets[1].Name != "sanctions" || f.ws.selTgt != a.Targets[1].ID {
		t.Fatalf("targets %+v, picked %d", a.Targets, f.ws.selTgt)
	}
	p.holder.SetSelected("Barack Obama")
	test.Tap(p.buttons["stance:NEUTRAL"])
	f.wantNoError()
	a = f.annotations()
	if len(a.Stances) != 2 || a.Stances[1].Holder != obama || a.Stances[1].Label != "NEUTRAL" {
		t.Fatalf("stances %+v", a.Stances)
	}
	p.note.SetText("quoted in paragraph 2")
	p.note.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a = f.annotations(); a.Stances[1].Note != "quoted in paragraph 2" {
		t.Fatalf("note %q", a.Stances[1].Note)
	}

	// The document's overall stance.
	test.Tap(p.buttons["topic"])
	f.typeKeys("n")
	f.wantNoError()
	a = f.annotations()
	var topic annotate.Target
	for _, tg := range a.Targets {
		if tg.Topic {
			topic = tg
		}
	}
	if topic.ID == 0 || len(a.Stances) != 3 || a.Stances[2].TargetID != topic.ID || a.Stances[2].Label != "NEUTRAL" {
		t.Fatalf("topic %+v, stances %+v", topic, a.Stances)
	}
	test.Tap(p.buttons["topic"])
	if f.ws.status.lastErr == "" {
		t.Fatal("a second topic was not refused")
	}

	f.shortcut(ctrl(fyne.KeyReturn))
	if f.ws.cur != 1 || f.ws.docs[0].Status != annotate.StatusDone {
		t.Fatalf("open %d, status %q", f.ws.cur, f.ws.docs[0].Status)
	}

	// Undo walks back: the "done", then the topic's stance, in the first document.
	f.shortcut(&fyne.ShortcutUndo{})
	if f.ws.cur != 0 || f.ws.docs[0].Status == annotate.StatusDone {
		t.Fatalf("undo done: open %d, status %q", f.ws.cur, f.ws.docs[0].Status)
	}
	f.shortcut(&fyne.ShortcutUndo{})
	if n := len(f.ws.ann.Stances); n != 2 {
		t.Fatalf("after undoing the topic stance %d stances are shown", n)
	}
	f.shortcut(&fyne.ShortcutRedo{})
	if n := len(f.ws.ann.Stances); n != 3 {
		t.Fatalf("after redo %d stances are shown", n)
	}
}

func TestStanceKeysNeedATarget(t *testing.T) {
	f := newFixture(t, testTexts...)
	for _, k := range []string{"f", "e", "m", "t"} {
		f.ws.status.info("")
		f.typeKeys(k)
		if f.ws.status.lastErr == "" {
			t.Errorf("%q with nothing picked gave no hint", k)
		}
	}
	if a := f.annotations(); len(a.Targets)+len(a.Stances) != 0 {
		t.Fatalf("stored %+v", a)
	}
}

func TestStanceWriteFailureIsShown(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.text.SetSelection(0, 12)
	f.typeKeys("1t")
	f.store.failOn("AddStance", errDiskFull)
	f.typeKeys("f")
	if f.ws.status.lastErr != errDiskFull.Message || len(f.ws.ann.Stances) != 0 {
		t.Fatalf("status %q, stances %d", f.ws.status.lastErr, len(f.ws.ann.Stances))
	}
}

// TestButtonsGiveTheFocusBack: after a click on a palette or panel
// button the text has the focus again, so the next hotkey works.
func TestButtonsGiveTheFocusBack(t *testing.T) {
	f := newFixture(t, testTexts...)
	for name, b := range map[string]*widget.Button{"PER": f.ws.labels["PER"], "topic": f.ws.targets.buttons["topic"], "stance": f.ws.targets.buttons["stance:FAVOR"]} {
		f.win.Canvas().Focus(b)
		test.Tap(b)
		if !focusedIs(f.win, f.text) {
			t.Errorf("after %s the focus is on %T", name, f.win.Canvas().Focused())
		}
	}
}
