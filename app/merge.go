package app

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/cli"
	"hashiya/app/textview"
	hstorage "hashiya/storage"
)

// File > Merge… brings every annotator's work from other Hashiya
// databases into the open one, as hashiya merge does (storage.Merge, one
// transaction: all of it or nothing). The annotator names the databases,
// confirms a dialog that lists them, and the merge runs off the UI
// goroutine under a progress bar; the workspace then reloads, so the
// documents the merge added are listed.

// mergeForm is the dialog that collects the databases to merge.
type mergeForm struct {
	sh     *shell
	paths  *widget.Entry // one path per line
	rename *widget.Entry // OLD=NEW, one per line
	d      *formDialog
}

func (sh *shell) onMerge() { sh.openMergeForm() }

func (sh *shell) openMergeForm() *mergeForm {
	f := &mergeForm{sh: sh}
	f.paths = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapOff, PlaceHolder: tr("One database per line")}
	f.paths.SetMinRowsVisible(4)
	f.rename = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapOff}
	f.rename.SetMinRowsVisible(2)
	add := &widget.Button{Text: fyneText(tr("Add…")), OnTapped: f.onAdd}
	items := []*widget.FormItem{
		{Text: tr("Databases"), Widget: container.NewBorder(nil, nil, nil, add, f.paths),
			HintText: tr("Hashiya databases whose annotators' work to bring into this one")},
		{Text: tr("Rename"), Widget: f.rename,
			HintText: tr("old=new on a line brings annotator old's work in as new's, when both databases have old with different work")},
	}
	f.d = newFormDialog(tr("Merge"), tr("Next"), tr("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		rename, err := parseRenames(f.rename.Text)
		if err != nil {
			sh.showFailure(mergeTitles(), errorText(err), nil)
			return
		}
		sh.confirmMergeRenamed(mergePaths(f.paths.Text), rename)
	}, sh.win)
	f.d.Resize(fyne.NewSize(680, f.d.MinSize().Height))
	f.d.Show()
	return f
}

// onAdd picks a database with Fyne's file dialog and adds it as a line.
func (f *mergeForm) onAdd() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		f.addPath(r.URI().Path())
	}, f.sh.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	// It starts in the open database's folder, where a team keeps the
	// others' databases more often than not.
	if dir, err := filepath.Abs(filepath.Dir(f.sh.store.Path())); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	localizeFileDialog(d, tr("Choose a database to merge"))
	d.Show()
}

func (f *mergeForm) addPath(p string) {
	text := strings.TrimRight(f.paths.Text, "\n")
	if text != "" {
		text += "\n"
	}
	f.paths.SetText(text + p)
}

// parseRenames reads the form's OLD=NEW lines, as hashiya merge's
// --rename flags.
func parseRenames(text string) (map[string]string, error) {
	out := map[string]string{}
	for _, line := range mergePaths(text) {
		old, nw, ok := strings.Cut(line, "=")
		old, nw = strings.TrimSpace(old), strings.TrimSpace(nw)
		if !ok || old == "" || nw == "" {
			return nil, userErr(annotate.ECodeInvalid, tr("Write each renaming as old=new, such as sara=sara2."))
		}
		if _, dup := out[old]; dup {
			return nil, userErr(annotate.ECodeDuplicate, tr("Annotator {{.Name}} is renamed twice.", map[string]any{"Name": annotate.Printable(old)}))
		}
		if err := annotate.ValidateAnnotator(nw); err != nil {
			return nil, err
		}
		out[old] = nw
	}
	return out, nil
}

