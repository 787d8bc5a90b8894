package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
)

// chooseInSelect opens the select s with a tap and taps the menu item
// reading option, as the pointer would.
func chooseInSelect(t *testing.T, win fyne.Window, s fyne.Tappable, option string) {
	t.Helper()
	test.Tap(s)
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the dropdown did not open")
	}
	// A menu item is the last tappable laid out before its text.
	var item fyne.Tappable
	for _, o := range test.LaidOutObjects(top) {
		if tp, ok := o.(fyne.Tappable); ok {
			item = tp
		}
		if txt, ok := o.(*canvas.Text); ok && txt.Text == option && item != nil {
			test.Tap(item)
			return
		}
	}
	t.Fatalf("the dropdown offers no %q", option)
}

func (f *fixture) targetNamed(name string) annotate.Target {
	f.t.Helper()
	for _, tg := range f.annotations().Targets {
		if tg.Name == name {
			return tg
		}
	}
	f.t.Fatalf("no target %q in %+v", name, f.annotations().Targets)
	return annotate.Target{}
}

// TestHolderFromSpan: a PER span that is no target is offered as holder;
// choosing it with the mouse makes its target in one undoable edit, picks
// it as holder and gives the text the focus, so F sets the stance at once.
// Picking another target rebuilds the list at once; H cycles holders.
func TestHolderFromSpan(t *testing.T) {
	f := newFixture(t, testTexts...)
	p := f.ws.targets
	f.text.SetSelection(0, 12)
	f.typeKeys("1t") // PER Barack Obama, made a target and picked
	f.text.SetSelection(17, 31)
	f.typeKeys("1") // PER Vladimir Putin, no target
	f.text.SetSelection(35, 41)
	f.typeKeys("2") // ORG Moscow (for the test), no target
	f.wantNoError()
	want := []string{"The article", "Vladimir Putin (PER)", "Moscow (ORG)"}
	if !slices.Equal(p.holder.Options, want) {
		t.Fatalf("holders %q, want %q", p.holder.Options, want)
	}

	chooseInSelect(t, f.win, p.holder, "Vladimir Putin (PER)")
	f.wantNoError()
	putin := f.targetNamed("Vladimir Putin")
	if len(putin.Mentions) != 1 || p.holderID() != putin.ID || p.holder.Selected != "Vladimir Putin" {
		t.Fatalf("holder %d (%q), Putin's target %+v", p.holderID(), p.holder.Selected, putin)
	}
	if !focusedIs(f.win, f.text) {
		t.Fatalf("after the dropdown the focus is on %T", f.win.Canvas().Focused())
	}
	f.typeKeys("f")
	a := f.annotations()
	if len(a.Stances) != 1 || a.Stances[0].Holder != putin.ID || a.Stances[0].Label != "FAVOR" {
		t.Fatalf("stances %+v", a.Stances)
	}
	// The span now holds through its target: offered once, by name.
	want = []string{"The article", "Vladimir Putin", "Moscow (ORG)"}
	if !slices.Equal(p.holder.Options, want) {
		t.Fatalf("holders %q, want %q", p.holder.Options, want)
	}

	// Picking Putin's target: the list no longer offers him as his own
	// holder, and offers Obama.
	for i, tg := range f.ws.ann.Targets {
		if tg.ID == putin.ID {
			p.list.Select(i)
		}
	}
	want = []string{"The article", "Barack Obama", "Moscow (ORG)"}
	if !slices.Equal(p.holder.Options, want) || p.holderID() != annotate.AuthorHolder {
		t.Fatalf("after picking Putin the holders are %q (holder %d)", p.holder.Options, p.holderID())
	}

	// H with the caret off any span cycles the targets, then the article.
	f.text.SetSelection(14, 14)
	f.typeKeys("h")
	if p.holder.Selected != "Barack Obama" {
		t.Fatalf("H picked %q", p.holder.Selected)
	}
	f.typeKeys("h")
	if p.holder.Selected != "The article" {
		t.Fatalf("H again picked %q", p.holder.Selected)
	}
	// H with the caret on an ORG span makes it the holder.
	f.text.SetSelection(37, 37)
	f.typeKeys("h")
	moscow := f.targetNamed("Moscow")
	if p.holderID() != moscow.ID {
		t.Fatalf("H on Moscow: holder %d (%q)", p.holderID(), p.holder.Selected)
	}
	// Undo takes the holder's target away again, and the list with it.
	f.shortcut(&fyne.ShortcutUndo{})
	if slices.Contains(p.holder.Options, "Moscow") || !slices.Contains(p.holder.Options, "Moscow (ORG)") {
		t.Fatalf("after undo the holders are %q", p.holder.Options)
	}
}
