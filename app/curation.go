package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image/color"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
	"hashiya/storage"
)

// Curation mode (View › Curation…): the window works as the curator
// ("gold" unless changed), whose layer is the document's curated
// annotation, exported like anyone's. The compared annotators' spans are
// drawn under the text, each annotator in a colour and a strip row of
// their own; what all of them marked alike is taken into the curator's
// layer when the curator first opens a document; the rest is listed as
// disagreements in text order, then the stances they disagree on: F7
// and F6 go to the next and previous, 1–9 take annotator k's version
// there, 0 takes none, Ctrl+1–9 takes it and stays there to relabel it.
// Each step is one undoable edit of the curator's (storage.ReplaceSpans,
// storage.TakeStances), so Ctrl+Z works as everywhere.

const (
	prefCurator    = "curator"
	defaultCurator = "gold"
)

// savedCuration is curation mode as remembered for one database, so
// that the window starts again in it: who curates and whom they
// compare. The document is the curator's last one, as for anyone.
type savedCuration struct {
	Curator  string   `json:"curator"`
	Compared []string `json:"compared"`
}

// curationKey is the preference key of curation mode on the database
// at dbPath; the path is hashed as for positionsKey.
func curationKey(dbPath string) string {
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	sum := sha256.Sum256([]byte(dbPath))
	return "curation_" + hex.EncodeToString(sum[:12])
}

// remember keeps curation mode (names nil: off) for the next start.
func (c *curation) remember(curator string, names []string) {
	key := curationKey(c.w.store.Path())
	if names == nil {
		// Emptied, not removed: Fyne reloads the preferences file when
		// it changes by decoding it over the values in memory, which
		// would bring back a removed key from a copy written earlier.
		c.w.prefs.SetString(key, "")
		return
	}
	if b, err := json.Marshal(savedCuration{Curator: curator, Compared: names}); err == nil {
		c.w.prefs.SetString(key, string(b))
	}
}

// restore puts the window back in the curation mode remembered for its
// database, before start reads anything, so that the curator's last
// document is the one opened. A damaged value is no curation, as
// nothing depends on it.
func (c *curation) restore() {
	var sc savedCuration
	s := c.w.prefs.String(curationKey(c.w.store.Path()))
	if s == "" || json.Unmarshal([]byte(s), &sc) != nil || annotate.ValidateAnnotator(sc.Curator) != nil || len(sc.Compared) < 2 {
		return
	}
	w := c.w
	c.annotator = w.annotator
	names := sc.Compared
	c.names.Store(&names)
	w.annotator = sc.Curator
	w.status.setAnnotator(sc.Curator)
	c.setPane(names)
}

// annotatorColors tell the compared annotators apart: far apart in hue
// and dark enough to read as bars on both themes.
var annotatorColors = []color.NRGBA{
	{R: 0xe6, G: 0x19, B: 0x4b, A: 0xff}, {R: 0x3c, G: 0xb4, B: 0x4b, A: 0xff}, {R: 0x43, G: 0x63, B: 0xd8, A: 0xff},
	{R: 0xf5, G: 0x82, B: 0x31, A: 0xff}, {R: 0x91, G: 0x1e, B: 0xb4, A: 0xff}, {R: 0x00, G: 0xa0, B: 0xb0, A: 0xff},
	{R: 0xf0, G: 0x32, B: 0xe6, A: 0xff}, {R: 0x9a, G: 0x63, B: 0x24, A: 0xff}, {R: 0x46, G: 0x99, B: 0x90, A: 0xff},
}

func annotatorColor(k int) color.NRGBA { return annotatorColors[k%len(annotatorColors)] }

// curation is curation mode's state and its panel.
type curation struct {
	w *workspace
	// names are the compared annotators, nil outside curation. Database
	// work reads them off the UI goroutine.
	names atomic.Pointer[[]string]
	// annotator is whom the window worked as before curation.
	annotator string
	// theirs are the compared annotators' spans on the open document,
	// result what they agree and disagree on.
	theirs map[string][]annotate.Span
	result annotate.Curation
	// agreedSpans are result.Agreed's places, looked up for every span
	// drawn and every row of the list.
	agreedSpans map[spanPlace]bool
	// stances is what they agree and disagree on about stances; its
	// disagreements are listed after the spans'.
	stances annotate.StanceCuration
	cur     int // the disagreement F7 or F6 went to, -1 for none
	// accepted are the documents whose agreed spans were taken this
	// session: reopening one after undoing that does not take them again.
	accepted map[int64]bool
	// visited: the curator had edited the open document before it was
	// opened, in this session or an earlier one. The agreed spans are
	// taken on a first visit only, so that an undone accept, or agreed
	// spans the curator deleted, stay undone (the edit log remembers
	// what a session's accepted cannot).
	visited bool

	list   *widget.List
	legend *fyne.Container
	pane   *fyne.Container // the panel, hidden outside curation
}

