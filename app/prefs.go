package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
)

// Preference keys. Fyne keeps them per application ID.
const (
	prefAnnotator = "annotator"
	prefTextSize  = "text_size"
	prefLanguage  = "language"
	// prefExportDir is the folder of the last export, where the next
	// one starts.
	prefExportDir = "export_dir"
	// prefImportDir is the folder the last import was chosen in.
	prefImportDir = "import_dir"
	// prefGuidelinesDir is the folder guidelines were last imported from.
	prefGuidelinesDir = "guidelines_dir"
	// prefOther is the annotator whose spans are shown greyed.
	prefOther = "other_annotator"
)

// annotatorFor picks the name to work under: the command line's
// (--annotator or HASHIYA_ANNOTATOR, which main folds into opts), else
// the one remembered from last time. Empty means ask.
func annotatorFor(opts Options, prefs fyne.Preferences) string {
	if n := strings.TrimSpace(opts.Annotator); n != "" {
		return n
	}
	return strings.TrimSpace(prefs.String(prefAnnotator))
}

// askAnnotator asks for the annotator's name in a dialog, remembers it,
// and hands it to done. With cancellable false (first start) the dialog
// cannot be dismissed without a name: work needs an owner.
func askAnnotator(win fyne.Window, prefs fyne.Preferences, current string, cancellable bool, done func(name string)) {
	askAnnotatorAgain(win, prefs, current, cancellable, false, done)
}

// askAnnotatorAgain is askAnnotator; tried says the annotator has
// already submitted an empty name once. Until then, or until something
// is typed, an empty entry is not called wrong: a red "Type a name."
// before the first key reads as a reproach.
func askAnnotatorAgain(win fyne.Window, prefs fyne.Preferences, current string, cancellable, tried bool, done func(name string)) {
	entry := uiEntry(tr("Your name or initials"))
	entry.SetText(current)
	touched := tried || current != ""
	entry.Validator = func(s string) error {
		if touched && strings.TrimSpace(s) == "" {
			return errEmptyName
		}
		if n := strings.TrimSpace(s); n != "" && annotate.ValidateAnnotator(n) != nil {
			return errors.New(tr("A name cannot hold control characters; type it again.")) // pasted in
		}
		return nil
	}
	entry.OnChanged = func(string) { touched = true }
	items := []*widget.FormItem{{Text: tr("Annotator"), Widget: entry,
		HintText: tr("Everything you annotate is recorded under this name.")}}
	var d *formDialog
	submit := func(ok bool) {
		name := strings.TrimSpace(entry.Text)
		if !ok || name == "" {
			if !cancellable {
				// Ask again: closing the dialog must not leave a nameless session.
				askAnnotatorAgain(win, prefs, current, cancellable, true, done)
			}
			return
		}
		prefs.SetString(prefAnnotator, name)
		done(name)
	}
	d = newFormDialog(tr("Who is annotating?"), tr("OK"), tr("Cancel"), items, submit, win)
	entry.OnSubmitted = func(string) {
		touched = true
		if entry.Validate() == nil {
			d.Submit()
		}
	}
	d.Resize(fyne.NewSize(420, 200))
	d.Show()
	win.Canvas().Focus(entry)
}

type nameError struct{}

func (nameError) Error() string { return tr("Type a name.") }

var errEmptyName error = nameError{}
