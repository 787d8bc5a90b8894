package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
)

// viewItem runs the View menu item whose label starts with prefix.
func (f *fixture) viewItem(prefix string) {
	f.t.Helper()
	for _, m := range f.menu.Items {
		for _, it := range m.Items {
			if strings.HasPrefix(it.Label, prefix) {
				it.Action()
				return
			}
		}
	}
	f.t.Fatalf("no menu item %q", prefix)
}

// layerOf is annotator's spans on the open document as "LABEL:text,...".
func (f *fixture) layerOf(annotator string) string {
	f.t.Helper()
	a, err := f.db.Annotations(context.Background(), f.ws.doc.ID, annotator)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, s := range a.Spans {
		out = append(out, fmt.Sprintf("%s:%s", s.Label, s.Text))
	}
	return strings.Join(out, ",")
}

// addSpans gives annotator spans on the first document: "start-end:LABEL".
func (f *fixture) addSpans(annotator string, spans ...annotate.Span) {
	f.t.Helper()
	for _, s := range spans {
		s.DocumentID, s.Annotator = f.ws.doc.ID, annotator
		if _, err := f.db.AddSpan(context.Background(), s); err != nil {
			f.t.Fatal(err)
		}
	}
}

// TestCurationByKeyboard: amal and bilal annotated the same text; the
// curator compares them, finds what they agree on already in gold's
// layer, and settles each disagreement with one key, every step one
// undo; merging one annotator and voting work from the menu; amal then
// sees what the curator changed of hers.
func TestCurationByKeyboard(t *testing.T) {
	f := newFixture(t, testTexts...) // "Barack Obama met Vladimir Putin in Moscow."
	f.addSpans(annotator,
		annotate.Span{Start: 0, End: 12, Label: "PER"},
		annotate.Span{Start: 17, End: 31, Label: "PER"},
		annotate.Span{Start: 35, End: 41, Label: "LOC"})
	f.addSpans("bilal",
		annotate.Span{Start: 0, End: 12, Label: "PER"},
		annotate.Span{Start: 17, End: 31, Label: "ORG"})
	f.ws.open(0)

	f.viewItem("Curation")
	test.Tap(overlayButton(t, f.win, "Curate"))
	f.wantNoError()
	if f.ws.annotator != "gold" || f.ws.status.annotator != "gold" {
		t.Fatalf("working as %q", f.ws.annotator)
	}
	// Agreed: Barack Obama, taken as one edit of gold's.
	if got := f.layerOf("gold"); got != "PER:Barack Obama" {
		t.Fatalf("gold after opening: %q", got)
	}
	if got := len(f.ws.curation.result.Disagreements); got != 2 {
		t.Fatalf("%d disagreements, want 2", got)
	}
	bands := map[int]int{}
	for _, m := range f.text.(*testText).marks() {
		bands[m.Band]++
	}
	if bands[1] != 3 || bands[2] != 2 {
		t.Fatalf("marks per strip row %v, want amal's 3 in row 1 and bilal's 2 in row 2", bands)
	}
	if !focusedIs(f.win, f.text) {
		t.Fatal("the text lost the focus")
	}

	f.press(fyne.KeyF7)
	if s, e := f.text.Selection(); s != 17 || e != 31 {
		t.Fatalf("F7 selected %d-%d, want Vladimir Putin", s, e)
	}
	f.typeKeys("2") // bilal's ORG
	f.wantNoError()
	if got := f.layerOf("gold"); got != "PER:Barack Obama,ORG:Vladimir Putin" {
		t.Fatalf("after 2: %q", got)
	}
	if got := f.disagreementRow(0); got != "as bilal|«Vladimir Putin»|1 amal: PER|2 bilal: ORG" {
		t.Fatalf("the first row reads %q", got)
	}
	if got := f.disagreementRow(1); got != "none|«Moscow»|1 amal: LOC|2 bilal: —" {
		t.Fatalf("the second row reads %q", got)
	}
	if s, e := f.text.Selection(); s != 35 || e != 41 {
		t.Fatalf("after taking, the selection is %d-%d, want the next disagreement (Moscow)", s, e)
	}
	f.typeKeys("1") // amal's LOC
	if got := f.layerOf("gold"); got != "PER:Barack Obama,ORG:Vladimir Putin,LOC:Moscow" {
		t.Fatalf("after 1: %q", got)
	}
	f.typeKeys("0") // none: Moscow goes
	if got := f.layerOf("gold"); got != "PER:Barack Obama,ORG:Vladimir Putin" {
		t.Fatalf("after 0: %q", got)
	}
	f.press(fyne.KeyF6)
	f.typeKeys("١") // amal's PER, typed on an Arabic keyboard
	if got := f.layerOf("gold"); got != "PER:Barack Obama,PER:Vladimir Putin" {
		t.Fatalf("after ١: %q", got)
	}
	f.typeKeys("9")
	if f.ws.status.lastErr == "" {
		t.Fatal("9 with two annotators said nothing")
	}
	f.ws.status.lastErr = ""

	// Each step is one undo of gold's, and amal's layer is untouched.
	for _, want := range []string{"PER:Barack Obama,ORG:Vladimir Putin", "PER:Barack Obama,ORG:Vladimir Putin,LOC:Moscow", "PER:Barack Obama,ORG:Vladimir Putin", "PER:Barack Obama"} {
		f.shortcut(&fyne.ShortcutUndo{})
		f.wantNoError()
		if got := f.layerOf("gold"); got != want {
			t.Fatalf("after undo: %q, want %q", got, want)
		}
	}
	if got := f.layerOf(annotator); got != "PER:Barack Obama,PER:Vladimir Putin,LOC:Moscow" {
		t.Fatalf("amal's layer changed: %q", got)
	}

	// Merge all from bilal: Putin as ORG; then everything with ≥ 1 vote
	// adds Moscow but not amal's PER Putin, which clashes with ORG.
	f.viewItem("Merge all from")
	pickInDialog(t, f.win, "bilal")
	test.Tap(overlayButton(t, f.win, "Merge"))
	if got := f.layerOf("gold"); got != "PER:Barack Obama,ORG:Vladimir Putin" {
		t.Fatalf("after merging bilal: %q", got)
	}
	f.viewItem("Accept everything with")
	pickInDialog(t, f.win, "1")
	test.Tap(overlayButton(t, f.win, "Accept"))
	if got := f.layerOf("gold"); got != "PER:Barack Obama,ORG:Vladimir Putin,LOC:Moscow" {
		t.Fatalf("after ≥ 1 vote: %q", got)
	}
	f.wantNoError()

	// Back as amal: the curator's changes list her Putin, relabelled.
	f.viewItem("Leave curation")
	if f.ws.annotator != annotator || f.ws.curation.on() {
		t.Fatalf("after leaving, working as %q", f.ws.annotator)
	}
	f.viewItem("Curator's changes")
	if got := overlayText(f.win); !strings.Contains(got, "PER «Vladimir Putin»: now ORG «Vladimir Putin»") {
		t.Fatalf("curator's changes show %q", got)
	}
}