// mergePaths are the non-blank lines of the form's list, trimmed.
func mergePaths(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if p := strings.TrimSpace(line); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func mergeTitles() transferTitles {
	return transferTitles{tr("Merging…"), tr("Merge finished"), tr("Merge failed")}
}

// confirmMerge names the databases and the one they go into, and merges
// only on the Merge button.
func (sh *shell) confirmMerge(paths []string) *formDialog { return sh.confirmMergeRenamed(paths, nil) }

// confirmMergeRenamed is confirmMerge with annotators renamed as
// hashiya merge's --rename does.
func (sh *shell) confirmMergeRenamed(paths []string, rename map[string]string) *formDialog {
	if len(paths) == 0 {
		sh.showFailure(mergeTitles(), tr("Name at least one database to merge."), nil)
		return nil
	}
	// Paths read left to right whatever the UI's direction: each has a
	// line of its own, outside the sentences.
	head := uiTitle(tr("Merge every annotator's work from {{.N}} database(s):", map[string]any{"N": len(paths)}))
	list := pathLines(paths)
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(560, min(list.MinSize().Height, 240)))
	into := uiTitle(tr("into the open database:"))
	note := uiLabel(tr("Nothing is stored unless all of it is, and merging again changes nothing."))
	content := container.NewVBox(head, scroll, into, pathLines([]string{sh.store.Path()}))
	for _, old := range slices.Sorted(maps.Keys(rename)) {
		content.Add(uiLabel(tr("{{.Old}}'s work comes in as {{.New}}'s.", map[string]any{"Old": annotate.Printable(old), "New": annotate.Printable(rename[old])})))
	}
	content.Add(note)
	d := newFormDialog(tr("Merge"), tr("Merge"), tr("Cancel"), []*widget.FormItem{{Widget: content}}, func(ok bool) {
		if ok {
			sh.runMerge(paths, rename)
		}
	}, sh.win)
	d.Show()
	return d
}

// pathLines shows file paths one per line, each laid out left to right
// (a right-to-left paragraph would move a path's leading slash to its
// end), on the side the UI reads from.
func pathLines(paths []string) *fyne.Container {
	box := container.NewVBox()
	for _, p := range paths {
		l := &textview.Label{Text: p, Direction: textview.DirectionLTR, Fit: true}
		if uiRTL() {
			l.Alignment = fyne.TextAlignTrailing
		}
		l.ExtendBaseWidget(l)
		box.Add(l)
	}
	return box
}

// runMerge merges paths into the open database, annotators renamed as
// rename says, under a progress dialog, then reloads the workspace and
// says what the merge did.
func (sh *shell) runMerge(paths []string, rename map[string]string) {
	sh.transfer(mergeTitles(), func(ctx context.Context, progress cli.ProgressFunc) (string, []string, error) {
		db, err := sh.database()
		if err != nil {
			return "", nil, err
		}
		var others []*hstorage.DB
		defer func() {
			for _, o := range others {
				o.Close()
			}
		}()
		for _, p := range paths {
			// A source is opened, never created: a typo must not merge nothing.
			o, err := hstorage.OpenExisting(p)
			if err != nil {
				return "", nil, err
			}
			others = append(others, o)
		}
		st, err := db.Merge(ctx, others, hstorage.MergeOptions{Rename: rename, Progress: func(done, total int) { progress(int64(done), int64(total)) }})
		if annotate.ErrorCode(err) == annotate.ECodeDuplicate {
			// The sentence names hashiya merge's flag; the form has the same.
			return errorText(err) + "\n" + tr("To bring that work in under another name, write old=new under Rename in the Merge form."), nil, err
		}
		if err != nil {
			return "", nil, err
		}
		return mergeMessage(len(paths), st), nil, nil
	}, true)
}

// mergeMessage says what a merge did.
func mergeMessage(databases int, st hstorage.MergeStats) string {
	msg := tr("Merged {{.N}} database(s): {{.Docs}} document(s) read, {{.New}} of them new.", map[string]any{"N": databases, "Docs": st.Documents, "New": st.NewDocuments})
	if st.Added > 0 {
		who := make([]string, len(st.Annotators))
		for i, a := range st.Annotators {
			who[i] = annotate.Printable(a)
		}
		msg += "\n" + tr("Work of {{.Who}} brought in on {{.N}} document(s).", map[string]any{"Who": strings.Join(who, listSep()), "N": st.Added})
	} else {
		msg += "\n" + tr("No new work was brought in.")
	}
	if st.Same > 0 {
		msg += "\n" + tr("{{.N}} work(s) were here already, identical, and were left as they are.", map[string]any{"N": st.Same})
	}
	return msg
}