func newCuration(w *workspace) *curation {
	c := &curation{w: w, cur: -1, accepted: map[int64]bool{}}
	c.list = &widget.List{
		Length:     c.count,
		CreateItem: newDisagreementRow,
		UpdateItem: c.updateRow,
		OnSelected: c.onSelected,
	}
	c.legend = hbox()
	c.pane = container.NewBorder(container.NewVBox(uiTitle(tr("Disagreements")), c.legend), nil, nil, nil, atLeast(c.list, fyne.NewSize(0, 180)))
	c.pane.Hide()
	return c
}

// compared returns the compared annotators, nil outside curation.
func (c *curation) compared() []string {
	if p := c.names.Load(); p != nil {
		return *p
	}
	return nil
}

func (c *curation) on() bool { return c.compared() != nil }

// read reads the compared annotators' annotations on document id, and
// whether the curator has edited it before, off the UI goroutine; nil
// outside curation.
func (c *curation) read(id int64) (map[string]annotate.Annotations, bool, error) {
	names := c.compared()
	if names == nil {
		return nil, false, nil
	}
	out := make(map[string]annotate.Annotations, len(names))
	for _, n := range names {
		a, err := c.w.store.Annotations(c.w.ctx, id, n)
		if err != nil {
			return nil, false, err
		}
		out[n] = a
	}
	visited, err := c.w.store.HasEdits(c.w.ctx, c.w.annotator, id)
	if err != nil {
		return nil, false, err
	}
	return out, visited, nil
}

// setDoc takes the compared annotations of the document being shown
// and whether the curator has edited it before.
func (c *curation) setDoc(theirs map[string]annotate.Annotations, visited bool) {
	c.theirs = make(map[string][]annotate.Span, len(theirs))
	for n, a := range theirs {
		c.theirs[n] = a.Spans
	}
	c.visited = visited
	c.result = annotate.Curate(c.compared(), c.theirs)
	c.agreedSpans = make(map[spanPlace]bool, len(c.result.Agreed))
	for _, a := range c.result.Agreed {
		c.agreedSpans[placeOf(a)] = true
	}
	c.stances = annotate.CurateStances(c.compared(), theirs)
	c.cur = -1
	c.list.UnselectAll()
	c.list.Refresh()
}

// marks are the compared annotators' spans, each annotator in a colour
// and a strip row; only disagreeing spans are captioned, with the label
// and the annotator's number, since the agreed ones are the curator's
// and captioned as such.
func (c *curation) marks() []mark {
	var out []mark
	for k, name := range c.result.Annotators {
		for _, s := range c.theirs[name] {
			if s.Kind != annotate.SpanEntity {
				continue
			}
			m := mark{ID: s.ID, Start: s.Start, End: s.End, Color: annotatorColor(k), Secondary: true, Band: k + 1}
			if !c.agreed(s) {
				// The number, not the name: the legend says whose it
				// is, and several captions under one word must fit.
				m.Label = s.Label + " " + strconv.Itoa(k+1)
			}
			out = append(out, m)
		}
	}
	return out
}

// agreed reports whether s is one of the spans all compared annotators
// marked: asked for every span drawn and every row of the list.
func (c *curation) agreed(s annotate.Span) bool { return c.agreedSpans[placeOf(s)] }

// spanPlace is a span without its owner: where it is, and its label.
type spanPlace struct {
	start, end int
	label      string
}

func placeOf(s annotate.Span) spanPlace { return spanPlace{s.Start, s.End, s.Label} }