// pickInDialog chooses option in the shown dialog's select.
func pickInDialog(t *testing.T, w fyne.Window, option string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok {
			s.SetSelected(option)
			return
		}
	}
	t.Fatal("the dialog has no select")
}

// TestCurationInArabic: in the mirrored UI the dialog's check boxes
// carry their names on labels (uiCheck), and curation still compares
// the annotators picked, not nameless ones.
func TestCurationInArabic(t *testing.T) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", "ar")
	t.Setenv("LC_ALL", "ar")
	sh, a := newTestShell(t, Options{Annotator: "amal"})
	setupLanguage(a.Preferences())
	sh.begin()
	ctx := context.Background()
	for _, s := range []annotate.Span{
		{Start: 0, End: 12, Label: "PER", Annotator: "amal"},
		{Start: 0, End: 12, Label: "PER", Annotator: "bilal"},
		{Start: 17, End: 31, Label: "ORG", Annotator: "bilal"},
	} {
		s.DocumentID = sh.ws.doc.ID
		if _, err := sh.ws.store.AddSpan(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	menuAction(t, sh.win.MainMenu(), fyneText("التحكيم…"))()
	test.Tap(overlayButton(t, sh.win, fyneText("حكِّم")))
	if got := strings.Join(sh.ws.curation.compared(), ","); got != "amal,bilal" {
		t.Fatalf("comparing %q", got)
	}
	if n := len(sh.ws.curation.result.Disagreements); n != 1 {
		t.Fatalf("%d disagreements, want 1", n)
	}
	if got := sh.ws.status.who.Text; got != "المُوسِّم: gold" {
		t.Fatalf("status bar reads %q", got)
	}
}

// disagreementRow is row i of the disagreements list, its shown labels
// joined by "|".
func (f *fixture) disagreementRow(i int) string {
	o := newDisagreementRow()
	f.ws.curation.updateRow(i, o)
	var out []string
	for _, l := range rowLabels(o) {
		if l.Visible() {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "|")
}

// TestUndoneAcceptStaysUndone: the curator undoes the automatic accept
// of the agreed spans; neither opening the document again, nor curating
// again, nor a new session puts them back, while a document the
// curator never touched still gets its agreed spans.
func TestUndoneAcceptStaysUndone(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.addSpans(annotator, annotate.Span{Start: 0, End: 12, Label: "PER"})
	f.addSpans("bilal", annotate.Span{Start: 0, End: 12, Label: "PER"})
	f.ws.open(0)
	curate := func() {
		t.Helper()
		f.viewItem("Curation")
		test.Tap(overlayButton(t, f.win, "Curate"))
		f.wantNoError()
	}
	curate()
	if got := f.layerOf("gold"); got != "PER:Barack Obama" {
		t.Fatalf("gold after the first visit: %q", got)
	}
	f.shortcut(&fyne.ShortcutUndo{})
	for _, step := range []struct {
		name string
		do   func()
	}{
		{"open again", func() { f.ws.open(1); f.ws.open(0) }},
		{"curate again", func() { f.viewItem("Leave curation"); curate() }},
		{"new session", func() { f.session(f.ws.prefs); f.ws.open(0); curate() }},
	} {
		step.do()
		if got := f.layerOf("gold"); got != "" {
			t.Fatalf("%s: gold has %q, want the undone accept to stay undone", step.name, got)
		}
	}
	// A document gold never edited is a first visit.
	ctx := context.Background()
	second := f.ws.docs[1].ID
	for _, who := range []string{annotator, "bilal"} {
		if _, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: second, Annotator: who, Start: 4, End: 10, Label: "PER"}); err != nil {
			t.Fatal(err)
		}
	}
	f.ws.open(1)
	if got := f.layerOf("gold"); got != "PER:الرئيس" {
		t.Fatalf("gold on a document never visited: %q", got)
	}
}

