package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"

	"hashiya/annotate"
	"hashiya/app/textview"
)

// showGuidelines opens the annotation guidelines (F1) in their own
// window, so they can stay open beside the text: the schema's own, else
// the default ones made from the keys and the labels. They are shown as
// plain text in a textview.TextView, which lays Arabic out right to
// left; Fyne's RichText would not (fyne-io/fyne#90).
func (w *workspace) showGuidelines() {
	a := fyne.CurrentApp()
	if a == nil {
		return
	}
	if w.guide != nil {
		w.refreshGuidelines()
		w.guide.RequestFocus()
		return
	}
	g := a.NewWindow(tr("Annotation guidelines"))
	tv := textview.New()
	w.guideView = tv
	w.refreshGuidelines()
	g.SetContent(tv)
	g.Resize(fyne.NewSize(640, 720))
	g.SetOnClosed(func() { w.guide, w.guideView = nil, nil })
	w.guide = g
	g.Show()
}

// refreshGuidelines shows the current guidelines in the open window.
func (w *workspace) refreshGuidelines() {
	if w.guideView == nil {
		return
	}
	text := markdownText(w.guidelines())
	w.guideView.SetText(text, annotate.Tokenize(text))
}

// guidelines are the schema's guidelines, else the default ones.
func (w *workspace) guidelines() string {
	if strings.TrimSpace(w.schema.Guidelines) != "" {
		return w.schema.Guidelines
	}
	return w.defaultGuidelines()
}

// defaultGuidelines are the guidelines of a database whose schema has
// none, in the UI's language, as Markdown. The key list is read from the
// workspace's key tables (keys.go), the schema's hotkeys and the menu's
// shortcuts, and the labels from the schema, so neither can drift from
// what the window does.
func (w *workspace) defaultGuidelines() string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	key := func(keys, what string) {
		line("- " + tr("{{.Keys}}: {{.What}}", map[string]any{"Keys": mdEscape(keyCaps(keys)), "What": mdEscape(what)}))
	}
	sep := tr(", ")
	line("# " + tr("Annotation guidelines"))
	line("")
	line(mdEscape(tr("These are Hashiya's default guidelines: the keys and the labels of this database. Replace them with your project's own with Help › Import guidelines…, or with the command hashiya guidelines --set FILE.md.")))
	line("")
	line("## " + tr("Labelling"))
	line("")
	line(mdEscape(tr("Select the words of a name, then press the label's key. Select the whole name and no more: no punctuation around it, and not a joined و ف ب ل ك before it (the view lets you select inside such a word).")))
	line("")
	line("## " + tr("Keys"))
	line("")
	var entityKeys, stanceKeys []string
	for _, l := range w.schema.Entities {
		if l.Hotkey != "" {
			entityKeys = append(entityKeys, l.Hotkey)
		}
	}
	for _, l := range w.schema.Stances {
		if l.Hotkey != "" {
			stanceKeys = append(stanceKeys, l.Hotkey)
		}
	}
	if len(entityKeys) > 0 {
		key(strings.Join(entityKeys, sep), tr("label the selection; with nothing selected, relabel the span under the caret"))
	}
	for _, k := range w.letterKeys() {
		key(k.keys, k.what)
	}
	if len(stanceKeys) > 0 {
		key(strings.Join(stanceKeys, sep), tr("set the stance of the chosen holder towards the chosen target"))
	}
	for _, k := range w.namedKeys() {
		key(k.keys, k.what)
	}
	for _, m := range w.menus(nil) {
		for _, it := range m.Items {
			if it.Shortcut != nil {
				key(shortcutText(it.Shortcut), it.Label)
			}
		}
	}
	for _, k := range w.shortcutKeys() {
		if k.keys != "" {
			key(k.keys, k.what)
		}
	}
	line("")
	line("## " + tr("Curation"))
	line("")
	line(mdEscape(tr("In curation (View › Curation…) these keys come before the others: the digits take a version instead of labelling, and labels are applied with the palette.")))
	line("")
	for _, k := range w.curation.keys() {
		key(k.keys, k.what)
	}
	line("")
	line("## " + tr("Selecting text"))
	line("")
	for _, k := range selectionKeys() {
		key(k.keys, k.what)
	}
	line("")
	line("## " + tr("Entity labels"))
	line("")
	for _, l := range w.schema.Entities {
		line("- " + labelLine(l.Name, entityName(l.Name), l.Hotkey, entityDefinition(l.Name)))
	}
	line("")
	line("## " + tr("Stance labels"))
	line("")
	line(mdEscape(tr("A stance is held by a holder (the article's own voice, or a person or organisation it quotes) towards a target. Choose the target, then the holder, then the stance; attach the words that show it as evidence.")))
	line("")
	for _, l := range w.schema.Stances {
		line("- " + labelLine(l.Name, stanceName(l.Name), l.Hotkey, stanceDefinition(l.Name)))
	}
	return b.String()
}