// curated are the curator's entity spans in d's stretch that are not
// agreed ones: what taking a version replaces.
func (c *curation) curated(d annotate.Disagreement) []annotate.Span {
	var out []annotate.Span
	for _, s := range c.w.spans {
		if s.Kind == annotate.SpanEntity && s.Start < d.End && d.Start < s.End && !c.agreed(s) {
			out = append(out, s)
		}
	}
	return out
}

// decision is whose versions the curated layer has in d: the names of
// the annotators whose version it is; none and false when it has
// nothing there (also when an annotator marked nothing there: "none"
// says what the layer holds without claiming whose choice it was); none
// and true when the curator made a version of their own.
func (c *curation) decision(d annotate.Disagreement) (names []string, edited bool) {
	mine := c.curated(d)
	if len(mine) == 0 {
		return nil, false
	}
	for k, v := range d.Versions {
		if annotate.SameSpans(mine, v) {
			names = append(names, c.result.Annotators[k])
		}
	}
	return names, len(names) == 0
}

// maxRowVersions is how many annotators' versions a row shows.
const maxRowVersions = 9

// newDisagreementRow lays a row out as separate labels in reading
// order, so each annotator's Latin or Arabic name and label keeps its
// own direction instead of being reordered inside one Arabic line: the
// decision and the text on one line, the versions on the next, each
// line starting where the UI reads from.
func newDisagreementRow() fyne.CanvasObject {
	line := func(n int) fyne.CanvasObject {
		ls := make([]fyne.CanvasObject, n)
		for i := range ls {
			l := &textview.Label{Fit: true}
			l.ExtendBaseWidget(l)
			ls[i] = l
		}
		return leadTrail(hbox(ls...), nil, nil)
	}
	return container.NewVBox(line(2), line(maxRowVersions))
}

// rowLabels are a row's labels in reading order.
func rowLabels(o fyne.CanvasObject) []*textview.Label {
	var out []*textview.Label
	for _, line := range o.(*fyne.Container).Objects {
		box := line.(*fyne.Container).Objects[0].(*fyne.Container)
		ls := make([]*textview.Label, len(box.Objects))
		for i, obj := range box.Objects {
			ls[i] = obj.(*textview.Label)
		}
		if uiRTL() {
			slices.Reverse(ls)
		}
		out = append(out, ls...)
	}
	return out
}

// count is how many disagreements are listed: the spans', then the
// stances'.
func (c *curation) count() int {
	return len(c.result.Disagreements) + len(c.stances.Disagreements)
}

// stanceAt is listed disagreement i if it is a stance's.
func (c *curation) stanceAt(i int) (annotate.StanceItem, bool) {
	j := i - len(c.result.Disagreements)
	if j < 0 || j >= len(c.stances.Disagreements) {
		return annotate.StanceItem{}, false
	}
	return c.stances.Disagreements[j], true
}

// stanceDecision is decision for a stance: whose label the curator's
// stance has.
func (c *curation) stanceDecision(it annotate.StanceItem) (names []string, edited bool) {
	mine := c.stances.Curated(it, c.w.ann)
	if mine.ID == 0 {
		return nil, false
	}
	for k, v := range it.Versions {
		if v.ID != 0 && v.Label == mine.Label {
			names = append(names, c.stances.Annotators[k])
		}
	}
	return names, len(names) == 0
}

// stanceParts are a stance row's texts: the target and holder, then
// each annotator's label.
func (c *curation) stanceParts(it annotate.StanceItem) []string {
	parts := []string{stanceOn(c.stances.Targets[it.Target].Name, c.stances.HolderName(it))}
	for k, v := range it.Versions {
		l := stanceName(v.Label)
		if v.ID == 0 {
			l = "—"
		}
		parts = append(parts, strconv.Itoa(k+1)+" "+c.stances.Annotators[k]+": "+l)
	}
	return parts
}

func (c *curation) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if it, ok := c.stanceAt(i); ok {
		names, edited := c.stanceDecision(it)
		c.fillRow(o, append([]string{decisionText(names, edited)}, c.stanceParts(it)...))
		return
	}
	if i >= len(c.result.Disagreements) {
		return
	}
	d := c.result.Disagreements[i]
	parts := []string{decisionText(c.decision(d)), "«" + clip(c.w.runes, d.Start, d.End, 32) + "»"}
	for k, v := range d.Versions {
		labels := make([]string, len(v))
		for j, s := range v {
			labels[j] = s.Label
		}
		if len(labels) == 0 {
			labels = []string{"—"}
		}
		parts = append(parts, strconv.Itoa(k+1)+" "+c.result.Annotators[k]+": "+strings.Join(labels, "+"))
	}
	c.fillRow(o, parts)
}