// TestTakeToEditByKeyboard: Ctrl+2 takes bilal's version of the first
// disagreement and stays there with the caret on it, so a palette
// button relabels the taken span (one more undo step) and the row says
// the curator edited it; F7 then goes on. The menu item does the same.
func TestTakeToEditByKeyboard(t *testing.T) {
	f := newFixture(t, testTexts...) // "Barack Obama met Vladimir Putin in Moscow."
	f.addSpans(annotator,
		annotate.Span{Start: 17, End: 31, Label: "PER"},
		annotate.Span{Start: 35, End: 41, Label: "LOC"})
	f.addSpans("bilal", annotate.Span{Start: 17, End: 31, Label: "ORG"})
	f.ws.open(0)
	f.viewItem("Curation")
	test.Tap(overlayButton(t, f.win, "Curate"))
	f.press(fyne.KeyF7)

	f.shortcut(ctrl(fyne.Key2))
	f.wantNoError()
	if got := f.layerOf("gold"); got != "ORG:Vladimir Putin" {
		t.Fatalf("after Ctrl+2: %q", got)
	}
	if s, e := f.text.Selection(); s != 17 || e != 17 || f.ws.curation.cur != 0 {
		t.Fatalf("after Ctrl+2 the selection is %d-%d on disagreement %d, want the caret at 17 on the first", s, e, f.ws.curation.cur)
	}
	if !focusedIs(f.win, f.text) {
		t.Fatal("the text lost the focus")
	}
	test.Tap(f.ws.labels["MISC"])
	f.wantNoError()
	if got := f.layerOf("gold"); got != "MISC:Vladimir Putin" {
		t.Fatalf("after the palette: %q", got)
	}
	if got := f.disagreementRow(0); got != "edited|«Vladimir Putin»|1 amal: PER|2 bilal: ORG" {
		t.Fatalf("the first row reads %q", got)
	}
	f.shortcut(&fyne.ShortcutUndo{})
	if got := f.layerOf("gold"); got != "ORG:Vladimir Putin" {
		t.Fatalf("one undo: %q, want the relabelling undone alone", got)
	}
	f.press(fyne.KeyF7)
	if s, e := f.text.Selection(); s != 35 || e != 41 {
		t.Fatalf("F7 selected %d-%d, want Moscow", s, e)
	}

	// The menu item asks whose version, then does as Ctrl+k.
	f.viewItem("Take a version and edit")
	pickInDialog(t, f.win, "1 amal")
	test.Tap(overlayButton(t, f.win, "Take"))
	f.wantNoError()
	if got := f.layerOf("gold"); got != "ORG:Vladimir Putin,LOC:Moscow" {
		t.Fatalf("after the menu: %q", got)
	}
	if s, e := f.text.Selection(); s != 35 || e != 35 {
		t.Fatalf("after the menu the selection is %d-%d, want the caret at 35", s, e)
	}
	f.shortcut(ctrl(fyne.Key9))
	if f.ws.status.lastErr == "" {
		t.Fatal("Ctrl+9 with two annotators said nothing")
	}
}

