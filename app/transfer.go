package app

import (
	"bytes"
	"context"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/app/cli"
)

// File > Import and File > Export run the very commands the shell runs
// (package cli), on the open database's file, so the window and the
// command line accept the same inputs and report the same sentences. They
// run off the UI goroutine under a progress dialog.

func formatNames(fs []dataset.Format) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// onImport asks how to read the input, then for the file or folder.
func (sh *shell) onImport() {
	format := &widget.Select{Options: formatNames(dataset.ReadFormats), Selected: string(dataset.Auto)}
	offsets := &widget.Select{Options: []string{string(dataset.Codepoint), string(dataset.UTF16)}, Selected: string(dataset.Codepoint)}
	skip := &widget.Check{Text: tr("Import the valid lines even when some are invalid")}
	folder := &widget.Check{Text: tr("Import a whole folder of .txt files")}
	items := []*widget.FormItem{
		{Text: tr("Format"), Widget: format, HintText: tr("auto: from the file name and first line")},
		{Text: tr("Offsets"), Widget: offsets, HintText: tr("utf16 for files from doccano or Label Studio")},
		{Widget: skip}, {Widget: folder},
	}
	dialog.ShowForm(tr("Import"), tr("Choose…"), tr("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		args := []string{"--db", sh.store.Path(), "--format", format.Selected, "--offsets", offsets.Selected}
		if skip.Checked {
			args = append(args, "--skip-invalid")
		}
		run := func(path string) { sh.transfer(tr("Importing…"), cli.Import, append(args, path), true) }
		if folder.Checked {
			dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
				if err == nil && u != nil {
					run(u.Path())
				}
			}, sh.win)
			return
		}
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				r.Close()
				run(r.URI().Path())
			}
		}, sh.win)
	}, sh.win)
}

// onExport asks what to export, then where to.
func (sh *shell) onExport() {
	format := &widget.Select{Options: formatNames(dataset.WriteFormats), Selected: string(dataset.Prodigy)}
	offsets := &widget.Select{Options: []string{string(dataset.Codepoint), string(dataset.UTF16)}, Selected: string(dataset.Codepoint)}
	mine := &widget.Check{Text: tr("Only my annotations")}
	done := &widget.Check{Text: tr("Only documents marked done")}
	items := []*widget.FormItem{
		{Text: tr("Format"), Widget: format},
		{Text: tr("Offsets"), Widget: offsets, HintText: tr("codepoint for Python tools, utf16 for JavaScript ones")},
		{Widget: mine}, {Widget: done},
	}
	dialog.ShowForm(tr("Export"), tr("Choose…"), tr("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		args := []string{"--db", sh.store.Path(), "--format", format.Selected, "--offsets", offsets.Selected}
		if mine.Checked {
			args = append(args, "--annotator", sh.ws.annotator)
		}
		if done.Checked {
			args = append(args, "--done-only")
		}
		d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err != nil || wc == nil {
				return
			}
			// The command writes beside the file and renames it into place,
			// so the empty file the dialog made is simply replaced.
			path := wc.URI().Path()
			wc.Close()
			sh.transfer(tr("Exporting…"), cli.Export, append(args, "-o", path), false)
		}, sh.win)
		ext := ".jsonl"
		switch dataset.Format(format.Selected) {
		case dataset.Stance:
			ext = ".tsv"
		case dataset.CoNLL:
			ext = ".conll"
		}
		d.SetFileName("hashiya-" + format.Selected + ext)
		d.Show()
	}, sh.win)
}

// transfer runs cmd with args off the UI goroutine under a progress
// dialog, then shows the command's summary or its error sentences.
// After an import the workspace is rebuilt so the new documents list.
func (sh *shell) transfer(title string, cmd func(context.Context, []string, io.Writer, io.Writer) int, args []string, reload bool) {
	bar := widget.NewProgressBar()
	prog := dialog.NewCustomWithoutButtons(title, container.NewPadded(bar), sh.win)
	prog.Resize(fyne.NewSize(420, prog.MinSize().Height))
	prog.Show()
	// The command reports at most every 50 ms; each report is one hop to
	// the UI goroutine.
	ctx := cli.WithProgress(context.Background(), func(done, total int64) {
		if total <= 0 {
			return
		}
		v := float64(done) / float64(total)
		fyne.Do(func() { bar.SetValue(v) })
	})
	sh.async(func() {
		var stdout, stderr bytes.Buffer
		code := cmd(ctx, args, &stdout, &stderr)
		fyne.Do(func() {
			prog.Hide()
			if reload && code == 0 {
				sh.show(sh.ws.annotator)
			}
			sh.showTransferResult(title, code, stdout.String(), stderr.String())
		})
	})
}

// showTransferResult shows a command's outcome. The commands print one
// sentence per problem (file:line: reason) and end a failure with the
// sentence that sums it up; the window shows that sentence first and the
// rest below it.
func (sh *shell) showTransferResult(title string, code int, stdout, stderr string) {
	lines := nonEmptyLines(stderr)
	if code == 0 {
		msg := strings.TrimSpace(stdout)
		if msg == "" && len(lines) > 0 {
			msg = lines[len(lines)-1] // export's summary goes to stderr
		}
		sh.ws.status.info(msg)
		dialog.ShowInformation(title, msg, sh.win)
		return
	}
	// The summing-up sentence is the command's own "hashiya CMD: ..." line;
	// what follows it (a usage text) is of no use in a window.
	summary := tr("The command failed.")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "hashiya ") {
			_, summary, _ = strings.Cut(lines[i], ": ")
			lines = lines[:i]
			break
		}
	}
	sh.ws.status.fail(userErr(annotate.ECodeIO, summary))
	content := []fyne.CanvasObject{&widget.Label{Text: summary, Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}}
	if len(lines) > 0 {
		details := &widget.Label{Text: strings.Join(lines, "\n"), Wrapping: fyne.TextWrapWord}
		scroll := container.NewVScroll(details)
		scroll.SetMinSize(fyne.NewSize(520, 200))
		content = append(content, scroll)
	}
	d := dialog.NewCustom(title, tr("Close"), container.NewVBox(content...), sh.win)
	d.Resize(fyne.NewSize(600, 360))
	d.Show()
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
