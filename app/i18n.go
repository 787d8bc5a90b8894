package app

import (
	"strings"

	"hashiya/annotate"

	"embed"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// translations holds the UI strings in other languages than English,
// one JSON file per language as Fyne's lang package reads them.
//
//go:embed translations
var translations embed.FS

// tr translates an English UI string through Fyne's lang package; data
// fills {{.Name}} placeholders. English is the key, so a missing
// translation still reads well.
func tr(s string, data ...any) string {
	return lang.L(s, data...)
}

// errorText is an error's sentence in the UI's language: storage's and
// annotate's fixed sentences (the disk is full, the server refused the
// password, nothing to undo...) are keys of the translations; a sentence
// with names or numbers in it has none and stays as it is. One holding
// "{{" (quoted from a document) is never looked up, since the lookup
// would read it as a template.
func errorText(err error) string {
	msg := annotate.ErrorMessage(err)
	if strings.Contains(msg, "{{") {
		return msg
	}
	// Not tr: the sentences are storage's, and TestFyneStringsReadRight
	// lists tr's literal keys; ar.json holds these beside them.
	return lang.L(msg)
}

// fyneKeys are the strings Fyne's own widgets and dialogs look up
// (dialog/file.go, widget/entry.go's menu, dialog/confirm.go); ar.json
// translates them too, since Fyne ships no Arabic.
var fyneKeys = []string{
	"(Parent)", "Advanced", "Cancel", "Confirm", "Copy", "Create Folder", "Cut", "Enter filename",
	"Error", "File", "file.name", "Folder", "New Folder", "No", "OK", "Open", "Paste", "Redo",
	"Save", "Select all", "Show Hidden Files", "Undo", "Yes",
}

// languages the UI speaks, as preference values; "" follows the system.
var languages = []struct{ code, name string }{
	{"", "System"},
	{"en", "English"},
	{"ar", "العربية"},
}

// setupLanguage loads the translations. Fyne picks the language from the
// system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); a language chosen
// in the settings overrides it by setting LANGUAGE and LC_ALL for this
// process before Fyne looks.
func setupLanguage(prefs fyne.Preferences) {
	if code := prefs.String(prefLanguage); code != "" {
		os.Setenv("LANGUAGE", code)
		os.Setenv("LC_ALL", code)
	}
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		fyne.LogError("load translations", err)
	}
}

// languageMenu is File > Language. The choice applies from the next
// start: menus and dialogs are built in one language.
func languageMenu(prefs fyne.Preferences, win fyne.Window) *fyne.MenuItem {
	cur := prefs.String(prefLanguage)
	var items []*fyne.MenuItem
	for _, l := range languages {
		code, name := l.code, l.name
		if code == "" {
			name = tr("System")
		}
		it := fyne.NewMenuItem(name, func() {
			prefs.SetString(prefLanguage, code)
			dialog.ShowInformation(tr("Language"), tr("The new language applies the next time you start Hashiya."), win)
		})
		it.Checked = code == cur
		items = append(items, it)
	}
	m := fyne.NewMenuItem(tr("Language"), nil)
	m.ChildMenu = fyne.NewMenu("", items...)
	return m
}
