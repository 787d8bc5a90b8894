package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hashiya/app/textview"
)

// importChooser picks the file or folder to import (and, made by
// newFileChooser, the guidelines file to import). It is Hashiya's own
// rather than Fyne's file dialog because that dialog opens a folder on a
// single click and then takes the second click of a double-click as a
// click on whatever file has scrolled under the pointer, and its row
// widgets remember the first click, so that file is opened at once. Here
// a click selects, a double-click opens a folder (or chooses a file),
// and Choose takes the selection; a path can also be typed.
type importChooser struct {
	win      fyne.Window
	dir      string
	entries  []os.DirEntry // folders first, then importable files
	selected int           // index into entries, -1 for none
	path     *widget.Entry
	list     *widget.List
	problem  *textview.Label
	d        *confirmDialog
	onChoose func(path string)
	exts     []string // the extensions of the files listed
}

// importable are the extensions a folder listing shows.
var importable = []string{".txt", ".jsonl", ".json", ".ndjson"}

func newImportChooser(win fyne.Window, start string, onChoose func(path string)) *importChooser {
	return newFileChooser(win, start, tr("Choose what to import"), importable,
		[]string{tr("Click to select, double-click a folder to open it."), tr("Choose imports what is selected, or the whole folder shown when nothing is.")}, onChoose)
}

// newFileChooser is the chooser with a title, the extensions of the
// files it lists and the hints under the listing.
func newFileChooser(win fyne.Window, start, title string, exts, hints []string, onChoose func(path string)) *importChooser {
	c := &importChooser{win: win, selected: -1, onChoose: onChoose, exts: exts}
	c.path = &widget.Entry{OnSubmitted: c.onPathSubmitted}
	c.problem = uiTruncating("")
	c.problem.Color = dangerColor()
	c.list = &widget.List{
		Length:     func() int { return len(c.entries) },
		CreateItem: func() fyne.CanvasObject { return newChooserRow(c) },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) { o.(*chooserRow).set(id) },
	}
	up := &widget.Button{Icon: theme.MoveUpIcon(), OnTapped: func() { c.open(filepath.Dir(c.dir)) }}
	top := leadTrail(up, nil, c.path)
	hint := container.NewVBox()
	for _, h := range hints {
		hint.Add(uiLabel(h))
	}
	body := container.NewBorder(top, container.NewVBox(c.problem, hint), nil, nil, c.list)
	d := newConfirmDialog(title, tr("Choose"), tr("Cancel"), body, func(ok bool) {
		if ok {
			c.choose()
		}
	}, win)
	d.Resize(fyne.NewSize(640, 520))
	c.d = d
	c.open(start)
	return c
}

func (c *importChooser) show() { c.d.Show() }

// open lists folder dir.
func (c *importChooser) open(dir string) {
	des, err := os.ReadDir(dir)
	if err != nil {
		c.problem.SetText(tr("Cannot open the folder {{.Path}}.", map[string]any{"Path": dir}))
		return
	}
	c.problem.SetText("")
	c.dir = dir
	c.entries = c.entries[:0]
	var files []os.DirEntry
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".") {
			continue
		}
		if isDir(dir, de) {
			c.entries = append(c.entries, de)
		} else if slices.Contains(c.exts, strings.ToLower(filepath.Ext(de.Name()))) {
			files = append(files, de)
		}
	}
	c.entries = append(c.entries, files...)
	c.selected = -1
	c.list.UnselectAll()
	c.list.ScrollToTop()
	c.list.Refresh()
	c.path.SetText(dir)
}

// isDir follows symbolic links, so a linked folder opens like any.
func isDir(dir string, de os.DirEntry) bool {
	if de.IsDir() {
		return true
	}
	if de.Type()&os.ModeSymlink != 0 {
		fi, err := os.Stat(filepath.Join(dir, de.Name()))
		return err == nil && fi.IsDir()
	}
	return false
}

func (c *importChooser) entryPath(id int) string { return filepath.Join(c.dir, c.entries[id].Name()) }

// selectRow answers a click: the row is selected, nothing opens.
func (c *importChooser) selectRow(id int) {
	if id < 0 || id >= len(c.entries) {
		return
	}
	c.selected = id
	c.list.Select(id)
	c.path.SetText(c.entryPath(id))
}

// activate answers a double-click: a folder opens, a file is chosen.
func (c *importChooser) activate(id int) {
	if id < 0 || id >= len(c.entries) {
		return
	}
	if isDir(c.dir, c.entries[id]) {
		c.open(c.entryPath(id))
		return
	}
	c.selectRow(id)
	c.d.Hide()
	c.choose()
}

// onPathSubmitted answers Enter in the path: a folder opens, a file is
// chosen.
func (c *importChooser) onPathSubmitted(p string) {
	p = exportPath(p, c.dir) // the same rules as a typed export path
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		c.problem.SetText(tr("{{.Path}} does not exist.", map[string]any{"Path": p}))
	case fi.IsDir():
		c.open(p)
	default:
		c.d.Hide()
		c.onChoose(p)
	}
}

// choose hands on the path in the entry: the selection, the folder
// shown, or what was typed.
func (c *importChooser) choose() {
	p := exportPath(c.path.Text, c.dir)
	if p == "" {
		p = c.dir
	}
	c.onChoose(p)
}

// chooserRow is one entry of the listing. It takes the clicks itself,
// so a double-click is one event, never two clicks on two rows.
type chooserRow struct {
	widget.BaseWidget
	c     *importChooser
	id    int
	icon  *widget.Icon
	label *textview.Label // a file name, in its own direction
}

func newChooserRow(c *importChooser) *chooserRow {
	r := &chooserRow{c: c, id: -1, icon: widget.NewIcon(theme.FileIcon()), label: textview.NewLabel("")}
	r.ExtendBaseWidget(r)
	return r
}

func (r *chooserRow) set(id int) {
	r.id = id
	if id < 0 || id >= len(r.c.entries) {
		return
	}
	de := r.c.entries[id]
	if isDir(r.c.dir, de) {
		r.icon.SetResource(theme.FolderIcon())
		r.label.SetText(de.Name() + string(filepath.Separator))
	} else {
		r.icon.SetResource(theme.FileIcon())
		r.label.SetText(de.Name())
	}
}

func (r *chooserRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(leadTrail(r.icon, nil, r.label))
}

func (r *chooserRow) Tapped(*fyne.PointEvent)       { r.c.selectRow(r.id) }
func (r *chooserRow) DoubleTapped(*fyne.PointEvent) { r.c.activate(r.id) }
