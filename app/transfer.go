package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/app/cli"
	hstorage "hashiya/storage"
)

// File > Import and File > Export run the commands' own use cases
// (cli.ImportFiles, cli.ExportFile) on the database the window has open,
// so the window and the command line accept the same inputs and write
// the same files; the window words the typed results in the UI's
// language. They run off the UI goroutine under a progress dialog.

func formatNames(fs []dataset.Format) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// onImport asks how to read the input, then for the file or folder (in
// Hashiya's own chooser, see chooser.go), then confirms: nothing is
// imported until the annotator presses Import in a dialog that names the
// files and their format.
func (sh *shell) onImport() {
	format := &widget.Select{Options: formatNames(dataset.ReadFormats), Selected: string(dataset.Auto)}
	offsets := &widget.Select{Options: []string{string(dataset.Codepoint), string(dataset.UTF16)}, Selected: string(dataset.Codepoint)}
	skip := &widget.Check{Text: tr("Import the valid lines even when some are invalid")}
	replace := &widget.Check{Text: tr("Replace imported annotations on documents already here")}
	items := []*widget.FormItem{
		{Text: tr("Format"), Widget: format, HintText: tr("auto: from the file name and first line")},
		{Text: tr("Offsets"), Widget: offsets, HintText: tr("utf16 for files from doccano or Label Studio")},
		{Widget: skip},
		{Widget: replace},
	}
	showFormDialog(tr("Import"), tr("Choose…"), tr("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		req := importRequest{format: dataset.Format(format.Selected), offsets: offsets.Selected, skipInvalid: skip.Checked, replace: replace.Checked}
		sh.chooseImport(func(path string) { sh.onImportChosen(path, req) })
	}, sh.win)
}

// chooseImport shows the chooser in the folder of the last import, else
// the home folder, and remembers the folder a choice is made in.
func (sh *shell) chooseImport(then func(path string)) {
	prefs := sh.app.Preferences()
	start := prefs.String(prefImportDir)
	if fi, err := os.Stat(start); start == "" || err != nil || !fi.IsDir() {
		start, _ = os.UserHomeDir()
	}
	var c *importChooser
	c = newImportChooser(sh.win, start, func(path string) {
		prefs.SetString(prefImportDir, c.dir)
		then(path)
	})
	c.show()
	sh.win.Canvas().Focus(c.path)
}

// localizeFileDialog gives Fyne's file dialog a title and buttons in the
// UI's language; Fyne's own are English.
func localizeFileDialog(d *dialog.FileDialog, title string) {
	d.SetTitleText(title)
	d.SetConfirmText(tr("Open"))
	d.SetDismissText(tr("Cancel"))
}

// importRequest is what the Import form asked for.
type importRequest struct {
	format      dataset.Format
	offsets     string
	skipInvalid bool
	// replace lets the file replace the imported annotations on a
	// document already in the database, which otherwise stop the import.
	replace bool
}

// importPlan is what an import of a chosen path would read: the files
// and the format of each, as the importer will see them.
type importPlan struct {
	path    string
	files   []string
	formats []dataset.Format // parallel to files
}

// maxListed is how many files the confirmation names one by one.
const maxListed = 12

// onImportChosen lists the files under path and the format each will be
// read as (off the UI goroutine: a folder may hold thousands), then asks
// for the confirmation.
func (sh *shell) onImportChosen(path string, req importRequest) {
	sh.async(func() {
		plan, err := planImport(path, req.format)
		fyne.Do(func() {
			if err != nil {
				sh.showFailure(importTitles(), errorText(err), nil)
				return
			}
			sh.confirmImport(plan, req)
		})
	})
}