// decisionText says whose version the curated layer has.
func decisionText(names []string, edited bool) string {
	switch {
	case len(names) > 0:
		return tr("as {{.Name}}", map[string]any{"Name": strings.Join(names, ", ")})
	case edited:
		return tr("edited")
	}
	return tr("none")
}

// fillRow shows parts on a row's labels, in reading order.
func (c *curation) fillRow(o fyne.CanvasObject, parts []string) {
	for i, l := range rowLabels(o) {
		if i < len(parts) {
			l.SetText(parts[i])
			l.Show()
		} else {
			l.Hide()
		}
	}
}

// clip is runes[start:end] cut to at most n code points with "…".
func clip(runes []rune, start, end, n int) string {
	start, end = max(0, min(start, len(runes))), max(0, min(end, len(runes)))
	if end-start > n {
		return string(runes[start:start+n]) + "…"
	}
	return string(runes[start:end])
}

func (c *curation) onSelected(i widget.ListItemID) { c.goTo(i) }

// goTo makes disagreement i the current one: its stretch is selected
// and scrolled to, and the text keeps the focus for the keys.
func (c *curation) goTo(i int) {
	if i < 0 || i >= c.count() {
		return
	}
	c.cur = i
	selectQuietly(c.list, i)
	msg := map[string]any{"N": i + 1, "Total": c.count()}
	if it, ok := c.stanceAt(i); ok {
		// The target's first mention, if any annotator has one, shows
		// where in the text the stance is about.
		for _, ms := range c.stances.Targets[it.Target].Mentions {
			if len(ms) > 0 {
				c.w.text.SetSelection(ms[0].Start, ms[0].End)
				break
			}
		}
		c.w.status.info(tr("Disagreement {{.N}} of {{.Total}}, on a stance: 1–9 take an annotator's stance, 0 none.", msg))
	} else {
		d := c.result.Disagreements[i]
		c.w.text.SetSelection(d.Start, d.End)
		c.w.status.info(tr("Disagreement {{.N}} of {{.Total}}: 1–9 take an annotator's version, 0 none.", msg))
	}
	c.w.focusText()
}

// step goes to the next (+1) or previous (-1) disagreement (F7, F6).
func (c *curation) step(dir int) {
	n := c.count()
	if n == 0 {
		c.w.status.info(tr("There are no disagreements on this document."))
		return
	}
	i := c.cur + dir
	if c.cur < 0 && dir < 0 {
		i = n - 1
	}
	if i < 0 || i >= n {
		c.w.status.info(tr("There are no more disagreements this way."))
		return
	}
	c.goTo(i)
}

// take puts annotator k's version (from 1; 0: none) of the current
// disagreement in the curator's layer, in place of what is there, as one
// edit, and goes on to the next disagreement.
func (c *curation) take(k int) { c.takeVersion(k, false) }

// takeToEdit (Ctrl+1–9) is take without moving on: the caret is left,
// with nothing selected, at the start of the version's first span, where
// the palette's buttons relabel it and Delete deletes it; F7 goes on.
// An empty selection, because a label applied to a selection makes a
// new span instead of changing the one there.
func (c *curation) takeToEdit(k int) {
	if c.on() {
		c.takeVersion(k, true)
	}
}

func (c *curation) takeVersion(k int, stay bool) {
	if c.cur < 0 || c.cur >= c.count() {
		c.w.status.fail(userErr(annotate.ECodeNotFound, tr("Go to a disagreement first: F7 goes to the next one.")))
		return
	}
	if k > len(c.result.Annotators) {
		c.w.status.fail(userErr(annotate.ECodeInvalid, tr("Only {{.N}} annotators are compared: press one of their numbers, or 0 for none.", map[string]any{"N": len(c.result.Annotators)})))
		return
	}
	if it, ok := c.stanceAt(c.cur); ok {
		c.takeStance(it, k, stay)
		return
	}
	d := c.result.Disagreements[c.cur]
	var add []annotate.Span
	if k > 0 {
		for _, s := range d.Versions[k-1] {
			add = append(add, c.w.mine(s))
		}
	}
	var msg string
	if stay {
		msg = tr("Annotator {{.K}}'s version is in the curated layer: relabel it with the palette's buttons or delete it; F7 goes on.", map[string]any{"K": k})
		c.caretOn(d, k)
	}
	mine := c.curated(d)
	if annotate.SameSpans(mine, add) {
		if stay {
			c.w.status.info(msg)
			return
		}
		if c.cur+1 < c.count() {
			c.goTo(c.cur + 1)
		}
		// After goTo, whose message this replaces: the key did nothing.
		c.w.status.info(tr("The curated layer has this version already."))
		return
	}
	var remove []int64
	for _, s := range mine {
		remove = append(remove, s.ID)
	}
	c.replace(remove, add, msg)
	if !stay && c.cur+1 < c.count() {
		c.goTo(c.cur + 1)
	}
}

