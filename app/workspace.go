package app

import (
	"context"
	"image/color"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
	"hashiya/storage"
)

// workspace is the main window's content: document list, text, label
// palette, spans, targets and stances, and the status bar. It holds what
// is on screen; the database holds what is true. Every change goes
// through the Store first and reaches the screen only once committed.
type workspace struct {
	ctx       context.Context
	store     Store
	annotator string
	win       fyne.Window
	prefs     fyne.Preferences
	// run executes database work off the UI goroutine; tests make it
	// synchronous so flows can be asserted step by step.
	run func(func())
	// scan runs searches apart from run's queue, so a search never
	// holds up saving an edit.
	scan func(func())
	now  func() time.Time

	schema annotate.Schema

	// docs is every document, in ID order, or the annotator's queue in
	// its order when they have one (queued; see worklist).
	docs   []storage.DocSummary
	queued bool
	shown  []int           // indices into docs that pass filter and search
	filter annotate.Status // "" shows all
	query  string
	found  map[int64]bool // documents whose text matches query, once searched
	// searched: the database has answered query (found is complete).
	searched bool
	// short: query is too short for the search index; only the open
	// text is searched and the list is not filtered.
	short bool
	// hitList are query's hits in the open text, hitCur the index of the
	// one Enter went to, -1 before the first Enter.
	hitList [][2]int
	hitCur  int
	// cancelScan stops the running search scan.
	cancelScan func()
	// indexCtx ends the background indexing (indexing.go) when cancelled
	// by stopIndex; indexing: a batch is queued or running. indexBatch
	// is the batch size, smaller in tests.
	indexCtx   context.Context
	stopIndex  context.CancelFunc
	indexing   bool
	indexBatch int
	done       int
	total      int
	cur        int // index into docs of the open document, -1 for none
	doc        annotate.Document
	runes      []rune // doc.Text, for slicing by code point
	ann        annotate.Annotations
	spans      []annotate.Span // ann.Spans in reading order
	selSpan    int64           // span picked in the spans list, 0 for none
	selTgt     int64           // target picked in the targets list, 0 for none
	// other is the annotator whose spans are shown greyed, otherSpans
	// those spans on the open document (others.go).
	other      otherAnnotator
	otherSpans []annotate.Span
	// curation is curation mode (curation.go).
	curation *curation

	text     textView
	textSize float32
	docList  *widget.List
	spanList *widget.List
	palette  *fyne.Container
	labels   map[string]*widget.Button
	search   *textview.Entry
	// hitOnOpen: the document being opened was opened by Enter in the
	// search box, so its first hit becomes current.
	hitOnOpen bool
	// listPane and sidePane are the panes F8 and F9 hide; split holds them.
	listPane, sidePane fyne.CanvasObject
	split              *container.Split
	listItem           *fyne.MenuItem  // View › Document list
	panelsItem         *fyne.MenuItem  // View › Side panels
	hitCount           *textview.Label // "3 of 12", "No results"
	filters            *widget.Select
	progress           *widget.ProgressBar
	count              *textview.Label
	status             *statusBar
	targets            *targetsPanel
	activity           *activity
	guide              fyne.Window // the guidelines window while open
	// guideView shows the guidelines in guide.
	guideView *textview.TextView
}