func planImport(path string, f dataset.Format) (importPlan, error) {
	files, err := dataset.Files([]string{path}, f)
	if err != nil {
		return importPlan{}, err
	}
	if len(files) == 0 {
		return importPlan{}, userErr(annotate.ECodeNotFound, tr("There is nothing to import in {{.Path}}: no .txt or .jsonl files.", map[string]any{"Path": path}))
	}
	plan := importPlan{path: path, files: files, formats: make([]dataset.Format, len(files))}
	for i, name := range files {
		plan.formats[i] = f
		if f == dataset.Auto {
			plan.formats[i] = detectFile(name)
		}
	}
	return plan, nil
}

// detectFile is the format the importer's Auto will read name as.
func detectFile(name string) dataset.Format {
	fh, err := os.Open(name)
	if err != nil {
		return dataset.Detect(name, bufio.NewReader(strings.NewReader("")))
	}
	defer fh.Close()
	return dataset.Detect(name, bufio.NewReaderSize(fh, 1<<16))
}

// formatSummary says which formats the files will be read as:
// "prodigy" or "text (3), prodigy (1)".
func (p importPlan) formatSummary() string {
	n := map[dataset.Format]int{}
	var order []dataset.Format
	for _, f := range p.formats {
		if n[f] == 0 {
			order = append(order, f)
		}
		n[f]++
	}
	if len(order) == 1 {
		return string(order[0])
	}
	parts := make([]string, len(order))
	for i, f := range order {
		parts[i] = fmt.Sprintf("%s (%d)", f, n[f])
	}
	return strings.Join(parts, ", ")
}

// confirmImport names what is about to be imported and imports it only
// on the Import button.
func (sh *shell) confirmImport(plan importPlan, req importRequest) {
	head := tr("Import {{.N}} file(s) as {{.Format}}?", map[string]any{"N": len(plan.files), "Format": plan.formatSummary()})
	listed := plan.files
	if len(listed) > maxListed {
		listed = listed[:maxListed]
	}
	names := strings.Join(listed, "\n")
	if more := len(plan.files) - len(listed); more > 0 {
		names += "\n" + tr("and {{.N}} more", map[string]any{"N": more})
	}
	scroll := container.NewScroll(messageLines(names, nil))
	scroll.SetMinSize(fyne.NewSize(520, min(float32(len(listed)+1)*24, 240)))
	title := uiLabel(head)
	title.TextStyle = fyne.TextStyle{Bold: true}
	content := container.NewVBox(title, scroll)
	d := newConfirmDialog(tr("Import"), tr("Import"), tr("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		sh.runImport(plan.path, req)
	}, sh.win)
	d.Show()
}

// onExport asks what to export and where, in one dialog. The file is a
// path the annotator can type whole, or a bare name for the folder
// shown; it starts in the folder of the last export, else the
// database's.
func (sh *shell) onExport() {
	format := &widget.Select{Options: formatNames(dataset.WriteFormats), Selected: string(dataset.Prodigy)}
	offsets := &widget.Select{Options: []string{string(dataset.Codepoint), string(dataset.UTF16)}, Selected: string(dataset.Codepoint)}
	mine := &widget.Check{Text: tr("Only my annotations")}
	done := &widget.Check{Text: tr("Only documents marked done")}
	dir := sh.exportFolder()
	path := &widget.Entry{Text: filepath.Join(dir, defaultExportName(dataset.Prodigy))}
	format.OnChanged = func(s string) {
		// A name the annotator chose stays; only the default follows the format.
		if isDefaultExportName(filepath.Base(path.Text)) {
			path.SetText(filepath.Join(filepath.Dir(path.Text), defaultExportName(dataset.Format(s))))
		}
		offsets.SetSelected(string(dataset.Format(s).DefaultOffsets()))
		if dataset.Format(s).HasOffsets() {
			offsets.Enable()
		} else {
			offsets.Disable() // CoNLL, hf and the stance CSV write no offsets
		}
	}
	browse := &widget.Button{Text: fyneText(tr("Folder…")), OnTapped: func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil {
				sh.ws.status.fail(userErr(annotate.ECodeIO, err.Error()))
				return
			}
			if u != nil {
				dir = u.Path()
				path.SetText(filepath.Join(dir, filepath.Base(path.Text)))
			}
		}, sh.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
		localizeFileDialog(d, tr("Choose the folder to export to"))
		d.Show()
	}}
	items := []*widget.FormItem{
		{Text: tr("Format"), Widget: format},
		{Text: tr("Offsets"), Widget: offsets, HintText: tr("codepoint for Python tools, utf16 for JavaScript ones")},
		{Widget: mine}, {Widget: done},
		{Text: tr("Save to"), Widget: leadTrail(nil, browse, path), HintText: tr("A full path, or a file name for the folder shown")},
	}
	d := newFormDialog(tr("Export"), tr("Export"), tr("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		req := cli.ExportRequest{Format: dataset.Format(format.Selected), Offsets: dataset.Offsets(offsets.Selected), DoneOnly: done.Checked}
		if mine.Checked {
			req.Annotator = sh.ws.annotator
		}
		sh.onExportTo(exportPath(path.Text, dir), req)
	}, sh.win)
	d.Resize(fyne.NewSize(640, d.MinSize().Height))
	d.Show()
}