// stancesOf is annotator's stances on the open document as
// "target<holder:LABEL,...", with the number of their targets first.
func (f *fixture) stancesOf(annotator string) string {
	f.t.Helper()
	a, err := f.db.Annotations(context.Background(), f.ws.doc.ID, annotator)
	if err != nil {
		f.t.Fatal(err)
	}
	names := map[int64]string{annotate.AuthorHolder: "author"}
	for _, t := range a.Targets {
		names[t.ID] = t.Name
	}
	var out []string
	for _, st := range a.Stances {
		out = append(out, names[st.TargetID]+"<"+names[st.Holder]+":"+st.Label)
	}
	return fmt.Sprintf("%d targets %s", len(a.Targets), strings.Join(out, ","))
}

// addStance gives annotator a target (mentioning their spans at the
// given ranges) and, when label is not empty, a stance of the author's
// on it.
func (f *fixture) addStance(annotator, name string, label string, mentions ...[2]int) {
	f.t.Helper()
	ctx := context.Background()
	a, err := f.db.Annotations(ctx, f.ws.doc.ID, annotator)
	if err != nil {
		f.t.Fatal(err)
	}
	t := annotate.Target{DocumentID: f.ws.doc.ID, Annotator: annotator, Name: name}
	for _, m := range mentions {
		for _, s := range a.Spans {
			if s.Start == m[0] && s.End == m[1] {
				t.Mentions = append(t.Mentions, s.ID)
			}
		}
	}
	t, err = f.db.AddTarget(ctx, t)
	if err != nil {
		f.t.Fatal(err)
	}
	if label == "" {
		return
	}
	if _, err := f.db.AddStance(ctx, annotate.Stance{DocumentID: f.ws.doc.ID, Annotator: annotator, TargetID: t.ID, Label: label}); err != nil {
		f.t.Fatal(err)
	}
}