// labelLine is one label of the guidelines: its name in the schema, its
// name in the UI's language when it has one, its key and its definition.
func labelLine(label, name, hotkey, what string) string {
	if hotkey == "" {
		hotkey = tr("none")
	}
	data := map[string]any{"Label": mdEscape(label), "Name": mdEscape(name), "Key": mdEscape(hotkey), "What": mdEscape(what)}
	if name == "" || name == label {
		return tr("the label {{.Label}} (key {{.Key}}): {{.What}}", data)
	}
	return tr("{{.Label}} ({{.Name}}, key {{.Key}}): {{.What}}", data)
}

// entityName is the default entity labels' name in the UI's language.
func entityName(label string) string {
	switch label {
	case "PER":
		return tr("person")
	case "ORG":
		return tr("organisation")
	case "LOC":
		return tr("place")
	case "MISC":
		return tr("other name")
	}
	return ""
}

func entityDefinition(label string) string {
	switch label {
	case "PER":
		return tr("a person, living or dead, real or fictional, by name or nickname. A title that is part of the name goes in (الرئيس بشار الأسد); a title alone (الرئيس) is not a person.")
	case "ORG":
		return tr("an organisation: a government, ministry or army, a party or armed group, a company, union or news agency, an international body such as the United Nations.")
	case "LOC":
		return tr("a place: a country, city, region, river, mountain, street or building, also when a capital stands for its government (أعلنت دمشق).")
	case "MISC":
		return tr("another name: a nationality or people (السوريون), an event, a law or agreement, a work, a product.")
	}
	return tr("this label has no definition in the default guidelines; import your project's guidelines to define it.")
}

func stanceDefinition(label string) string {
	switch label {
	case "FAVOR":
		return tr("the holder supports the target, defends it or speaks of it with approval.")
	case "AGAINST":
		return tr("the holder opposes, criticises or condemns the target.")
	case "NEUTRAL":
		return tr("the holder speaks of the target without taking a side, or only reports facts about it.")
	}
	return tr("this label has no definition in the default guidelines; import your project's guidelines to define it.")
}

// shortcutText is a menu shortcut as the key list shows it ("Ctrl+S").
func shortcutText(sc fyne.Shortcut) string {
	ks, ok := sc.(fyne.KeyboardShortcut)
	if !ok {
		return sc.ShortcutName()
	}
	var parts []string
	mod := ks.Mod()
	for _, m := range []struct {
		mod  fyne.KeyModifier
		name string
	}{{fyne.KeyModifierControl, "Ctrl"}, {fyne.KeyModifierSuper, "Cmd"}, {fyne.KeyModifierAlt, "Alt"}, {fyne.KeyModifierShift, "Shift"}} {
		if mod&m.mod != 0 {
			parts = append(parts, m.name)
		}
	}
	k := string(ks.Key())
	switch ks.Key() {
	case fyne.KeyReturn, fyne.KeyEnter:
		k = "Enter"
	}
	return strings.Join(append(parts, k), "+")
}

