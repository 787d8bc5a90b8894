package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	xbidi "golang.org/x/text/unicode/bidi"

	"hashiya/annotate/dataset"
	"hashiya/app/textview"
)

// fyneDrawsRight reports whether Fyne, which lays every string out as a
// left-to-right paragraph, shows s (a string handed to a Fyne widget)
// as the project's bidi code shows want in the UI's direction: the same
// characters in the same visual order. Fyne 2.7 shapes each bidi run in
// its own direction but places the runs left to right in logical order
// (internal/painter walkString; fyne-io/fyne#90), which is rule L2 only
// while no run nests in another; so beyond the order it asks for plain
// Arabic inside (no digits, Latin or brackets between the first and the
// last letter), where Fyne and the rule agree.
func fyneDrawsRight(s, want string) bool {
	if textview.Visual(s, textview.DirectionLTR) != textview.Visual(want, textview.DirectionRTL) {
		return false
	}
	runes := []rune(want)
	first, last := -1, -1
	for i, r := range runes {
		p, _ := xbidi.LookupRune(r)
		if c := p.Class(); c == xbidi.R || c == xbidi.AL {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return true // no Arabic: a name, a number, a shortcut
	}
	for _, r := range runes[first:last] {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.L, xbidi.EN, xbidi.AN:
			return false
		}
		if strings.ContainsRune("()[]{}<>«»", r) {
			return false
		}
	}
	return true
}

func TestFyneDrawsRight(t *testing.T) {
	for _, c := range []struct {
		shown, want string
		ok          bool
	}{
		{"ملف", "ملف", true},
		{"…استيراد", "استيراد…", true}, // fyneText's move
		{"[Y] اقبل المقطع", "اقبل المقطع [Y]", true},
		{"استيراد…", "استيراد…", false}, // the ellipsis would read first
		{".اكتب اسمًا", "اكتب اسمًا.", true},
		{"هدف من التحديد [T]", "هدف من التحديد [T]", false},
		{"الوثيقة 1 من 8", "الوثيقة 1 من 8", false},
		{"Ctrl+Q", "Ctrl+Q", true},
	} {
		if got := fyneDrawsRight(c.shown, c.want); got != c.ok {
			t.Errorf("fyneDrawsRight(%q, %q) = %v, want %v", c.shown, c.want, got, c.ok)
		}
	}
}

// TestFyneStringsReadRight walks every string of the Arabic UI that a
// Fyne widget draws itself (labels, buttons, check boxes, select options,
// placeholders, menus, dialog titles) in the workspace and its dialogs,
// and checks that Fyne shows it in the order the project's own bidi
// layout would; strings that Fyne cannot draw right must go through
// textview.Label, so a new one cannot regress unseen.
func TestFyneStringsReadRight(t *testing.T) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", "ar")
	t.Setenv("LC_ALL", "ar")
	sh, a := newTestShell(t, Options{Annotator: "amal"})
	setupLanguage(a.Preferences())
	if !uiRTL() {
		t.Fatal("the Arabic UI does not read right to left")
	}
	sh.begin()
	sh.ws.text.SetSelection(0, 12)
	sh.ws.applyLabel("PER")

	// Every translation, by what fyneText makes of it.
	translated := map[string]string{}
	for en := range uiStrings(t) {
		ar := tr(en)
		translated[fyneText(ar)] = ar
	}
	checked := 0
	check := func(where, s string) {
		t.Helper()
		if s == "" {
			return
		}
		checked++
		// What was handed to Fyne should be fyneText of a translation,
		// and the translation is what should be seen.
		want, ok := translated[s]
		if !ok {
			want = s // data or a name, drawn as it is
		}
		if !fyneDrawsRight(s, want) {
			t.Errorf("%s: Fyne draws %q wrong in the Arabic UI; show it with textview.Label (uiLabel, uiButton) or reword it", where, s)
		}
	}
	walk := func(name string, o fyne.CanvasObject) {
		for _, obj := range test.LaidOutObjects(o) {
			switch w := obj.(type) {
			case *widget.Label:
				check(name+" label", w.Text)
			case *widget.Button:
				check(name+" button", w.Text)
			case *widget.Check:
				check(name+" check box", w.Text)
			case *widget.Select:
				check(name+" select placeholder", w.PlaceHolder)
				for _, o := range w.Options {
					check(name+" select option", o)
				}
			case *widget.Entry:
				check(name+" placeholder", w.PlaceHolder)
			}
		}
	}
	var menu func(where string, m *fyne.Menu)
	menu = func(where string, m *fyne.Menu) {
		check(where+" menu", m.Label)
		for _, it := range m.Items {
			if it.IsSeparator {
				continue
			}
			check(where+" menu item", strings.TrimSuffix(it.Label, shortcutGap)) // the gap is room, not text
			if it.ChildMenu != nil {
				menu(where+" › "+it.Label, it.ChildMenu)
			}
		}
	}
	walk("workspace", sh.win.Content())
	for _, m := range sh.win.MainMenu().Items {
		menu("", m)
	}
	dialogs := []struct {
		name string
		open func()
	}{
		{"import", sh.onImport},
		{"export", sh.onExport},
		{"annotator", func() { askAnnotatorAgain(sh.win, a.Preferences(), "amal", true, false, func(string) {}) }},
		{"other annotators", sh.ws.onShowOther},
		{"delete", sh.ws.onDelete},
		{"statistics", sh.onStats},
		{"check", sh.onCheck},
		{"chooser", func() {
			// Latin and Arabic names: the rows show data in its own direction.
			dir := t.TempDir()
			os.Mkdir(filepath.Join(dir, "go"), 0o755)
			os.WriteFile(filepath.Join(dir, "تقرير 2025.txt"), []byte("نص"), 0o644)
			newImportChooser(sh.win, dir, func(string) {}).show()
		}},
		{"guidelines chooser", func() {
			a.Preferences().SetString(prefGuidelinesDir, t.TempDir())
			sh.ws.onImportGuidelines()
		}},
		{"guidelines replacement", func() {
			md := filepath.Join(t.TempDir(), "rules.md")
			writeFile(t, md, "# Rules\n")
			sh.ws.schema.Guidelines = "# Ours\n"
			sh.ws.onGuidelinesChosen(md)
		}},
		{"import confirmation", func() {
			sh.confirmImport(importPlan{path: "x", files: []string{"a.txt"}, formats: []dataset.Format{dataset.Text}}, importRequest{})
		}},
		{"agreement", func() { sh.ws.openAgreement() }},
		{"merge", func() { sh.openMergeForm() }},
		{"merge confirmation", func() { sh.confirmMerge([]string{"/tmp/سارة.db"}) }},
	}
	for _, d := range dialogs {
		d.open()
		top := sh.win.Canvas().Overlays().Top()
		if top == nil {
			t.Errorf("%s: no dialog", d.name)
			continue
		}
		walk(d.name+" dialog", top)
		sh.win.Canvas().Overlays().Remove(top)
	}
	if checked < 40 {
		t.Errorf("only %d strings checked: the walk misses widgets", checked)
	}
}