// onExportTo writes the export to path, asking first when a file is
// there already; a path that cannot be a file is said, not ignored.
func (sh *shell) onExportTo(path string, req cli.ExportRequest) {
	if path == "" {
		sh.showFailure(exportTitles(), tr("Type the file to export to."), nil)
		return
	}
	req.Path = path
	run := func() {
		sh.app.Preferences().SetString(prefExportDir, filepath.Dir(path))
		sh.runExport(req)
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		sh.showFailure(exportTitles(), tr("{{.Path}} is a folder; add a file name to it.", map[string]any{"Path": path}), nil)
	case err == nil:
		newConfirmDialog(tr("Replace the file?"), tr("Replace"), tr("Cancel"),
			messageLines(tr("{{.Path}} exists already. Replace it with this export?", map[string]any{"Path": path}), nil), func(ok bool) {
				if ok {
					run()
				}
			}, sh.win).Show()
	default:
		run()
	}
}

// exportFolder is where an export goes unless told otherwise: the folder
// of the last export if it is still there, else the database's.
func (sh *shell) exportFolder() string {
	if d := sh.app.Preferences().String(prefExportDir); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	if p := sh.store.Path(); p != "" {
		if abs, err := filepath.Abs(filepath.Dir(p)); err == nil {
			return abs
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return "."
}

// exportPath is where typed sends the export: a full path as it is (a
// leading ~ is the home folder), a bare or relative name inside dir.
func exportPath(typed, dir string) string {
	p := strings.TrimSpace(typed)
	if p == "" {
		return ""
	}
	if p == "~" || strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[1:])
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p)
}

func defaultExportName(f dataset.Format) string { return "hashiya-" + string(f) + cli.Extension(f) }

func isDefaultExportName(name string) bool {
	for _, f := range dataset.WriteFormats {
		if name == defaultExportName(f) {
			return true
		}
	}
	return false
}

// transferTitles are a transfer's dialog titles while it runs, when it
// has succeeded and when it has failed: a finished dialog never says
// "Importing…".
type transferTitles struct{ running, done, failed string }

func importTitles() transferTitles {
	return transferTitles{tr("Importing…"), tr("Import finished"), tr("Import failed")}
}

func exportTitles() transferTitles {
	return transferTitles{tr("Exporting…"), tr("Export finished"), tr("Export failed")}
}

// transferJob is an import, an export, a count or a check run off the
// UI goroutine: it reports progress and returns the sentence to show,
// the problems (or counts) to list below it, and whether it succeeded.
type transferJob func(ctx context.Context, progress cli.ProgressFunc) (msg string, problems []string, err error)