// keyCaps is keys as the key list writes them. In a right-to-left UI a
// key ending in a symbol ("Ctrl+=") is an island of Latin in an Arabic
// line, and the bidi rules put its trailing symbols on the island's
// left ("=+Ctrl"); written with them in front, reversed, it is drawn as
// on the keyboard. The guidelines window cannot use isolates instead:
// the text view shows bidi controls as marks.
func keyCaps(keys string) string {
	if !uiRTL() {
		return keys
	}
	rs := []rune(keys)
	n := len(rs)
	for n > 0 && !unicode.IsLetter(rs[n-1]) && !unicode.IsDigit(rs[n-1]) && !unicode.IsSpace(rs[n-1]) {
		n--
	}
	if n == len(rs) || n == 0 {
		return keys
	}
	tail := slices.Clone(rs[n:])
	slices.Reverse(tail)
	return string(tail) + string(rs[:n])
}

// mdEscape keeps Markdown's markers in s from being read as markup.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// onImportGuidelines is Help › Import guidelines…: a Markdown file
// replaces the schema's guidelines, after asking when it has its own.
func (w *workspace) onImportGuidelines() {
	start := w.prefs.String(prefGuidelinesDir)
	if fi, err := os.Stat(start); start == "" || err != nil || !fi.IsDir() {
		start, _ = os.UserHomeDir()
	}
	var c *importChooser
	c = newFileChooser(w.win, start, tr("Choose the guidelines file"), guidelineFiles,
		[]string{tr("Click to select, double-click a folder to open it."), tr("Choose reads the selected Markdown file.")},
		func(path string) {
			w.prefs.SetString(prefGuidelinesDir, c.dir)
			w.onGuidelinesChosen(path)
		})
	c.show()
	w.win.Canvas().Focus(c.path)
}

// guidelineFiles are the extensions the guidelines chooser lists.
var guidelineFiles = []string{".md", ".markdown", ".txt"}

// onGuidelinesChosen reads the chosen file and, once the annotator
// agrees to replace guidelines of the database's own, stores it.
func (w *workspace) onGuidelinesChosen(path string) {
	md, err := readGuidelinesFile(path)
	if err != nil {
		w.status.fail(err)
		return
	}
	if strings.TrimSpace(w.schema.Guidelines) == "" {
		w.setGuidelines(md, path)
		return
	}
	msg := uiLabel(tr("This database's guidelines are replaced with those in {{.Name}}.", map[string]any{"Name": filepath.Base(path)}))
	d := newConfirmDialog(tr("Replace the guidelines?"), tr("Replace"), tr("Cancel"), msg, func(ok bool) {
		if ok {
			w.setGuidelines(md, path)
		}
	}, w.win)
	d.Show()
}

// readGuidelinesFile reads a guidelines file; its problems are one
// translated sentence.
func readGuidelinesFile(path string) (string, error) {
	name := map[string]any{"Name": filepath.Base(path)}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return "", userErr(annotate.ECodeInvalid, tr("{{.Name}} is a folder; choose the Markdown file of the guidelines.", name))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", &annotate.Error{Code: annotate.ECodeIO, Message: tr("Cannot read {{.Name}}; check that it exists and that you may read it.", name), Err: err}
	}
	md, err := annotate.ParseGuidelines(b)
	switch {
	case err != nil:
		return "", &annotate.Error{Code: annotate.ErrorCode(err), Message: tr("{{.Name}} is not a Markdown text file in UTF-8 of at most 1 MiB; choose the guidelines' .md file.", name), Err: err}
	case strings.TrimSpace(md) == "":
		return "", userErr(annotate.ECodeEmpty, tr("{{.Name}} is empty; choose the file that holds the guidelines.", name))
	}
	return md, nil
}

// setGuidelines stores md as the schema's guidelines (one transaction)
// and shows them once it committed.
func (w *workspace) setGuidelines(md, path string) {
	w.run(func() {
		err := w.store.SetGuidelines(w.ctx, md)
		fyne.Do(func() {
			if err != nil {
				w.status.fail(err)
				return
			}
			w.schema.Guidelines = md
			w.refreshGuidelines()
			w.status.info(tr("The guidelines are now those in {{.Name}}; F1 shows them.", map[string]any{"Name": filepath.Base(path)}))
		})
	})
}