// takeStance is take for a stance's disagreement: the curator's stance
// on it becomes annotator k's (0: none), the curator's targets made as
// needed, as one edit.
func (c *curation) takeStance(it annotate.StanceItem, k int, stay bool) {
	take := c.stances.Take(c.w.ann, []annotate.StancePick{{Item: it, K: k - 1}})
	next := func() {
		if !stay && c.cur+1 < c.count() {
			c.goTo(c.cur + 1)
		}
	}
	if take.Empty() {
		next()
		c.w.status.info(tr("The curated layer has this version already."))
		return
	}
	c.takeAll(take, "")
	next()
}

// caretOn leaves the caret on annotator k's version of d, with nothing
// selected.
func (c *curation) caretOn(d annotate.Disagreement, k int) {
	at := d.Start
	if v := d.Versions[k-1]; len(v) > 0 {
		at = v[0].Start
	}
	c.w.text.SetSelection(at, at)
	c.w.focusText()
}

// replace removes and adds spans of the curator's as one edit; msg, if
// any, is said once it is saved.
func (c *curation) replace(remove []int64, add []annotate.Span, msg string) {
	c.save(func(curator string, docID int64) error {
		_, err := c.w.store.ReplaceSpans(c.w.ctx, curator, docID, remove, add)
		return err
	}, msg)
}

// save makes one edit of the curator's on the open document with write;
// msg, if any, is said once it is saved.
func (c *curation) save(write func(curator string, docID int64) error, msg string) {
	w := c.w
	docID, curator := w.doc.ID, w.annotator
	saved := false // written by the edit, read by the job after it
	w.edit(func() error {
		err := write(curator, docID)
		saved = err == nil
		return err
	})
	if msg == "" {
		return
	}
	// Queued after the edit, so it speaks after the edit's "saved".
	w.run(func() {
		if saved {
			fyne.Do(func() { w.status.info(msg) })
		}
	})
}

// addable are those of spans, as the curator's, that the curator's
// layer can take as it is: not there already and, unless the schema
// allows it, overlapping nothing there nor each other.
func (c *curation) addable(spans []annotate.Span) []annotate.Span {
	have := slices.Clone(c.w.spans)
	var out []annotate.Span
	for _, s := range spans {
		m := c.w.mine(s)
		m.DocumentID = c.w.doc.ID
		if s.Kind != annotate.SpanEntity || clashes(have, m) || annotate.CheckOverlap(&c.w.schema, have, m) != nil {
			continue
		}
		have = append(have, m)
		out = append(out, m)
	}
	return out
}

// clashes reports whether m contradicts an entity span of have: the
// same text with another label, or a span crossing it. Nesting is left
// to the schema, as for any edit.
func clashes(have []annotate.Span, m annotate.Span) bool {
	for _, e := range have {
		if e.Kind != annotate.SpanEntity || e.End <= m.Start || m.End <= e.Start {
			continue
		}
		nested := (e.Start <= m.Start && m.End <= e.End) || (m.Start <= e.Start && e.End <= m.End)
		if (e.Start == m.Start && e.End == m.End && e.Label != m.Label) || !nested {
			return true
		}
	}
	return false
}

