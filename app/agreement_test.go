package app

import (
	"bytes"
	"context"
	"hashiya/annotate/agree"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"hashiya/annotate"
	"hashiya/app/cli"
	"hashiya/app/textview"
	"hashiya/storage"
)

// annotateTest gives annotator spans (each the first occurrence of its
// text in the document) through the ordinary edits, and a status.
func annotateTest(t *testing.T, db *storage.DB, docID int64, annotator string, st annotate.Status, spans ...[2]string) {
	t.Helper()
	ctx := context.Background()
	doc, err := db.Document(ctx, docID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range spans {
		i := strings.Index(doc.Text, sp[0])
		if i < 0 {
			t.Fatalf("%q is not in document %d", sp[0], docID)
		}
		start := len([]rune(doc.Text[:i]))
		if _, err := db.AddSpan(ctx, annotate.Span{DocumentID: docID, Annotator: annotator, Start: start, End: start + len([]rune(sp[0])), Label: sp[1]}); err != nil {
			t.Fatal(err)
		}
	}
	if st != "" {
		if err := db.SetStatus(ctx, docID, annotator, st); err != nil {
			t.Fatal(err)
		}
	}
}

// teamShell is a test shell whose database sara and omar annotated
// differently; both marked documents 1 and 2 done.
func teamShell(t *testing.T) (*shell, *storage.DB) {
	t.Helper()
	sh, _ := newTestShell(t, Options{Annotator: "sara"})
	db := sh.store.(*storage.DB)
	annotateTest(t, db, 1, "sara", annotate.StatusDone, [2]string{"Barack Obama", "PER"}, [2]string{"Vladimir Putin", "PER"}, [2]string{"Moscow", "LOC"})
	annotateTest(t, db, 1, "omar", annotate.StatusDone, [2]string{"Barack Obama", "PER"}, [2]string{"Putin", "PER"}, [2]string{"Moscow", "ORG"})
	annotateTest(t, db, 2, "sara", annotate.StatusDone, [2]string{"الأسد", "PER"}, [2]string{"إدلب", "LOC"})
	annotateTest(t, db, 2, "omar", annotate.StatusDone, [2]string{"الرئيس الأسد", "PER"}, [2]string{"إدلب", "LOC"})
	sh.begin()
	return sh, db
}

// TestAgreementShowsAgreeFigures: View > Agreement shows the figures
// hashiya agree prints for the database (F1, κ, Fleiss' κ, α, αu), the
// clitic columns when asked, and a click on a document opens it.
func TestAgreementShowsAgreeFigures(t *testing.T) {
	sh, db := teamShell(t)
	v := sh.ws.openAgreement()
	shown := overlayText(sh.win)

	rep, err := cli.Agreement(context.Background(), db, cli.AgreeRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := cli.Agree(context.Background(), []string{"--db", db.Path()}, &out, &errb); code != 0 {
		t.Fatalf("agree: %d %s", code, errb.String())
	}
	p, o := rep.Pairs[0], rep.Overall
	for _, c := range []struct{ what, value string }{
		{"exact F1", p.Spans.Exact.F1.String()},
		{"overlap F1", p.Spans.Overlap.F1.String()},
		{"Cohen's κ", p.Tokens.Kappa.String()},
		{"Fleiss' κ", o.FleissKappa.String()},
		{"Krippendorff's α", o.KrippendorffAlpha.String()},
		{"αu", o.AlphaU.String()},
	} {
		if !strings.Contains(out.String(), c.value) {
			t.Errorf("hashiya agree does not print %s %s:\n%s", c.what, c.value, out.String())
		}
		if !strings.Contains(shown, c.value) {
			t.Errorf("the dialog does not show %s %s:\n%s", c.what, c.value, shown)
		}
	}
	if !strings.Contains(shown, "Fleiss' κ "+o.FleissKappa.String()) || !strings.Contains(shown, "αu "+o.AlphaU.String()) {
		t.Errorf("the figures across annotators are not named:\n%s", shown)
	}
	if p.Spans.Exact.F1.String() == p.Spans.Overlap.F1.String() {
		t.Errorf("the fixture does not tell exact from overlap matching: %s", p.Spans.Exact.F1)
	}
	if !strings.Contains(shown, "omar–sara\n") || !strings.Contains(shown, "Agreement of omar, sara on 2 document(s)") {
		t.Errorf("the pair or the heading is missing:\n%s", shown)
	}
	if strings.Contains(shown, "Clitic F1") {
		t.Error("clitic figures shown without being asked for")
	}
	v.clitics.SetChecked(true)
	if shown := overlayText(sh.win); !strings.Contains(shown, "Clitic F1") {
		t.Errorf("ticking clitics shows no clitic F1:\n%s", shown)
	}

	// The documents list, lowest agreement first; a click opens one.
	if v.docs.Length() != 2 {
		t.Fatalf("%d documents listed, want 2", v.docs.Length())
	}
	if !strings.Contains(shown, "Barack Obama met Vladimir Putin in Moscow.\n") {
		t.Errorf("the documents list shows no title:\n%s", shown)
	}
	if got := v.rep.ByDocument[0].ID; got != 1 {
		t.Errorf("document %d listed first, want 1 (exact F1 1/3 against 1/2): %+v", got, v.rep.ByDocument)
	}
	second := v.rep.ByDocument[1].ID
	if sh.ws.doc.ID == second {
		t.Fatalf("document %d is open already: the test would prove nothing", second)
	}
	v.docs.Select(1)
	if sh.ws.doc.ID != second {
		t.Errorf("the click opened document %d, want %d", sh.ws.doc.ID, second)
	}
	if sh.win.Canvas().Overlays().Top() != nil {
		t.Error("the agreement dialog is still open")
	}
}

// TestAgreementNeedsTwoAnnotators says why there is nothing to show,
// and counting unfinished work shows the pair.
func TestAgreementNeedsTwoAnnotators(t *testing.T) {
	sh, _ := newTestShell(t, Options{Annotator: "sara"})
	db := sh.store.(*storage.DB)
	annotateTest(t, db, 1, "sara", annotate.StatusDone, [2]string{"Moscow", "LOC"})
	annotateTest(t, db, 1, "omar", annotate.StatusInProgress, [2]string{"Moscow", "LOC"})
	sh.begin()
	v := sh.ws.openAgreement()
	if shown := overlayText(sh.win); !strings.Contains(shown, "Agreement needs at least two annotators") {
		t.Errorf("no reason given:\n%s", shown)
	}
	v.all.SetChecked(true)
	if shown := overlayText(sh.win); !strings.Contains(shown, "omar–sara\n") || !strings.Contains(shown, "1.000\n") {
		t.Errorf("with unfinished work counted the pair agrees fully:\n%s", shown)
	}
}

// stanceTest gives annotator a target named name in document 1 and
// the author's stance label towards it.
func stanceTest(t *testing.T, db *storage.DB, annotator, name, label string) {
	t.Helper()
	ctx := context.Background()
	tg, err := db.AddTarget(ctx, annotate.Target{DocumentID: 1, Annotator: annotator, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddStance(ctx, annotate.Stance{DocumentID: 1, TargetID: tg.ID, Holder: annotate.AuthorHolder, Label: label, Annotator: annotator}); err != nil {
		t.Fatal(err)
	}
}

// TestAgreementShowsEveryTableOfAgree: the dialog shows, cell for cell,
// the rows hashiya agree prints for spans with precision and recall,
// spans by label, tokens, stances and the confusion matrix of labels,
// with each option of the dialog as with its flag.
func TestAgreementShowsEveryTableOfAgree(t *testing.T) {
	sh, db := teamShell(t)
	stanceTest(t, db, "sara", "Putin", "AGAINST")
	stanceTest(t, db, "omar", "Putin", "AGAINST")
	stanceTest(t, db, "sara", "Obama", "FAVOR")
	stanceTest(t, db, "omar", "Obama", "AGAINST")
	// sara's third document, unfinished, counts with --all only.
	annotateTest(t, db, 3, "sara", annotate.StatusInProgress, [2]string{"UN", "ORG"})
	annotateTest(t, db, 3, "omar", annotate.StatusInProgress, [2]string{"UN", "ORG"})
	v := sh.ws.openAgreement()

	cells := regexp.MustCompile(`\s{2,}`)
	for _, c := range []struct {
		name         string
		all, clitics bool
		flags        []string
		// want is in the command's output: the case shows what it is for.
		want string
	}{
		{name: "done documents", want: "2 of 2"},
		{name: "clitics", clitics: true, flags: []string{"--arabic-clitics"}, want: "boundary matches"},
		{name: "all", all: true, flags: []string{"--all"}, want: "3 documents"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v.all.SetChecked(c.all)
			v.clitics.SetChecked(c.clitics)
			shown := overlayText(sh.win)
			var out, errb bytes.Buffer
			if code := cli.Agree(context.Background(), append([]string{"--db", db.Path()}, c.flags...), &out, &errb); code != 0 {
				t.Fatalf("agree: %d %s", code, errb.String())
			}
			if !strings.Contains(out.String(), c.want) {
				t.Fatalf("hashiya agree does not print %q:\n%s", c.want, out.String())
			}
			// Each table row of the command (cells two spaces apart or
			// more, as tabwriter pads them) must be consecutive cells of
			// the dialog.
			section, rows := "", 0
			for _, line := range strings.Split(out.String(), "\n") {
				switch {
				case line == "":
					section = ""
					continue
				case section == "":
					section = line
					continue
				}
				if !strings.HasPrefix(section, "Spans") && !strings.HasPrefix(section, "Tokens ") &&
					!strings.HasPrefix(section, "Stances") && !strings.HasPrefix(section, "Token labels") {
					continue
				}
				if strings.HasPrefix(line, "pair ") || (strings.HasPrefix(section, "Token labels") && strings.HasPrefix(line, " ")) {
					continue // the heads: worded for people in the dialog
				}
				want := strings.Join(cells.Split(strings.TrimSpace(line), -1), "\n") + "\n"
				rows++
				if !strings.Contains(shown, want) {
					t.Errorf("%s: the dialog does not show the row %q:\n%s", section, line, shown)
				}
			}
			if rows < 9 {
				t.Fatalf("only %d rows of hashiya agree compared:\n%s", rows, out.String())
			}
			for _, title := range []string{"Spans by label", "Stances: targets matched", "Token labels: omar (rows) against sara (columns)"} {
				if !strings.Contains(shown, title) {
					t.Errorf("no section %q:\n%s", title, shown)
				}
			}
		})
	}
}

// TestAgreementTablesReadRightToLeft: in the Arabic UI each row of the
// tables starts on the right with its pair or label, and the figures,
// wider than the dialog, are scrolled so that their right is in view.
func TestAgreementTablesReadRightToLeft(t *testing.T) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", "ar")
	t.Setenv("LC_ALL", "ar")
	sh, db := teamShell(t)
	setupLanguage(sh.app.Preferences())
	if !uiRTL() {
		t.Fatal("the Arabic UI does not read right to left")
	}
	stanceTest(t, db, "sara", "Putin", "AGAINST")
	stanceTest(t, db, "omar", "Putin", "AGAINST")
	v := sh.ws.openAgreement()
	v.compute() // in the Arabic UI

	d := fyne.CurrentApp().Driver()
	rows := map[float32][]*textview.Label{} // the labels of each line, by height on the screen
	for _, o := range test.LaidOutObjects(v.figures.Content) {
		if l, ok := o.(*textview.Label); ok && o.Visible() && l.Text != "" {
			y := d.AbsolutePositionForObject(l).Y
			rows[y] = append(rows[y], l)
		}
	}
	starts := 0
	for _, row := range rows {
		var first *textview.Label
		for _, l := range row {
			if l.Text == "omar–sara" || l.Text == "PER" {
				first = l
			}
		}
		if first == nil || len(row) < 2 {
			continue
		}
		starts++
		x := d.AbsolutePositionForObject(first).X
		for _, l := range row {
			if l != first && d.AbsolutePositionForObject(l).X > x {
				t.Errorf("%q is right of %q, which starts its row", l.Text, first.Text)
			}
		}
	}
	if starts < 5 {
		t.Errorf("only %d rows start with a pair or label", starts)
	}
	s := v.figures
	if s.Content.Size().Width <= s.Size().Width {
		t.Fatalf("the figures (%v) fit their room (%v): the test would prove nothing", s.Content.Size(), s.Size())
	}
	if want := s.Content.Size().Width - s.Size().Width; s.Offset.X != want {
		t.Errorf("the figures are scrolled to %v, want their right end %v", s.Offset.X, want)
	}
}

// TestCliticCellsKeepRowsWhole: with the clitic columns on, a pair
// without clitic figures still fills them, so the summary grid does not
// shift every later cell (it did before the summary used cliticCells).
func TestCliticCellsKeepRowsWhole(t *testing.T) {
	rep := &agree.Report{ArabicClitics: true}
	if got := cliticCells(rep, []string{"a–b", "1"}, &agree.SpanAgreement{}); len(got) != 4 || got[2] != "" || got[3] != "" {
		t.Errorf("row %q", got)
	}
	if got := cliticCells(&agree.Report{}, []string{"a–b", "1"}, &agree.SpanAgreement{}); len(got) != 2 {
		t.Errorf("without the clitic columns: row %q", got)
	}
}