// newWorkspace builds the workspace with a text view from newText. run
// executes database work off the UI goroutine; nil gives the workspace a
// queue of its own. Nothing is read until start is called.
func newWorkspace(ctx context.Context, win fyne.Window, prefs fyne.Preferences, store Store, annotator string, newText func(viewHooks) textView, run func(func())) *workspace {
	scan := run
	if run == nil {
		run = newSerial().run
		scan = func(f func()) { go f() }
	}
	w := &workspace{
		ctx: ctx, store: store, annotator: annotator, win: win, prefs: prefs,
		run: run, scan: scan, now: time.Now, cur: -1, hitCur: -1,
		labels: map[string]*widget.Button{}, indexBatch: indexBatch,
	}
	w.indexCtx, w.stopIndex = context.WithCancel(ctx)
	w.other.set(prefs.String(prefOther))
	text := newText(w.hooks())
	w.text = text
	w.textSize = float32(prefs.FloatWithFallback(prefTextSize, defaultTextSize))
	text.SetTextSize(w.textSize)
	w.status = newStatusBar(annotator)
	w.activity = newActivity(w)
	w.docList = &widget.List{
		Length:     func() int { return len(w.shown) },
		CreateItem: newDocRow,
		UpdateItem: w.updateDocRow,
		OnSelected: w.onDocSelected,
	}
	w.spanList = &widget.List{
		Length:     func() int { return len(w.spans) },
		CreateItem: newSpanRow,
		UpdateItem: w.updateSpanRow,
		OnSelected: w.onSpanSelected,
	}
	w.search = uiEntry(tr("Search"))
	w.search.OnChanged, w.search.OnSubmitted = w.onSearch, w.onSearchSubmitted
	w.hitCount = uiLabel("")
	w.filters = &widget.Select{Options: filterOptions(), OnChanged: w.onFilter}
	w.filters.Selected = filterOptions()[0]
	w.progress = &widget.ProgressBar{}
	w.count = uiLabel("")
	w.palette = grid(2)
	w.targets = newTargetsPanel(w)
	w.curation = newCuration(w)
	return w
}

// content lays the workspace out.
func (w *workspace) content() fyne.CanvasObject {
	// In reading order: the document list, the text, the panels; so in
	// the Arabic UI the list is on the right and the panels on the left.
	top := container.NewVBox(leadTrail(nil, w.hitCount, w.search), w.filters, leadTrail(nil, w.count, w.progress))
	list := container.NewBorder(top, nil, nil, nil, w.docList)
	spans := container.NewBorder(uiTitle(tr("Spans")), nil, nil, nil, atLeast(w.spanList, fyne.NewSize(0, 80)))
	panels := container.NewVSplit(spans, w.targets.content())
	panels.Offset = 0.22
	side := container.NewBorder(container.NewVBox(w.curation.pane, uiTitle(tr("Labels")), w.palette), nil, nil, nil, panels)
	w.listPane = paneWithMin(list, minListWidth, minPaneHeight)
	w.sidePane = paneWithMin(side, minSideWidth, minPaneHeight)
	inner := hsplit(atLeast(w.text.Object(), fyne.NewSize(minTextWidth, 0)), w.sidePane, 0.6)
	outer := hsplit(w.listPane, inner, 0.22)
	w.split = outer
	w.applyPanePrefs()
	return container.NewBorder(nil, w.status.content(), nil, nil, outer)
}

// start reads the schema, the document list and the progress, then opens
// the first document not yet done (of the annotator's queue, when they
// have one).
func (w *workspace) start() {
	w.curation.restore()
	curating := w.curation.on() // a curator judges every document, queue or not
	last := lastDocument(w.prefs, positionsKey(w.store.Path(), w.annotator))
	w.run(func() {
		schema, err := w.store.Schema(w.ctx)
		if err != nil {
			fyne.Do(func() { w.status.fail(err) })
			return
		}
		wl, err := w.worklist(w.annotator, curating)
		if err != nil {
			fyne.Do(func() { w.status.fail(err) })
			return
		}
		docs := wl.docs
		// The document the annotator had open last, unless finished
		// since; else the first not finished.
		first := -1
		for i, d := range docs {
			if d.ID == last && !finished(d.Status) {
				first = i
			}
		}
		if first < 0 {
			first = firstUnfinished(docs)
		}
		if first < 0 && len(docs) > 0 {
			first = 0
		}
		var od *openedDoc
		if first >= 0 {
			od, err = w.readDoc(docs[first].ID)
		}
		fyne.Do(func() {
			w.setSchema(schema)
			w.setWorklist(wl)
			if err != nil {
				w.status.fail(err)
				return
			}
			if od != nil {
				w.show(first, od)
			} else {
				w.status.state(tr("There are no documents yet: add some with File > Import."))
			}
		})
	})
	// Behind the first reads, so the window shows the document first;
	// an import or a merge rebuilds the workspace, so this follows them.
	w.indexPending()
}