// acceptAgreed takes the agreed spans of the open document into the
// curator's layer on the curator's first visit to it.
func (c *curation) acceptAgreed() {
	if !c.on() || c.w.cur < 0 || c.accepted[c.w.doc.ID] || c.visited {
		return
	}
	c.accepted[c.w.doc.ID] = true
	if add := c.addable(c.result.Agreed); len(add) > 0 {
		c.replace(nil, add, tr("Took the {{.N}} span(s) everyone agrees on into the curated layer (one undo step).", map[string]any{"N": len(add)}))
	}
	if len(c.stances.Agreed) > 0 {
		c.acceptAgreedStances()
	}
}

// acceptAgreedStances takes the stances everyone agrees on, as one more
// edit. It is planned when its turn in the database queue comes, after
// the agreed spans are stored, so the targets it makes can mention them.
func (c *curation) acceptAgreedStances() {
	w := c.w
	docID, curator, sc := w.doc.ID, w.annotator, c.stances
	var picks []annotate.StancePick
	for _, it := range sc.Agreed {
		picks = append(picks, annotate.StancePick{Item: it, K: 0})
	}
	took := 0 // written by the job, read by the one after it
	w.run(func() {
		mine, err := w.store.Annotations(w.ctx, docID, curator)
		if err == nil {
			take := sc.Take(mine, picks)
			if take.Empty() {
				return
			}
			if err = w.store.TakeStances(w.ctx, curator, docID, take); err == nil {
				took = len(take.Stances)
			}
		}
		if err != nil {
			fyne.Do(func() { w.status.fail(err) })
			return
		}
		w.reloadAfterWrite(docID, nil)
	})
	w.run(func() {
		if took > 0 {
			fyne.Do(func() {
				w.status.info(tr("Took the {{.N}} stance(s) everyone agrees on into the curated layer (one undo step).", map[string]any{"N": took}))
			})
		}
	})
}

// mergeFrom takes everything of name's that fits the curator's layer:
// the spans that clash with nothing there, the targets the curator has
// no match for, and the stances on what the curator has no stance on,
// as one edit.
func (c *curation) mergeFrom(name string) {
	k := slices.Index(c.stances.Annotators, name)
	if k < 0 {
		return
	}
	tp, sp := c.stances.PicksOf(c.w.ann, k)
	take := c.stances.Plan(c.w.ann, c.addable(c.theirs[name]), tp, sp)
	if take.Empty() {
		c.w.status.info(tr("The curated layer has everything of {{.Name}}'s that fits.", map[string]any{"Name": name}))
		return
	}
	c.takeAll(take, tr("Took {{.Spans}} span(s), {{.Targets}} target(s) and {{.Stances}} stance(s) of {{.Name}}'s; what clashes with the curated layer was left out (one undo step).",
		takeCounts(take, map[string]any{"Name": name})))
}

// acceptVotes takes every span at least n compared annotators marked,
// the most voted first where two clash, and the targets and stances with
// as many votes, as one edit.
func (c *curation) acceptVotes(n int) {
	votes := annotate.Votes(c.compared(), c.theirs)
	slices.SortStableFunc(votes, func(a, b annotate.Voted) int { return b.Votes - a.Votes })
	var spans []annotate.Span
	for _, v := range votes {
		if v.Votes >= n {
			spans = append(spans, v.Span)
		}
	}
	tp, sp := c.stances.PicksByVotes(c.w.ann, n)
	take := c.stances.Plan(c.w.ann, c.addable(spans), tp, sp)
	if take.Empty() {
		c.w.status.info(tr("The curated layer has everything with that many votes that fits."))
		return
	}
	c.takeAll(take, tr("Took {{.Spans}} span(s), {{.Targets}} target(s) and {{.Stances}} stance(s) with enough votes (one undo step).", takeCounts(take, nil)))
}

// takeCounts adds to data how many spans, targets and stances take adds.
func takeCounts(take annotate.StanceTake, data map[string]any) map[string]any {
	if data == nil {
		data = map[string]any{}
	}
	data["Spans"], data["Targets"], data["Stances"] = len(take.Spans), len(take.Targets), len(take.Stances)
	return data
}

// takeAll stores take as one edit of the curator's; msg, if any, is
// said once it is saved.
func (c *curation) takeAll(take annotate.StanceTake, msg string) {
	c.save(func(curator string, docID int64) error {
		return c.w.store.TakeStances(c.w.ctx, curator, docID, take)
	}, msg)
}