// transfer runs job off the UI goroutine under a progress dialog, then
// shows its result. After an import the workspace is rebuilt so the new
// documents list.
func (sh *shell) transfer(titles transferTitles, job transferJob, reload bool) {
	bar := widget.NewProgressBar()
	prog := dialog.NewCustomWithoutButtons(fyneText(titles.running), container.NewPadded(bar), sh.win)
	prog.Resize(fyne.NewSize(420, prog.MinSize().Height))
	prog.Show()
	// The use cases report at most every 50 ms; each report is one hop
	// to the UI goroutine.
	progress := func(done, total int64) {
		if total <= 0 {
			return
		}
		v := float64(done) / float64(total)
		fyne.Do(func() { bar.SetValue(v) })
	}
	sh.async(func() {
		msg, problems, err := job(context.Background(), progress)
		fyne.Do(func() {
			prog.Hide()
			if err != nil {
				if msg == "" {
					msg = errorText(err)
				}
				sh.showFailure(titles, msg, problems)
				return
			}
			if reload {
				sh.show(sh.ws.annotator)
			}
			sh.showSuccess(titles, msg, problems)
		})
	})
}

// database is the open database, which the use cases work on directly.
func (sh *shell) database() (*hstorage.DB, error) {
	if db, ok := sh.store.(*hstorage.DB); ok {
		return db, nil
	}
	return nil, userErr(annotate.ECodeInternal, tr("The open database cannot be reached this way; this is a bug in Hashiya."))
}

// runImport imports path into the open database, as one step on the
// window annotator's undo stack: Ctrl+Z takes the whole import back.
func (sh *shell) runImport(path string, req importRequest) {
	undoer := sh.ws.annotator
	sh.transfer(importTitles(), func(ctx context.Context, progress cli.ProgressFunc) (string, []string, error) {
		db, err := sh.database()
		if err != nil {
			return "", nil, err
		}
		res, err := cli.ImportFiles(ctx, db, cli.ImportRequest{Paths: []string{path}, Format: req.format,
			Offsets: dataset.Offsets(req.offsets), SkipInvalid: req.skipInvalid, Replace: req.replace, Progress: progress, Undoer: undoer})
		problems := make([]string, len(res.Problems))
		for i, p := range res.Problems {
			problems[i] = p.String()
		}
		if err != nil {
			msg := ""
			var other *cli.ExistingAnnotations
			if errors.As(err, &other) {
				place := other.File
				if other.Line > 0 {
					place = fmt.Sprintf("%s:%d", other.File, other.Line)
				}
				msg = tr("{{.Place}}: this text is in the database already, with other annotations by “{{.Name}}”. Nothing was imported; tick “Replace imported annotations on documents already here” to replace them with the file's.",
					map[string]any{"Place": place, "Name": other.Annotator})
			}
			if len(res.Problems) > 0 && annotate.ErrorCode(err) == annotate.ECodeInvalid {
				msg = tr("Nothing was imported: {{.N}} input(s) are invalid (listed below). Fix them, or tick “Import the valid lines even when some are invalid”.", map[string]any{"N": res.Invalid})
			}
			return msg, problems, err
		}
		return importMessage(res), problems, nil
	}, true)
}

// importMessage says what an import did, leaving out the counts that
// are zero.
func importMessage(res cli.ImportResult) string {
	msg := tr("Imported {{.N}} document(s).", map[string]any{"N": res.Imported})
	if res.Annotated > 0 {
		msg += " " + tr("Annotations were added to {{.N}} document(s) already in the database.", map[string]any{"N": res.Annotated})
	}
	if res.Duplicates > 0 {
		msg += " " + tr("{{.N}} were in the database already and were left out.", map[string]any{"N": res.Duplicates})
	}
	if res.Invalid > 0 {
		msg += " " + tr("{{.N}} invalid input(s) were skipped.", map[string]any{"N": res.Invalid})
	}
	if res.Imported > 0 || res.Annotated > 0 {
		msg += " " + tr("Undo (Ctrl+Z) takes the whole import back.")
	}
	return msg
}

