package app

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	xbidi "golang.org/x/text/unicode/bidi"

	"hashiya/annotate"
	"hashiya/app/textview"
)

// inLanguage makes the UI speak code ("en" or "ar") for the rest of t.
func inLanguage(t *testing.T, code string) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", code)
	t.Setenv("LC_ALL", code)
	lang.AddTranslationsFS(translations, "translations")
}

// guideText presses F1 and returns what the guidelines window shows.
func (f *fixture) guideText() string {
	f.t.Helper()
	f.ws.focusText() // as after a click in the text: a closed dialog may have had the focus
	f.press(fyne.KeyF1)
	if f.ws.guide == nil || f.ws.guideView == nil {
		f.t.Fatal("F1 opened no guidelines window")
	}
	return f.ws.guideView.Text()
}

// TestF1ShowsDefaultGuidelines: on a database whose schema has no
// guidelines, F1 shows the keys and the labels in the UI's language, as
// text without Markdown markers, each Arabic line starting with an
// Arabic letter so that the view lays it out right to left.
func TestF1ShowsDefaultGuidelines(t *testing.T) {
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"Annotation guidelines\n\n",
			"\n\nKeys\n\n",
			"• 1, 2, 3, 4: label the selection; with nothing selected, relabel the span under the caret\n",
			"• T: make a target from the selection\n",
			"• Shift+Y: accept all greyed spans\n",
			"• F, A, N: set the stance of the chosen holder towards the chosen target\n",
			"• Delete, Backspace: delete the span under the caret\n",
			"• PgDn: next document\n",
			"• F1: these guidelines\n",
			"• Ctrl+Enter: Mark done and open next\n",
			"• Ctrl+Shift+Enter: Skip and open next\n",
			"• Ctrl+Z: Undo\n",
			"• Ctrl+=: Larger text\n",
			"• Ctrl+drag: select by character, inside a word (not Alt: releasing Alt opens the menu)\n",
			"• PER (person, key 1): a person, living or dead",
			"• ORG (organisation, key 2): ",
			"• LOC (place, key 3): ",
			"• MISC (other name, key 4): ",
			"• the label FAVOR (key F): the holder supports the target",
			"• the label NEUTRAL (key N): ",
		}},
		{"ar", []string{
			"إرشادات التوسيم\n\n",
			"\n\nالمفاتيح\n\n",
			"• وسِّم التحديد؛ ودون تحديد غيِّر وسم المقطع تحت المؤشر: 1، 2، 3، 4\n",
			"• اصنع هدفًا من التحديد: T\n",
			"• الوثيقة التالية: PgDn\n",
			"• هذه الإرشادات: F1\n",
			"• تكبير النص: =+Ctrl\n", // drawn "Ctrl+=" (keyCaps)
			": Ctrl+Enter\n",
			"• حدِّد حرفًا حرفًا داخل الكلمة (لا Alt: إفلات Alt يفتح القائمة): السحب مع Ctrl\n",
			"• شخص (PER، المفتاح 1): شخص حي أو ميت",
			"• مؤسسة (ORG، المفتاح 2): ",
			"• مؤيِّد (FAVOR، المفتاح F): يؤيد صاحب الموقف",
			"• محايد (NEUTRAL، المفتاح N): ",
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			inLanguage(t, c.lang)
			f := newFixture(t, testTexts...)
			got := f.guideText()
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("the guidelines lack %q:\n%s", w, got)
				}
			}
			for _, l := range strings.Split(got, "\n") {
				if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "- ") || strings.Contains(l, `\`) {
					t.Errorf("Markdown left in %q", l)
				}
				if c.lang == "ar" && l != "" && !startsRTL(l) {
					t.Errorf("%q would read left to right in the Arabic guidelines", l)
				}
				// Keys are drawn as on the keyboard, never "=+Ctrl".
				if v := textview.Visual(l, textview.DirectionRTL); c.lang == "ar" && strings.Contains(v, "+Ctrl") {
					t.Errorf("%q is drawn %q", l, v)
				}
			}
			// F1 again brings the same window forward.
			g := f.ws.guide
			if f.press(fyne.KeyF1); f.ws.guide != g {
				t.Error("F1 opened a second guidelines window")
			}
		})
	}
}

// startsRTL reports whether the first strong character of s is
// right to left: the paragraph direction the text view gives s.
func startsRTL(s string) bool {
	for _, r := range s {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.R, xbidi.AL:
			return true
		case xbidi.L:
			return false
		}
	}
	return false
}

// keyListSection is the keys listed in md's section from heading to
// the next, as the key list writes them, a range such as "1–9" or
// "Ctrl+1–9" written out.
func keyListSection(md, heading, next string) (string, map[string]bool) {
	section := md[strings.Index(md, heading):strings.Index(md, next)]
	listed := map[string]bool{}
	for _, l := range strings.Split(section, "\n") {
		k, _, ok := strings.Cut(strings.TrimPrefix(l, "- "), ": ")
		if !ok || !strings.HasPrefix(l, "- ") {
			continue
		}
		for _, one := range strings.Split(k, ", ") {
			rs := []rune(one)
			if n := len(rs); n >= 3 && rs[n-2] == '–' && unicode.IsDigit(rs[n-3]) && unicode.IsDigit(rs[n-1]) {
				for d := rs[n-3]; d <= rs[n-1]; d++ {
					listed[string(rs[:n-3])+string(d)] = true
				}
				continue
			}
			listed[one] = true
		}
	}
	return section, listed
}

// TestKeyListMatchesTheBindings: the key list says exactly what the
// workspace's key handlers do. Every printable character, every named
// key and every Ctrl shortcut of a letter, digit or sign is pressed, in
// curation and out of it; those the workspace takes must be listed, and
// those listed must be taken. Shortcuts are looked up where the window
// dispatches them, in the main menu set on the window and in the text
// view's shortcut hook, not in the tables the list is made from.
func TestKeyListMatchesTheBindings(t *testing.T) {
	inLanguage(t, "en")
	f := newFixture(t, testTexts...)
	md := f.ws.defaultGuidelines()
	keysSection, listed := keyListSection(md, "## Keys", "## Curation")
	_, curating := keyListSection(md, "## Curation", "## Selecting text")
	// "T" is t and T, but where "Shift+Y" is listed too, "Y" is only y.
	// Arabic-Indic digits are curation's only, which says so.
	listedRune := func(listed map[string]bool, r rune) bool {
		if d := digitValue(r); d >= 0 && r > '9' {
			return listed[strconv.Itoa(d)] && strings.Contains(md, "(Arabic digits too)")
		}
		up := string(unicode.ToUpper(r))
		if listed["Shift+"+up] {
			return listed["Shift+"+up] && unicode.IsUpper(r) || listed[up] && unicode.IsLower(r)
		}
		return listed[up]
	}
	runes := digits(0, 9)
	for r := rune(' '); r <= '~'; r++ {
		runes = append(runes, r)
	}
	namedKeys := []fyne.KeyName{fyne.KeyDelete, fyne.KeyBackspace, fyne.KeyPageDown, fyne.KeyPageUp,
		fyne.KeyF1, fyne.KeyF2, fyne.KeyF5, fyne.KeyF6, fyne.KeyF7, fyne.KeyF10, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape,
		fyne.KeyTab, fyne.KeyHome, fyne.KeyEnd, fyne.KeyInsert, fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight}
	names := map[string]fyne.KeyName{"PgDn": fyne.KeyPageDown, "PgUp": fyne.KeyPageUp, "Backspace": fyne.KeyBackspace}
	listedKey := func(listed map[string]bool, k fyne.KeyName) bool {
		want := listed[string(k)]
		for shown, name := range names {
			if name == k && listed[shown] {
				want = true
			}
		}
		return want
	}
	for _, r := range runes {
		f.ws.text.SetSelection(0, 0)
		if took := f.ws.onRune(r); took != (listedRune(listed, r) && r <= '~') {
			t.Errorf("%q: the workspace takes it: %v; the key list lists it: %v", r, took, listedRune(listed, r) && r <= '~')
		}
	}
	for _, k := range namedKeys {
		if f.ws.guide != nil {
			f.ws.guide.Close()
		}
		if took := f.ws.onKey(&fyne.KeyEvent{Name: k}); took != listedKey(listed, k) {
			t.Errorf("%s: the workspace takes it: %v; the key list lists it: %v", k, took, listedKey(listed, k))
		}
	}

	// Every shortcut the window has is listed, and every one listed is
	// one it has; those of the main menu with their item's label.
	menu := f.win.MainMenu()
	inMenu := func(sc fyne.Shortcut) bool {
		for _, m := range menu.Items {
			for _, it := range m.Items {
				if it.Shortcut != nil && shortcutText(it.Shortcut) == shortcutText(sc) {
					return true
				}
			}
		}
		return false
	}
	var keyNames []fyne.KeyName
	for r := 'A'; r <= 'Z'; r++ {
		keyNames = append(keyNames, fyne.KeyName(string(r)))
	}
	for r := '0'; r <= '9'; r++ {
		keyNames = append(keyNames, fyne.KeyName(string(r)))
	}
	keyNames = append(keyNames, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEqual, fyne.KeyMinus, fyne.KeyPlus, fyne.KeyComma, fyne.KeyPeriod, fyne.KeySlash, fyne.KeyTab, fyne.KeyDelete)
	hook := f.ws.hooks().shortcut
	pressed := map[string]bool{}
	for _, k := range keyNames {
		for _, sc := range []fyne.Shortcut{ctrl(k), ctrlShift(k)} {
			if f.ws.guide != nil {
				f.ws.guide.Close()
			}
			text := shortcutText(sc)
			pressed[text] = true
			bound := inMenu(sc) || hook(sc)
			if want := listed[text] || curating[text]; bound != want {
				t.Errorf("%s: the window binds it: %v; the key list lists it: %v", text, bound, want)
			}
		}
	}
	for k := range listed {
		if strings.HasPrefix(k, "Ctrl+") && !pressed[k] {
			t.Errorf("%s is listed but not pressed by this test", k)
		}
	}
	for _, m := range menu.Items {
		for _, it := range m.Items {
			// Without the gap fyneMenu ends a label with before its shortcut.
			label := strings.TrimSuffix(it.Label, shortcutGap)
			if it.Shortcut != nil && !strings.Contains(keysSection, "- "+mdEscape(shortcutText(it.Shortcut))+": "+label+"\n") {
				t.Errorf("the key list lacks %s for %q", shortcutText(it.Shortcut), label)
			}
		}
	}

	// In curation the curation keys come first.
	f.addSpans(annotator, annotate.Span{Start: 0, End: 12, Label: "PER"})
	f.addSpans("bilal", annotate.Span{Start: 0, End: 5, Label: "PER"})
	f.viewItem("Curation")
	test.Tap(overlayButton(t, f.win, "Curate"))
	if !f.ws.curation.on() {
		t.Fatal("curation did not start")
	}
	for _, r := range runes {
		if took := f.ws.curation.onRune(r); took != listedRune(curating, r) {
			t.Errorf("in curation %q: curation takes it: %v; the key list lists it: %v", r, took, listedRune(curating, r))
		}
	}
	for _, k := range namedKeys {
		if took := f.ws.curation.onKey(&fyne.KeyEvent{Name: k}); took != listedKey(curating, k) {
			t.Errorf("in curation %s: curation takes it: %v; the key list lists it: %v", k, took, listedKey(curating, k))
		}
	}
	for k := 1; k <= 9; k++ {
		sc := ctrl(fyne.KeyName(strconv.Itoa(k)))
		if !curating[shortcutText(sc)] || !hook(sc) {
			t.Errorf("in curation %s: listed %v, bound %v", shortcutText(sc), curating[shortcutText(sc)], hook(sc))
		}
	}
}

func TestShortcutText(t *testing.T) {
	for _, c := range []struct {
		sc   fyne.Shortcut
		want string
	}{
		{ctrl(fyne.KeyReturn), "Ctrl+Enter"},
		{ctrlShift(fyne.KeyReturn), "Ctrl+Shift+Enter"},
		{ctrl(fyne.KeyS), "Ctrl+S"},
		{ctrl(fyne.KeyMinus), "Ctrl+-"},
		{&fyne.ShortcutUndo{}, "Ctrl+Z"},
		{&fyne.ShortcutRedo{}, "Ctrl+Y"},
		{&desktop.CustomShortcut{KeyName: fyne.KeyF2, Modifier: fyne.KeyModifierAlt}, "Alt+F2"},
	} {
		if got := shortcutText(c.sc); got != c.want {
			t.Errorf("shortcutText(%s) = %q, want %q", c.sc.ShortcutName(), got, c.want)
		}
	}
}

// TestImportGuidelines: Help › Import guidelines… stores a Markdown
// file as the schema's guidelines and F1 shows them; replacing
// guidelines of the database's own asks first; a bad file changes
// nothing and says why in one sentence.
func TestImportGuidelines(t *testing.T) {
	inLanguage(t, "en")
	f := newFixture(t, testTexts...)
	dir := t.TempDir()
	ours := filepath.Join(dir, "ours.md")
	writeFile(t, ours, "# Our rules\n\n- **PER**: people, with their titles\n- قاعدة بالعربية\n")
	other := filepath.Join(dir, "other.md")
	writeFile(t, other, "# Other rules\n")
	bad := filepath.Join(dir, "bad.md")
	writeFile(t, bad, "\x00\x01binary")
	stored := func() string {
		s, err := f.db.Schema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s.Guidelines
	}
	choose := func(path string) {
		t.Helper()
		menuAction(t, f.menu, "Import guidelines…")()
		e, ok := f.win.Canvas().Focused().(*widget.Entry)
		if !ok {
			t.Fatalf("the chooser's path has no focus (%T)", f.win.Canvas().Focused())
		}
		e.SetText(path)
		e.OnSubmitted(path)
	}

	choose(bad)
	if got := f.ws.status.lastErr; got != "bad.md is not a Markdown text file in UTF-8 of at most 1 MiB; choose the guidelines' .md file." {
		t.Errorf("a bad file: the status reads %q", got)
	}
	if stored() != "" {
		t.Errorf("a bad file was stored: %q", stored())
	}
	choose(dir) // opens the folder in the chooser; Choose then takes it
	test.Tap(overlayButton(t, f.win, "Choose"))
	if got := f.ws.status.lastErr; !strings.Contains(got, "is a folder; choose the Markdown file") {
		t.Errorf("a folder: the status reads %q", got)
	}

	choose(ours)
	f.wantNoError()
	if !strings.HasPrefix(stored(), "# Our rules") {
		t.Fatalf("stored %q", stored())
	}
	if got, want := f.guideText(), "Our rules\n\n• PER: people, with their titles\n• قاعدة بالعربية"; got != want {
		t.Errorf("F1 shows %q, want %q", got, want)
	}

	// Replacing the database's own guidelines asks, and Cancel keeps them.
	choose(other)
	test.Tap(overlayButton(t, f.win, "Cancel"))
	if !strings.HasPrefix(stored(), "# Our rules") {
		t.Fatalf("cancelled, yet stored %q", stored())
	}
	choose(other)
	test.Tap(overlayButton(t, f.win, "Replace"))
	if stored() != "# Other rules\n" {
		t.Fatalf("replaced, yet stored %q", stored())
	}
	// The open window follows.
	if got := f.ws.guideView.Text(); got != "Other rules" {
		t.Errorf("the open window shows %q", got)
	}
	if got := f.ws.status.msg.Text; got != "The guidelines are now those in other.md; F1 shows them." {
		t.Errorf("the status reads %q", got)
	}
}