// onRune handles curation's keys that type a character (0–9, also as
// Arabic-Indic digits).
func (c *curation) onRune(r rune) bool {
	if !c.on() {
		return false
	}
	for _, k := range c.keys() {
		if slices.Contains(k.runes, r) {
			k.press(r)
			return true
		}
	}
	return false
}

// onKey handles curation's keys without a character (F7, F6).
func (c *curation) onKey(ev *fyne.KeyEvent) bool {
	if !c.on() {
		return false
	}
	for _, k := range c.keys() {
		if slices.Contains(k.names, ev.Name) {
			k.do()
			return true
		}
	}
	return false
}

// onCuration asks who curates and whom to compare, then starts.
func (c *curation) onCuration() {
	c.w.withSpanAnnotators(c.askCuration)
}

func (c *curation) askCuration(names []string) {
	w := c.w
	curator := uiEntry(defaultCurator)
	curator.SetText(w.prefs.StringWithFallback(prefCurator, defaultCurator))
	if c.on() {
		curator.SetText(w.annotator)
	}
	checks := container.NewVBox()
	// uiCheck moves a box's text to a label in the Arabic UI, so the
	// names are kept beside the boxes.
	var boxes []*widget.Check
	var boxNames []string
	for _, n := range names {
		if n == curator.Text {
			continue
		}
		b := &widget.Check{Text: n, Checked: true}
		boxes, boxNames = append(boxes, b), append(boxNames, n)
		checks.Add(uiCheck(b))
	}
	hint := tr("Their spans are shown under the text; what all of them marked alike goes into the curator's layer.")
	if len(boxes) < 2 {
		hint = tr("Fewer than two others have spans on this document.")
	}
	items := []*widget.FormItem{
		{Text: tr("Curator"), Widget: curator, HintText: tr("The curated layer is this annotator's, exported like anyone's.")},
		{Text: tr("Compare"), Widget: checks, HintText: hint},
	}
	showFormDialog(tr("Curation"), tr("Curate"), tr("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		name := strings.TrimSpace(curator.Text)
		var picked []string
		for i, b := range boxes {
			if b.Checked && boxNames[i] != name {
				picked = append(picked, boxNames[i])
			}
		}
		switch {
		case name == "":
			w.status.fail(userErr(annotate.ECodeEmpty, tr("Type the curator's name (gold, say).")))
		case annotate.ValidateAnnotator(name) != nil:
			// A pasted control character would be saved, then dropped
			// by restore at the next start.
			w.status.fail(annotate.ValidateAnnotator(name))
		case len(picked) < 2:
			w.status.fail(userErr(annotate.ECodeInvalid, tr("Pick at least two annotators to compare.")))
		default:
			w.prefs.SetString(prefCurator, name)
			c.switchTo(name, picked)
		}
	}, w.win)
}

// stop goes back to the annotator the window worked as before.
func (c *curation) stop() {
	if !c.on() {
		return
	}
	c.switchTo(c.annotator, nil)
}

// switchTo makes the window work as annotator, comparing names (nil:
// curation off), and reopens the open document. The switch happens on
// the UI goroutine while the database queue waits for it, so no
// database work sees it half made.
func (c *curation) switchTo(annotator string, names []string) {
	w := c.w
	docID := w.doc.ID
	w.activity.flush()
	w.run(func() {
		fyne.DoAndWait(func() {
			if !c.on() {
				c.annotator = w.annotator
			}
			if names == nil {
				c.names.Store(nil)
			} else {
				c.names.Store(&names)
			}
			w.annotator = annotator
			w.status.setAnnotator(annotator)
			c.remember(annotator, names)
			c.accepted = map[int64]bool{}
			c.setPane(names)
		})
		// The curator judges every document; back from curation the
		// annotator has their queue again, and opens its first
		// unfinished document (else its first) when the open one is
		// not in it.
		wl, err := w.worklist(annotator, names != nil)
		if err == nil && wl.queued && !slices.ContainsFunc(wl.docs, func(d storage.DocSummary) bool { return d.ID == docID }) {
			docID = wl.docs[max(firstUnfinished(wl.docs), 0)].ID
		}
		var od *openedDoc
		if err == nil {
			od, err = w.readDoc(docID)
		}
		fyne.Do(func() {
			if err != nil {
				w.status.fail(err)
				return
			}
			w.setWorklist(wl)
			w.show(w.indexOf(docID), od)
		})
	})
}