// TestCurationOfStancesByKeyboard: on the Arabic sample amal and bilal
// name the same targets differently (by an overlapping mention; by a
// name that differs in its hamza); the stance they agree on is in
// gold's layer on opening, with gold's own target mentioning gold's
// copy of the agreed span; the two stance disagreements come after the
// span disagreement and are taken with the same keys, one undo each.
func TestCurationOfStancesByKeyboard(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.ws.open(1) // "قال الرئيس الأسد إن جـ.رائم الحرب في إدلب مستمرة."
	f.addSpans(annotator, annotate.Span{Start: 4, End: 16, Label: "PER"}, annotate.Span{Start: 37, End: 41, Label: "LOC"})
	f.addSpans("bilal", annotate.Span{Start: 4, End: 16, Label: "PER"})
	f.addStance(annotator, "بشار الأسد", "AGAINST", [2]int{4, 16})
	f.addStance("bilal", "الرئيس", "AGAINST", [2]int{4, 16})
	f.addStance(annotator, "إدلب", "NEUTRAL", [2]int{37, 41})
	f.addStance("bilal", "ادلب", "FAVOR")
	f.addStance(annotator, "الحرب", "AGAINST")
	f.ws.open(1)

	f.viewItem("Curation")
	test.Tap(overlayButton(t, f.win, "Curate"))
	f.wantNoError()
	if got := f.layerOf("gold"); got != "PER:الرئيس الأسد" {
		t.Fatalf("gold's spans on opening: %q", got)
	}
	if got, want := f.stancesOf("gold"), "1 targets بشار الأسد<author:AGAINST"; got != want {
		t.Fatalf("gold's stances on opening: %q, want %q", got, want)
	}
	a, _ := f.db.Annotations(context.Background(), f.ws.doc.ID, "gold")
	if len(a.Targets[0].Mentions) != 1 || a.Targets[0].Mentions[0] != a.Spans[0].ID {
		t.Fatalf("gold's target mentions %v, want gold's own span %d", a.Targets[0].Mentions, a.Spans[0].ID)
	}
	if n := f.ws.curation.count(); n != 3 {
		t.Fatalf("%d disagreements listed, want إدلب's span and two stances", n)
	}
	if got := f.disagreementRow(1); got != "none|stance on «إدلب» held by the article|1 amal: NEUTRAL|2 bilal: FAVOR" {
		t.Fatalf("the first stance row reads %q", got)
	}

	f.press(fyne.KeyF7)
	f.press(fyne.KeyF7)
	if f.ws.curation.cur != 1 {
		t.Fatalf("two F7 went to disagreement %d", f.ws.curation.cur)
	}
	if s, e := f.text.Selection(); s != 37 || e != 41 {
		t.Fatalf("the stance on إدلب selected %d-%d, want amal's mention", s, e)
	}
	f.typeKeys("2") // bilal's FAVOR, with a target named as bilal named it
	f.wantNoError()
	if got, want := f.stancesOf("gold"), "2 targets بشار الأسد<author:AGAINST,ادلب<author:FAVOR"; got != want {
		t.Fatalf("after 2: %q, want %q", got, want)
	}
	if got := f.disagreementRow(1); !strings.HasPrefix(got, "as bilal|") {
		t.Fatalf("after 2 the row reads %q", got)
	}
	if f.ws.curation.cur != 2 {
		t.Fatalf("after 2 on disagreement %d, want the next", f.ws.curation.cur)
	}
	f.typeKeys("1") // amal's AGAINST on الحرب
	if got, want := f.stancesOf("gold"), "3 targets بشار الأسد<author:AGAINST,ادلب<author:FAVOR,الحرب<author:AGAINST"; got != want {
		t.Fatalf("after 1: %q, want %q", got, want)
	}
	f.typeKeys("0") // none: gold's stance on الحرب goes, its target stays
	if got, want := f.stancesOf("gold"), "3 targets بشار الأسد<author:AGAINST,ادلب<author:FAVOR"; got != want {
		t.Fatalf("after 0: %q, want %q", got, want)
	}
	f.press(fyne.KeyF6)
	f.typeKeys("1") // amal's NEUTRAL replaces bilal's FAVOR on gold's ادلب
	if got, want := f.stancesOf("gold"), "3 targets بشار الأسد<author:AGAINST,ادلب<author:NEUTRAL"; got != want {
		t.Fatalf("after F6 1: %q, want %q", got, want)
	}
	f.wantNoError()

	for _, want := range []string{
		"3 targets بشار الأسد<author:AGAINST,ادلب<author:FAVOR",
		"3 targets بشار الأسد<author:AGAINST,ادلب<author:FAVOR,الحرب<author:AGAINST",
		"2 targets بشار الأسد<author:AGAINST,ادلب<author:FAVOR",
		"1 targets بشار الأسد<author:AGAINST",
		"0 targets ",
	} {
		f.shortcut(&fyne.ShortcutUndo{})
		f.wantNoError()
		if got := f.stancesOf("gold"); got != want {
			t.Fatalf("after undo: %q, want %q", got, want)
		}
	}
	if got := f.layerOf("gold"); got != "PER:الرئيس الأسد" {
		t.Fatalf("undoing the stances touched gold's spans: %q", got)
	}
	// The undone accept of the agreed stance stays undone.
	f.viewItem("Leave curation")
	f.viewItem("Curation")
	test.Tap(overlayButton(t, f.win, "Curate"))
	if got := f.stancesOf("gold"); got != "0 targets " {
		t.Fatalf("curating again: %q, want the undone stance to stay undone", got)
	}
}