// openedDoc is a document with what the text view needs, read and
// tokenized off the UI goroutine.
type openedDoc struct {
	doc    annotate.Document
	tokens []annotate.Token
	ann    annotate.Annotations
	other  []annotate.Span                 // the other annotator's shown greyed
	theirs map[string]annotate.Annotations // the compared annotators' in curation
	// visited: the curator has edited the document before (curation).
	visited bool
}

func (w *workspace) readDoc(id int64) (*openedDoc, error) {
	doc, err := w.store.Document(w.ctx, id)
	if err != nil {
		return nil, err
	}
	ann, err := w.store.Annotations(w.ctx, id, w.annotator)
	if err != nil {
		return nil, err
	}
	other, err := w.readOther(id)
	if err != nil {
		return nil, err
	}
	theirs, visited, err := w.curation.read(id)
	if err != nil {
		return nil, err
	}
	return &openedDoc{doc: doc, tokens: annotate.Tokenize(doc.Text), ann: ann, other: other, theirs: theirs, visited: visited}, nil
}

// open reads document docs[i] and shows it.
func (w *workspace) open(i int) {
	if i < 0 || i >= len(w.docs) {
		return
	}
	id := w.docs[i].ID
	w.run(func() {
		od, err := w.readDoc(id)
		fyne.Do(func() {
			if err != nil {
				w.status.fail(err)
				return
			}
			if i >= len(w.docs) || w.docs[i].ID != id {
				i = w.indexOf(id)
			}
			w.show(i, od)
		})
	})
}

// show puts an opened document on screen and gives the text the focus,
// so the annotator can select and label without touching the mouse.
func (w *workspace) show(i int, od *openedDoc) {
	if w.cur >= 0 && w.cur < len(w.docs) && w.docs[w.cur].ID != od.doc.ID {
		w.activity.flush()
		w.savePosition()
	}
	w.cur = i
	w.doc = od.doc
	w.runes = []rune(od.doc.Text)
	w.selSpan, w.selTgt = 0, 0
	w.otherSpans = od.other
	w.text.SetText(od.doc.Text, od.tokens)
	w.curation.setDoc(od.theirs, od.visited)
	w.setAnnotations(od.ann)
	w.refreshHits()
	w.restorePosition()
	w.savePosition() // the open document is the one to come back to
	w.selectInList(i)
	w.status.setPosition(i+1, len(w.docs))
	w.activity.reset()
	w.focusText()
	w.curation.acceptAgreed()
	if w.hitOnOpen {
		// Opened by Enter in the search box: its first hit is current
		// and the box keeps the focus, so Enter goes on.
		w.hitOnOpen = false
		if len(w.hitList) > 0 {
			w.markHit(0)
		}
		if w.win.Canvas() != nil {
			w.win.Canvas().Focus(w.search)
		}
	}
}

// focusText gives the text view the keyboard focus, where hotkeys work.
func (w *workspace) focusText() {
	if f, ok := w.text.Object().(fyne.Focusable); ok && w.win.Canvas() != nil {
		w.win.Canvas().Focus(f)
	}
}