// setPane shows the panel with a legend of names, or hides it.
func (c *curation) setPane(names []string) {
	c.legend.RemoveAll()
	if names == nil {
		c.pane.Hide()
		return
	}
	var cells []fyne.CanvasObject
	for k, n := range names {
		sw := canvas.NewRectangle(annotatorColor(k))
		sw.SetMinSize(fyne.NewSize(14, 4))
		cells = append(cells, container.NewCenter(sw), uiLabel(strconv.Itoa(k+1)+" "+n))
	}
	for _, o := range hbox(cells...).Objects {
		c.legend.Add(o)
	}
	c.pane.Show()
}

// onMergeFrom asks whose work to take wholesale.
func (c *curation) onMergeFrom() {
	if !c.needOn() {
		return
	}
	names := c.compared()
	pick := &widget.Select{Options: names, Selected: names[0]}
	items := []*widget.FormItem{{Text: tr("Take the work of"), Widget: pick,
		HintText: tr("Their spans, targets and stances; what clashes with the curated layer is left out.")}}
	showFormDialog(tr("Merge all from an annotator"), tr("Merge"), tr("Cancel"), items, func(ok bool) {
		if ok {
			c.mergeFrom(pick.Selected)
		}
	}, c.w.win)
}

// onTakeToEdit asks whose version of the current disagreement to take
// and edit: Ctrl+1–9 from the menu.
func (c *curation) onTakeToEdit() {
	if !c.needOn() {
		return
	}
	if c.cur < 0 || c.cur >= c.count() {
		c.w.status.fail(userErr(annotate.ECodeNotFound, tr("Go to a disagreement first: F7 goes to the next one.")))
		return
	}
	names := c.compared()
	var opts []string
	for k, n := range names {
		opts = append(opts, strconv.Itoa(k+1)+" "+n)
	}
	pick := &widget.Select{Options: opts, Selected: opts[0]}
	items := []*widget.FormItem{{Text: tr("Take the version of"), Widget: pick,
		HintText: tr("The caret stays on it, for the palette to relabel.")}}
	showFormDialog(tr("Take a version and edit it"), tr("Take"), tr("Cancel"), items, func(ok bool) {
		if ok {
			c.takeToEdit(slices.Index(opts, pick.Selected) + 1)
		}
	}, c.w.win)
}

// onAcceptVotes asks for the number of votes enough to take a span,
// a target or a stance.
func (c *curation) onAcceptVotes() {
	if !c.needOn() {
		return
	}
	n := len(c.compared())
	var opts []string
	for v := n; v >= 1; v-- {
		opts = append(opts, strconv.Itoa(v))
	}
	pick := &widget.Select{Options: opts, Selected: strconv.Itoa(n/2 + 1)}
	items := []*widget.FormItem{{Text: tr("At least this many votes"), Widget: pick,
		HintText: tr("A vote is one compared annotator who marked the span, made the target or gave the stance alike.")}}
	showFormDialog(tr("Accept by votes"), tr("Accept"), tr("Cancel"), items, func(ok bool) {
		if ok {
			v, _ := strconv.Atoi(pick.Selected)
			c.acceptVotes(v)
		}
	}, c.w.win)
}

func (c *curation) needOn() bool {
	if !c.on() {
		c.w.status.fail(userErr(annotate.ECodeEmpty, tr("Start curation first (View › Curation…).")))
		return false
	}
	if c.w.cur < 0 {
		c.w.status.fail(userErr(annotate.ECodeNotFound, tr("Open a document first.")))
		return false
	}
	return true
}

// menuItems are curation's items in the View menu.
func (c *curation) menuItems() []*fyne.MenuItem {
	return []*fyne.MenuItem{
		item(tr("Curation…"), nil, c.onCuration),
		item(tr("Next disagreement (F7)"), nil, func() { c.step(1) }),
		item(tr("Previous disagreement (F6)"), nil, func() { c.step(-1) }),
		item(tr("Take a version and edit it (Ctrl+1–9)…"), nil, c.onTakeToEdit),
		item(tr("Merge all from an annotator…"), nil, c.onMergeFrom),
		item(tr("Accept everything with enough votes…"), nil, c.onAcceptVotes),
		item(tr("Leave curation"), nil, c.stop),
		item(tr("Curator's changes…"), nil, c.onCuratorChanges),
	}
}