// TestCurationTakesWholeStances: on the Arabic sample, taking amal's
// stance copies its evidence as gold's evidence span, one undo and one
// redo for all of it; merging all of amal's and accepting by votes take
// her LOC span with the target mentioning it and her stance on it, map
// her الأسد onto gold's own target instead of making it twice, leave
// gold's stance there alone, and are one undo each.
func TestCurationTakesWholeStances(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.ws.open(1) // "قال الرئيس الأسد إن جـ.رائم الحرب في إدلب مستمرة."
	ctx := context.Background()
	f.addSpans(annotator, annotate.Span{Start: 4, End: 16, Label: "PER"}, annotate.Span{Start: 37, End: 41, Label: "LOC"})
	f.addSpans("bilal", annotate.Span{Start: 4, End: 16, Label: "PER"})
	f.addStance(annotator, "بشار الأسد", "AGAINST", [2]int{4, 16})
	f.addStance("bilal", "الرئيس", "FAVOR", [2]int{4, 16})
	f.addStance(annotator, "إدلب", "NEUTRAL", [2]int{37, 41})
	a, _ := f.db.Annotations(ctx, f.ws.doc.ID, annotator)
	if _, _, err := f.db.AddEvidence(ctx, a.Stances[0].ID, annotate.Span{DocumentID: f.ws.doc.ID, Annotator: annotator, Start: 20, End: 33, Kind: annotate.SpanEvidence}); err != nil {
		t.Fatal(err)
	}
	f.ws.open(1)
	f.viewItem("Curation")
	test.Tap(overlayButton(t, f.win, "Curate"))
	f.wantNoError()
	if n := f.ws.curation.count(); n != 3 {
		t.Fatalf("%d disagreements, want إدلب's span and two stances", n)
	}
	// gold's layer: spans, then stances with their evidence's text.
	state := func() string {
		t.Helper()
		g, err := f.db.Annotations(ctx, f.ws.doc.ID, "gold")
		if err != nil {
			t.Fatal(err)
		}
		var ev []string
		for _, st := range g.Stances {
			for _, id := range st.Evidence {
				for _, s := range g.Spans {
					if s.ID == id {
						ev = append(ev, s.Kind.String()+":"+s.Text)
					}
				}
			}
		}
		return f.layerOf("gold") + " | " + f.stancesOf("gold") + " | evidence " + strings.Join(ev, ",")
	}
	const agreed = "PER:الرئيس الأسد | 0 targets  | evidence "
	const took = "PER:الرئيس الأسد,:جـ.رائم الحرب | 1 targets بشار الأسد<author:AGAINST | evidence evidence:جـ.رائم الحرب"
	if got := state(); got != agreed {
		t.Fatalf("on opening: %q", got)
	}
	f.press(fyne.KeyF7)
	f.press(fyne.KeyF7)
	f.typeKeys("1") // amal's AGAINST, with her evidence
	f.wantNoError()
	if got := state(); got != took {
		t.Fatalf("after 1:\n got %q\nwant %q", got, took)
	}
	f.shortcut(&fyne.ShortcutUndo{})
	if got := state(); got != agreed {
		t.Fatalf("after undo: %q, want %q", got, agreed)
	}
	f.shortcut(&fyne.ShortcutRedo{})
	f.wantNoError()
	if got := state(); got != took {
		t.Fatalf("after redo: %q, want %q", got, took)
	}

	const merged = "PER:الرئيس الأسد,:جـ.رائم الحرب,LOC:إدلب | 2 targets بشار الأسد<author:AGAINST,إدلب<author:NEUTRAL | evidence evidence:جـ.رائم الحرب"
	g, _ := f.db.Annotations(ctx, f.ws.doc.ID, "gold")
	for _, tc := range []struct {
		item, option, button string
	}{
		{"Merge all from", "amal", "Merge"},
		{"Accept everything with", "1", "Accept"},
	} {
		f.viewItem(tc.item)
		pickInDialog(t, f.win, tc.option)
		test.Tap(overlayButton(t, f.win, tc.button))
		f.wantNoError()
		if got := state(); got != merged {
			t.Fatalf("%s %s:\n got %q\nwant %q", tc.item, tc.option, got, merged)
		}
		m, _ := f.db.Annotations(ctx, f.ws.doc.ID, "gold")
		loc := m.Spans[len(m.Spans)-1]
		if tg := m.Targets[1]; len(tg.Mentions) != 1 || tg.Mentions[0] != loc.ID {
			t.Fatalf("%s: gold's إدلب mentions %v, want gold's new LOC span %d", tc.item, tg.Mentions, loc.ID)
		}
		if m.Targets[0].ID != g.Targets[0].ID {
			t.Fatalf("%s replaced gold's own target", tc.item)
		}
		f.shortcut(&fyne.ShortcutUndo{})
		if got := state(); got != took {
			t.Fatalf("%s, then undo: %q, want %q", tc.item, got, took)
		}
	}

	// Back as amal, the curator's changes list her span and her stance
	// on إدلب, left out, but not her stance gold took.
	f.viewItem("Leave curation")
	f.viewItem("Curator's changes")
	got := overlayText(f.win)
	for _, want := range []string{"2 of your spans and stances differ", "LOC «إدلب»: left out", "NEUTRAL stance on «إدلب» held by the article: left out"} {
		if !strings.Contains(got, want) {
			t.Errorf("amal's curator's changes lack %q: %q", want, got)
		}
	}
	if strings.Contains(got, "AGAINST") {
		t.Errorf("amal's curator's changes list the stance gold took: %q", got)
	}
}