// setAnnotations shows ann: marks in the text, the spans list, targets.
func (w *workspace) setAnnotations(ann annotate.Annotations) {
	w.ann = ann
	w.spans = slices.Clone(ann.Spans)
	slices.SortStableFunc(w.spans, func(a, b annotate.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	// Other annotators' spans first, so one's own are drawn over them.
	marks := w.otherMarks()
	if w.curation.on() {
		marks = w.curation.marks()
	}
	for _, s := range w.spans {
		marks = append(marks, mark{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Color: w.labelColor(s.Label), Evidence: s.Kind == annotate.SpanEvidence})
	}
	w.text.SetMarks(marks)
	if w.selSpan != 0 && w.spanIndex(w.selSpan) < 0 {
		w.selSpan = 0
	}
	w.spanList.UnselectAll()
	w.spanList.Refresh()
	w.targets.refresh()
	w.curation.list.Refresh()
}

func (w *workspace) indexOf(id int64) int {
	for i, d := range w.docs {
		if d.ID == id {
			return i
		}
	}
	return -1
}

func (w *workspace) spanIndex(id int64) int {
	for i, s := range w.spans {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func (w *workspace) labelColor(name string) color.Color {
	l, ok := w.schema.Entity(name)
	if !ok {
		return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
	}
	return parseHexColor(l.Color)
}

// parseHexColor reads "#rrggbb"; anything else is grey, since a bad colour
// in a schema should not stop anyone from working.
func parseHexColor(s string) color.Color {
	if len(s) == 7 && s[0] == '#' {
		if v, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
			return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
		}
	}
	return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
}

// edit runs write, a database change to the open document, off the UI
// goroutine, then reads the document's annotations and status back and
// shows them. Nothing on screen changes unless the write committed; a
// failed write leaves the screen as it was and says why.
func (w *workspace) edit(write func() error) {
	if w.cur < 0 {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("Open a document first.")))
		return
	}
	docID := w.doc.ID
	todo := w.docs[w.cur].Status == annotate.StatusTodo
	w.activity.touch()
	w.run(func() {
		if err := write(); err != nil {
			fyne.Do(func() { w.status.fail(err) })
			return
		}
		var markErr error
		if todo {
			// The edit itself is saved even if this fails; only the
			// list's status mark lags, and the annotator is told.
			markErr = w.store.MarkStarted(w.ctx, docID, w.annotator)
		}
		w.reloadAfterWrite(docID, markErr)
	})
}

// reloadAfterWrite reads back what a committed write changed: the
// document's annotations and its status. It runs off the UI goroutine.
// warn is a problem to show once the save is acknowledged.
func (w *workspace) reloadAfterWrite(docID int64, warn error) {
	saved := w.now()
	ann, err := w.store.Annotations(w.ctx, docID, w.annotator)
	var st annotate.DocStatus
	if err == nil {
		st, err = w.store.Status(w.ctx, docID, w.annotator)
	}
	fyne.Do(func() {
		// The write itself committed, so say so even if reading back failed.
		w.status.saved(saved)
		if warn != nil {
			w.status.fail(warn)
		}
		if err != nil {
			w.status.fail(err)
			return
		}
		w.setDocStatus(docID, st.Status)
		if w.doc.ID == docID {
			w.setAnnotations(ann)
		}
	})
}

// setDocStatus records a document's new status and keeps the progress
// in step with it. Counting here rather than asking the database keeps
// each edit from counting 100,000 rows; the count is read afresh at start.
func (w *workspace) setDocStatus(docID int64, st annotate.Status) {
	i := w.indexOf(docID)
	if i < 0 || w.docs[i].Status == st {
		return
	}
	was := finished(w.docs[i].Status)
	w.docs[i].Status = st
	switch {
	case !was && finished(st):
		w.setProgress(w.done+1, w.total)
	case was && !finished(st):
		w.setProgress(w.done-1, w.total)
	}
	w.applyFilter()
}

// finished reports whether a status needs no more work, as
// storage.Progress counts it.
func finished(s annotate.Status) bool {
	return s == annotate.StatusDone || s == annotate.StatusSkipped
}

func (w *workspace) setProgress(done, total int) {
	w.done, w.total = done, total
	if total > 0 {
		w.progress.Max = float64(total)
		w.progress.SetValue(float64(done))
	} else {
		w.progress.Max = 1
		w.progress.SetValue(0)
	}
	if w.queued {
		w.count.SetText(tr("your queue: done {{.Done}} / {{.Total}}", map[string]any{"Done": done, "Total": total}))
		return
	}
	w.count.SetText(tr("done {{.Done}} / {{.Total}}", map[string]any{"Done": done, "Total": total}))
}

// worklist is the documents an annotator works on, with their progress.
type worklist struct {
	docs        []storage.DocSummary
	done, total int
	// queued: docs is the annotator's queue (hashiya assign), in its
	// order, and done and total count it.
	queued bool
}

// worklist reads annotator's queue when they have one, else every
// document; with everything (curation, where the curator judges every
// document), every document anyway. Off the UI goroutine.
func (w *workspace) worklist(annotator string, everything bool) (worklist, error) {
	if !everything {
		q, done, err := w.store.Queue(w.ctx, annotator)
		if err != nil {
			return worklist{}, err
		}
		if len(q) > 0 {
			return worklist{docs: q, done: done, total: len(q), queued: true}, nil
		}
	}
	docs, err := w.store.ListDocuments(w.ctx, annotator)
	if err != nil {
		return worklist{}, err
	}
	done, total, err := w.store.Progress(w.ctx, annotator)
	if err != nil {
		return worklist{}, err
	}
	return worklist{docs: docs, done: done, total: total}, nil
}

// setWorklist puts wl in the list and the progress bar.
func (w *workspace) setWorklist(wl worklist) {
	w.docs, w.queued = wl.docs, wl.queued
	w.setProgress(wl.done, wl.total)
	w.applyFilter()
}

// onDone marks the open document done and opens the next one not done
// (Ctrl+Enter).
func (w *workspace) onDone() { w.finish(annotate.StatusDone) }

// onSkip marks the open document skipped and opens the next one.
func (w *workspace) onSkip() { w.finish(annotate.StatusSkipped) }

// finish gives the open document status st and opens the next one not
// finished, in one trip off the UI goroutine. The next document is picked
// before the write, on the UI goroutine that owns the list.
func (w *workspace) finish(st annotate.Status) {
	if w.cur < 0 {
		w.status.fail(userErr(annotate.ECodeNotFound, tr("Open a document first.")))
		return
	}
	docID := w.doc.ID
	next := w.nextNotDone(w.cur)
	var nextID int64
	if next >= 0 {
		nextID = w.docs[next].ID
	}
	w.activity.flush()
	w.run(func() {
		if err := w.store.SetStatus(w.ctx, docID, w.annotator, st); err != nil {
			fyne.Do(func() { w.status.fail(err) })
			return
		}
		saved := w.now()
		var od *openedDoc
		var err error
		if nextID != 0 {
			od, err = w.readDoc(nextID)
		}
		fyne.Do(func() {
			w.status.saved(saved)
			w.setDocStatus(docID, st)
			switch {
			case err != nil:
				w.status.fail(err)
			case od != nil:
				w.show(w.indexOf(nextID), od)
			case w.queued:
				w.status.state(tr("Every document in your queue is done."))
			default:
				w.status.state(tr("Every document is done."))
			}
		})
	})
}

// firstUnfinished is the index of the first of docs neither done nor
// skipped, or -1.
func firstUnfinished(docs []storage.DocSummary) int {
	return slices.IndexFunc(docs, func(d storage.DocSummary) bool { return !finished(d.Status) })
}

// nextNotDone is the first document after from, wrapping around and
// leaving out from itself, that is neither done nor skipped, or -1.
func (w *workspace) nextNotDone(from int) int {
	n := len(w.docs)
	for k := 1; k < n; k++ {
		i := (from + k) % n
		if s := w.docs[i].Status; s != annotate.StatusDone && s != annotate.StatusSkipped {
			return i
		}
	}
	return -1
}

// step opens the next (+1) or previous (-1) document of the list as
// filtered (PageDown, PageUp).
func (w *workspace) step(dir int) {
	if len(w.shown) == 0 {
		return
	}
	pos := slices.Index(w.shown, w.cur)
	switch {
	case pos < 0 && dir > 0:
		pos = 0
	case pos < 0:
		pos = len(w.shown) - 1
	default:
		pos += dir
	}
	if pos < 0 || pos >= len(w.shown) {
		return
	}
	w.open(w.shown[pos])
}

// undo and redo replay the edit log. The edit may belong to another
// document than the open one: that document is opened, so the annotator
// sees what changed.
func (w *workspace) undo() { w.replay(w.store.Undo, undoneMessage) }
func (w *workspace) redo() { w.replay(w.store.Redo, redoneMessage) }

// undoneMessage and redoneMessage say what Ctrl+Z or Ctrl+Y changed,
// from the edit log's kind of edit, since the change may be subtle (a
// label) or on another document.
func undoneMessage(kind string) string {
	if what := editWhat(kind); what != "" {
		return tr("Undone: {{.What}}.", map[string]any{"What": what})
	}
	return tr("Undone.")
}

func redoneMessage(kind string) string {
	if what := editWhat(kind); what != "" {
		return tr("Redone: {{.What}}.", map[string]any{"What": what})
	}
	return tr("Redone.")
}

// editWhat names what an edit of the edit log's kind changed; "" for a
// kind it does not know.
func editWhat(kind string) string {
	switch kind {
	case "span.add":
		return tr("the new span")
	case "span.update":
		return tr("the span change")
	case "span.delete":
		return tr("the span deletion")
	case "target.add":
		return tr("the new target")
	case "target.update":
		return tr("the target change")
	case "target.delete":
		return tr("the target deletion")
	case "stance.add":
		return tr("the new stance")
	case "stance.update":
		return tr("the stance change")
	case "stance.delete":
		return tr("the stance deletion")
	case "status.set":
		return tr("the status change")
	case "span.replace", "stance.take":
		return tr("the curation step")
	case "import":
		return tr("the import")
	case "document.delete":
		return tr("the document deletion")
	}
	return ""
}

func (w *workspace) replay(f func(context.Context, string) (storage.Edit, error), message func(kind string) string) {
	w.run(func() {
		e, err := f(w.ctx, w.annotator)
		if err != nil {
			fyne.Do(func() { w.status.fail(err) })
			return
		}
		if e.ChangesDocuments() {
			fyne.Do(func() {
				// Documents came or went: read the list afresh.
				w.changeDocuments(func() (int64, string, error) { return e.DocumentID, message(e.Kind), nil })
				// Documents back from the trash wait for the index.
				w.indexPending()
			})
			return
		}
		saved := w.now()
		st, err := w.store.Status(w.ctx, e.DocumentID, w.annotator)
		var od *openedDoc
		if err == nil {
			od, err = w.readDoc(e.DocumentID)
		}
		fyne.Do(func() {
			w.status.saved(saved)
			if err != nil {
				w.status.fail(err)
				return
			}
			w.setDocStatus(e.DocumentID, st.Status)
			if w.doc.ID == e.DocumentID {
				// Keep the reading position: only the annotations changed.
				w.setAnnotations(od.ann)
			} else {
				w.show(w.indexOf(e.DocumentID), od)
			}
			w.status.info(message(e.Kind))
		})
	})
}

// onSave answers Ctrl+S, which is never needed: every edit is saved as
// it is made. Saying so is kinder than doing nothing.
func (w *workspace) onSave() {
	w.status.info(tr("Saved: every edit is saved as you make it."))
}

// zoom changes the text size by delta points and remembers it.
func (w *workspace) zoom(delta float32) {
	s := min(max(w.textSize+delta, minTextSize), maxTextSize)
	if s == w.textSize {
		return
	}
	w.textSize = s
	w.text.SetTextSize(s)
	w.prefs.SetFloat(prefTextSize, float64(s))
}

// Text sizes, in Fyne's device-independent points.
const (
	defaultTextSize = 18
	minTextSize     = 10
	maxTextSize     = 48
)