// runExport writes the export req asks for.
func (sh *shell) runExport(req cli.ExportRequest) {
	sh.transfer(exportTitles(), func(ctx context.Context, progress cli.ProgressFunc) (string, []string, error) {
		db, err := sh.database()
		if err != nil {
			return "", nil, err
		}
		req.Progress = progress
		res, err := cli.ExportFile(ctx, db, req)
		if err != nil {
			return "", nil, err
		}
		return exportMessage(req, res), nil, nil
	}, false)
}

// exportMessage names the file an export went to and what is in it; an
// empty export says what may have left everything out.
func exportMessage(req cli.ExportRequest, res cli.ExportResult) string {
	where := tr("Exported to {{.Path}}", map[string]any{"Path": req.Path})
	switch {
	case res.Items == 0 && (req.Annotator != "" || req.DoneOnly):
		return where + "\n" + tr("The file is empty: nothing matches “Only my annotations” or “Only documents marked done”.")
	case res.Items == 0 && req.Format.IsStance():
		return where + "\n" + tr("The file is empty: no stance has been recorded yet.")
	case res.Items == 0:
		return where + "\n" + tr("The file is empty: no document has been annotated yet.")
	case req.Format.IsStance():
		return where + "\n" + tr("{{.N}} stance(s) from {{.Docs}} document(s).", map[string]any{"N": res.Stances, "Docs": res.Documents})
	}
	return where + "\n" + tr("{{.Docs}} document(s), {{.N}} document-annotator pair(s), offsets in {{.Unit}}.",
		map[string]any{"Docs": res.Documents, "N": res.Items, "Unit": string(req.Offsets)})
}

// showSuccess shows a finished transfer's sentence, and the inputs it
// skipped when there were any.
func (sh *shell) showSuccess(titles transferTitles, msg string, problems []string) {
	sh.ws.status.info(strings.ReplaceAll(msg, "\n", " — ")) // the status bar is one line
	sh.showDetails(titles.done, messageLines(msg, nil), problems)
}

// showFailure shows why a transfer failed, in one sentence, with the
// problems (file:line: reason) below it.
func (sh *shell) showFailure(titles transferTitles, summary string, problems []string) {
	sh.ws.status.fail(userErr(annotate.ECodeIO, summary))
	sh.showDetails(titles.failed, messageLines(summary, dangerColor()), problems)
}

// showDetails shows a transfer's result: its sentences, and below them
// the problems (file:line: reason), one per line, scrolling when many.
func (sh *shell) showDetails(title string, head fyne.CanvasObject, problems []string) {
	content := []fyne.CanvasObject{head}
	size := fyne.NewSize(600, 0)
	if len(problems) > 0 {
		// A label each, laid out at once on the UI goroutine: thousands
		// would freeze the window, and nobody reads past the first few
		// hundred (the command lists them all).
		if more := len(problems) - maxProblemsShown; more > 0 {
			problems = append(problems[:maxProblemsShown:maxProblemsShown], tr("and {{.N}} more", map[string]any{"N": more}))
		}
		details := messageLines(strings.Join(problems, "\n"), nil)
		scroll := container.NewScroll(details)
		scroll.SetMinSize(fyne.NewSize(520, 200))
		content = append(content, scroll)
		size.Height = 360
	}
	d := uiDialog(title, tr("Close"), container.NewVBox(content...), sh.win)
	d.Resize(fyne.NewSize(size.Width, max(size.Height, d.MinSize().Height)))
	d.Show()
}

// maxProblemsShown is how many problems a result dialog lists.
const maxProblemsShown = 200

// messageLines shows text a line per textview.Label, in the UI's
// direction, so paths, counts and Latin names inside Arabic sentences
// keep their places; c colours it (nil: the theme's text colour).
func messageLines(text string, c color.Color) fyne.CanvasObject {
	box := container.NewVBox()
	for _, line := range strings.Split(text, "\n") {
		l := uiLabel(line)
		l.Color = c
		box.Add(l)
	}
	return box
}