// TestCurationIsRemembered: starting the window again finds it in
// curation mode, as the same curator comparing the same annotators, on
// the document the curator had open; after leaving curation the next
// start is the annotator's own again.
func TestCurationIsRemembered(t *testing.T) {
	f := newFixture(t, testTexts...)
	f.addSpans(annotator, annotate.Span{Start: 0, End: 12, Label: "PER"})
	f.addSpans("bilal", annotate.Span{Start: 0, End: 12, Label: "PER"})
	f.viewItem("Curation")
	for _, e := range test.LaidOutObjects(f.win.Canvas().Overlays().Top()) {
		if e, ok := e.(*textview.Entry); ok {
			e.SetText("hakam")
		}
	}
	test.Tap(overlayButton(t, f.win, "Curate"))
	f.wantNoError()
	f.ws.open(1)
	second := f.ws.doc.ID

	f.session(f.ws.prefs)
	f.wantNoError()
	if f.ws.annotator != "hakam" || f.ws.status.annotator != "hakam" {
		t.Fatalf("after a restart working as %q", f.ws.annotator)
	}
	if got := strings.Join(f.ws.curation.compared(), ","); got != "amal,bilal" {
		t.Fatalf("after a restart comparing %q", got)
	}
	if f.ws.doc.ID != second {
		t.Fatalf("after a restart on document %d, want %d, the curator's last", f.ws.doc.ID, second)
	}
	if f.ws.curation.pane.Hidden {
		t.Fatal("after a restart the disagreements panel is hidden")
	}
	f.viewItem("Leave curation")
	if f.ws.annotator != annotator {
		t.Fatalf("leaving the restored curation works as %q, want %q", f.ws.annotator, annotator)
	}
	f.session(f.ws.prefs)
	if f.ws.annotator != annotator || f.ws.curation.on() {
		t.Fatalf("after leaving and a restart working as %q, curating: %v", f.ws.annotator, f.ws.curation.on())
	}
}
