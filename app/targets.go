package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/app/textview"
)

// targetsPanel lists the open document's targets and edits the stance
// towards the picked one: its label (by hotkey), holder, evidence and
// note. The document's overall stance is the stance towards its topic
// target.
type targetsPanel struct {
	w *workspace

	list     *widget.List
	name     *textview.Entry
	holder   *widget.Select
	holders  []holderOption // parallel to holder.Options; the article first
	stance   *textview.Label
	evidence *fyne.Container // a line per evidence span
	note     *textview.Entry
	noteFor  [2]int64 // target and holder whose note is in note
	buttons  map[string]*widget.Button
	placed   map[string]fyne.CanvasObject // what shows each of buttons
	stances  *fyne.Container

	// wantHolder is the target to pick as holder at the next rebuild:
	// the one just made from a holder span.
	wantHolder int64
}

func newTargetsPanel(w *workspace) *targetsPanel {
	p := &targetsPanel{w: w, buttons: map[string]*widget.Button{}, placed: map[string]fyne.CanvasObject{}}
	p.list = &widget.List{
		Length:     func() int { return len(w.ann.Targets) },
		CreateItem: func() fyne.CanvasObject { return textview.NewLabel("") },
		UpdateItem: p.updateRow,
		OnSelected: p.onSelected,
	}
	p.name = uiEntry(tr("Name a target that is not in the text"))
	p.name.OnSubmitted = func(string) { p.addNamed(false) }
	p.holder = &widget.Select{OnChanged: p.onHolder}
	p.stance = uiTruncating("") // beside the stance buttons: takes what room is left
	p.evidence = container.NewVBox()
	p.note = uiEntry(tr("Note (Enter saves)"))
	p.note.OnSubmitted = p.onNote
	p.button("target", tr("Target from selection [T]"), p.fromSelection)
	p.button("mention", tr("Add as mention [M]"), p.addMention)
	p.button("named", tr("Add"), func() { p.addNamed(false) })
	p.button("topic", tr("Document topic"), func() { p.addNamed(true) })
	p.button("evidence", tr("Attach evidence [E]"), p.attachEvidence)
	p.button("delete", tr("Delete target"), p.deleteTarget)
	p.stances = container.NewHBox()
	return p
}

// button makes the button called key, which hands the keyboard focus
// back to the text after acting, so the next hotkey works without a
// click.
func (p *targetsPanel) button(key, text string, f func()) fyne.CanvasObject {
	b, o := uiButton(text, func() { f(); p.w.focusText() })
	p.buttons[key], p.placed[key] = b, o
	return o
}

func (p *targetsPanel) content() fyne.CanvasObject {
	top := container.NewVBox(uiTitle(tr("Targets and stances")),
		grid(2, p.placed["target"], p.placed["mention"]),
		leadTrail(nil, hbox(p.placed["named"], p.placed["topic"]), p.name))
	// Four rows, so that at 1280×800 all of it shows without scrolling:
	// holder; stance buttons and the stance; evidence passages; attach
	// evidence, the note, delete.
	details := container.NewVBox(
		leadTrail(uiLabel(tr("Holder")), nil, p.holder),
		leadTrail(p.stances, nil, p.stance),
		p.evidence,
		leadTrail(p.placed["evidence"], p.placed["delete"], p.note))
	split := container.NewVSplit(atLeast(p.list, fyne.NewSize(0, 80)), container.NewVScroll(details))
	split.Offset = 0.3
	return container.NewBorder(top, nil, nil, nil, split)
}

// setSchema makes one button per stance label.
func (p *targetsPanel) setSchema(s annotate.Schema) {
	p.stances.RemoveAll()
	var objs []fyne.CanvasObject
	for _, l := range s.Stances {
		name := l.Name
		text := stanceName(name)
		if l.Hotkey != "" {
			text = fmt.Sprintf("%s [%s]", text, l.Hotkey)
		}
		objs = append(objs, p.button("stance:"+name, text, func() { p.setStance(name) }))
	}
	if uiRTL() {
		slices.Reverse(objs)
	}
	for _, o := range objs {
		p.stances.Add(o)
	}
}

func (p *targetsPanel) target(id int64) (annotate.Target, bool) {
	for _, t := range p.w.ann.Targets {
		if t.ID == id {
			return t, true
		}
	}
	return annotate.Target{}, false
}

// current is the stance towards the picked target held by the picked
// holder, if there is one.
func (p *targetsPanel) current() (annotate.Stance, bool) {
	h := p.holderID()
	for _, s := range p.w.ann.Stances {
		if s.TargetID == p.w.selTgt && s.Holder == h {
			return s, true
		}
	}
	return annotate.Stance{}, false
}

// holderOption is one choice of the holder dropdown: the article, a
// target, or a PER or ORG span that no target has as a mention yet
// (choosing it makes its target).
type holderOption struct {
	target int64         // the holding target, AuthorHolder for the article
	span   annotate.Span // for a span without a target yet; ID 0 otherwise
}

func (h holderOption) isSpan() bool { return h.span.ID != 0 }

// holderID is the target holding the stance shown: the article's
// AuthorHolder unless a target is picked as holder.
func (p *targetsPanel) holderID() int64 {
	if i := p.holder.SelectedIndex(); i > 0 && i < len(p.holders) && !p.holders[i].isSpan() {
		return p.holders[i].target
	}
	return annotate.AuthorHolder
}

// canHold reports whether spans of an entity label name people or
// organisations, who can hold a stance.
func canHold(label string) bool {
	switch strings.ToUpper(label) {
	case "PER", "PERSON", "ORG", "ORGANIZATION", "ORGANISATION":
		return true
	}
	return false
}

// rebuildHolders fills the holder dropdown from the annotations shown
// and the picked target: the article, every other target that is not
// the topic, then every PER or ORG span no target has as a mention. It
// keeps the holder chosen before when it is still on offer. It runs
// whenever the annotations or the picked target change, so the list is
// never stale and never offers the picked target as its own holder.
func (p *targetsPanel) rebuildHolders() {
	prev := p.holderID()
	if p.wantHolder != 0 {
		prev, p.wantHolder = p.wantHolder, 0
	}
	opts := []string{tr("The article")}
	p.holders = []holderOption{{target: annotate.AuthorHolder}}
	mentioned := map[int64]bool{}
	for _, t := range p.w.ann.Targets {
		for _, m := range t.Mentions {
			mentioned[m] = true
		}
		if t.ID != p.w.selTgt && !t.Topic {
			opts = append(opts, t.Name)
			p.holders = append(p.holders, holderOption{target: t.ID})
		}
	}
	for _, sp := range p.w.spans {
		if canHold(sp.Label) && !mentioned[sp.ID] {
			opts = append(opts, fmt.Sprintf("%s (%s)", sp.Text, sp.Label))
			p.holders = append(p.holders, holderOption{span: sp})
		}
	}
	sel := 0
	for i, h := range p.holders {
		if !h.isSpan() && h.target == prev {
			sel = i
		}
	}
	onChanged := p.holder.OnChanged
	p.holder.OnChanged = nil
	p.holder.SetOptions(opts)
	p.holder.SetSelectedIndex(sel)
	p.holder.OnChanged = onChanged
}

func (p *targetsPanel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	ts := p.w.ann.Targets
	if i >= len(ts) {
		return
	}
	t := ts[i]
	var labels []string
	for _, s := range p.w.ann.Stances {
		if s.TargetID == t.ID {
			labels = append(labels, stanceName(s.Label))
		}
	}
	text := t.Name
	if t.Topic {
		text = "★ " + text
	}
	text += fmt.Sprintf("  (%d)", len(t.Mentions))
	if len(labels) > 0 {
		text += "  " + strings.Join(labels, ", ")
	}
	o.(*textview.Label).SetText(text)
}

func (p *targetsPanel) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(p.w.ann.Targets) {
		return
	}
	p.w.selTgt = p.w.ann.Targets[i].ID
	p.rebuildHolders()
	p.refreshStance()
	p.w.focusText()
}

// refresh shows the annotations the workspace holds now.
func (p *targetsPanel) refresh() {
	if _, ok := p.target(p.w.selTgt); !ok {
		p.w.selTgt = 0
	}
	p.rebuildHolders()
	p.list.Refresh()
	sel := p.list.OnSelected
	p.list.OnSelected = nil
	p.list.UnselectAll()
	for i, t := range p.w.ann.Targets {
		if t.ID == p.w.selTgt {
			p.list.Select(i)
		}
	}
	p.list.OnSelected = sel
	p.refreshStance()
}

// onHolder answers a choice in the holder dropdown. A span becomes the
// holder through its target: the one that has it as a mention, else a
// new one made from it (one committed edit, undoable like any). The text
// gets the focus back, so F, A and N apply at once.
func (p *targetsPanel) onHolder(string) {
	defer p.w.focusText()
	i := p.holder.SelectedIndex()
	if i < 0 || i >= len(p.holders) || !p.holders[i].isSpan() {
		p.refreshStance()
		return
	}
	p.holdBySpan(p.holders[i].span)
}

// holdBySpan makes the target of span sp the holder: its target if one
// has it as a mention, else a new target made from it.
func (p *targetsPanel) holdBySpan(sp annotate.Span) {
	for _, t := range p.w.ann.Targets {
		if slices.Contains(t.Mentions, sp.ID) {
			if t.ID == p.w.selTgt {
				p.fail(tr("A target cannot hold a stance towards itself: pick another target first."))
				p.rebuildHolders()
				return
			}
			p.wantHolder = t.ID
			p.rebuildHolders()
			p.refreshStance()
			return
		}
	}
	w := p.w
	t := annotate.Target{DocumentID: w.doc.ID, Name: sp.Text, Mentions: []int64{sp.ID}, Annotator: w.annotator}
	w.edit(func() error {
		nt, err := w.store.AddTarget(w.ctx, t)
		if err == nil {
			// Queued before the reload's own fyne.Do, so the rebuild it
			// triggers picks the new target.
			fyne.Do(func() { p.wantHolder = nt.ID })
		} else {
			// Not saved: the dropdown must not go on showing the span as
			// holder while stances would go to the article.
			fyne.Do(p.rebuildHolders)
		}
		return err
	})
}

// cycleHolder answers H: with a PER or ORG span under the caret or
// selected, its target becomes the holder; otherwise the holder moves to
// the next target on offer (after the last, back to the article).
func (p *targetsPanel) cycleHolder() {
	if _, ok := p.target(p.w.selTgt); !ok {
		p.fail(tr("Pick a target in the list first, then choose who holds the stance towards it."))
		return
	}
	if sp, ok := p.w.spanToDelete(); ok && canHold(sp.Label) {
		if i := p.holder.SelectedIndex(); i < 0 || i >= len(p.holders) || !slices.Contains(p.targetMentions(p.holders[i].target), sp.ID) {
			p.holdBySpan(sp)
			return
		}
	}
	n := len(p.holders)
	i := p.holder.SelectedIndex()
	for k := 1; k <= n; k++ {
		j := (i + k) % n
		if !p.holders[j].isSpan() {
			p.holder.SetSelectedIndex(j) // calls onHolder
			return
		}
	}
}

func (p *targetsPanel) targetMentions(id int64) []int64 {
	t, _ := p.target(id)
	return t.Mentions
}

// refreshStance shows the stance towards the picked target.
func (p *targetsPanel) refreshStance() {
	s, ok := p.current()
	switch {
	case p.w.selTgt == 0:
		p.stance.SetText(tr("Pick a target to set a stance."))
	case !ok:
		p.stance.SetText(tr("Stance: none"))
	default:
		p.stance.SetText(tr("Stance: {{.Label}}", map[string]any{"Label": stanceName(s.Label)}))
	}
	// One line per evidence passage, each in its own direction (a quote
	// is data, not UI).
	p.evidence.RemoveAll()
	for _, id := range s.Evidence {
		if i := p.w.spanIndex(id); i >= 0 {
			p.evidence.Add(textview.NewLabel("«" + p.w.spans[i].Text + "»"))
		}
	}
	// Leave a note being typed alone unless the stance it is for changed.
	if key := [2]int64{p.w.selTgt, p.holderID()}; key != p.noteFor || !ok {
		p.noteFor = key
		p.note.SetText(s.Note)
	}
}

// onStanceRune handles the stance labels' hotkeys.
func (p *targetsPanel) onStanceRune(r rune) bool {
	for _, l := range p.w.schema.Stances {
		if l.Hotkey != "" && strings.EqualFold(l.Hotkey, string(r)) {
			p.setStance(l.Name)
			return true
		}
	}
	return false
}

// selectedSpans are the entity spans the annotator points at: those
// inside the selection, else the one under the caret or picked in the
// list. Evidence spans are passages, never mentions of a target.
func (p *targetsPanel) selectedSpans() []annotate.Span {
	start, end := p.w.text.Selection()
	var out []annotate.Span
	if start < end {
		for _, s := range p.w.spans {
			if s.Kind == annotate.SpanEntity && s.Start >= start && s.End <= end {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		if s, ok := p.w.spanToDelete(); ok && s.Kind == annotate.SpanEntity {
			out = append(out, s)
		}
	}
	return out
}

func (p *targetsPanel) fail(msg string) {
	p.w.status.fail(userErr(annotate.ECodeEmpty, msg))
}

// fromSelection makes a target named after the selected span(s), with
// them as its mentions, and picks it (T).
func (p *targetsPanel) fromSelection() {
	spans := p.selectedSpans()
	if len(spans) == 0 {
		p.fail(tr("Label a span first, then select it to make a target from it."))
		return
	}
	t := annotate.Target{DocumentID: p.w.doc.ID, Name: spans[0].Text, Annotator: p.w.annotator}
	for _, s := range spans {
		t.Mentions = append(t.Mentions, s.ID)
	}
	p.add(t)
}

// addNamed makes a target from the name typed in; topic makes it the
// document's topic, whose stance is the document's overall stance.
func (p *targetsPanel) addNamed(topic bool) {
	name := strings.TrimSpace(p.name.Text)
	if name == "" && topic {
		name = tr("Document")
	}
	if name == "" {
		p.fail(tr("Type the target's name first."))
		return
	}
	if topic {
		for _, t := range p.w.ann.Targets {
			if t.Topic {
				p.fail(tr("This document has a topic already: pick it in the list."))
				return
			}
		}
	}
	p.add(annotate.Target{DocumentID: p.w.doc.ID, Name: name, Topic: topic, Annotator: p.w.annotator})
}

func (p *targetsPanel) add(t annotate.Target) {
	w := p.w
	w.edit(func() error {
		nt, err := w.store.AddTarget(w.ctx, t)
		if err == nil {
			// Queued before the reload's own fyne.Do, so it runs first.
			fyne.Do(func() {
				w.selTgt = nt.ID
				p.name.SetText("")
			})
		}
		return err
	})
}

// addMention adds the selected span(s) to the picked target (M).
func (p *targetsPanel) addMention() {
	t, ok := p.target(p.w.selTgt)
	if !ok {
		p.fail(tr("Pick a target in the list first."))
		return
	}
	spans := p.selectedSpans()
	if len(spans) == 0 {
		p.fail(tr("Select a labelled span to add it as a mention."))
		return
	}
	t.Mentions = withSpanIDs(t.Mentions, spans)
	w := p.w
	w.edit(func() error {
		_, err := w.store.UpdateTarget(w.ctx, t)
		return err
	})
}

// withSpanIDs returns a copy of ids with the IDs of spans it lacks
// appended, so the stored target or stance is not changed in place
// before the edit is saved.
func withSpanIDs(ids []int64, spans []annotate.Span) []int64 {
	out := slices.Clone(ids)
	for _, s := range spans {
		if !slices.Contains(out, s.ID) {
			out = append(out, s.ID)
		}
	}
	return out
}

// setStance sets the picked holder's stance towards the picked target.
func (p *targetsPanel) setStance(label string) {
	if _, ok := p.target(p.w.selTgt); !ok {
		p.fail(tr("Pick a target in the list first, or make one from a span with T."))
		return
	}
	w := p.w
	s, ok := p.current()
	if ok {
		if s.Label == label {
			return
		}
		s.Label = label
		w.edit(func() error {
			_, err := w.store.UpdateStance(w.ctx, s)
			return err
		})
		return
	}
	s = annotate.Stance{DocumentID: w.doc.ID, TargetID: w.selTgt, Holder: p.holderID(), Label: label, Annotator: w.annotator}
	w.edit(func() error {
		_, err := w.store.AddStance(w.ctx, s)
		return err
	})
}

// attachEvidence adds the selected span(s) to the current stance (E).
func (p *targetsPanel) attachEvidence() {
	s, ok := p.current()
	if !ok {
		p.fail(tr("Set a stance for the picked target first, then attach evidence to it."))
		return
	}
	// The selection is the quote: it becomes an evidence span (no entity
	// label asked for) attached to the stance, in one undoable step.
	w := p.w
	sel0, sel1 := w.text.Selection()
	start, end := annotate.TrimSpan(w.doc.Text, sel0, sel1)
	if start == end {
		p.fail(tr("Select the quote or passage that supports the stance, then press E."))
		return
	}
	ev := annotate.Span{DocumentID: w.doc.ID, Start: start, End: end, Kind: annotate.SpanEvidence,
		Annotator: w.annotator, Origin: annotate.OriginManual}
	w.edit(func() error {
		_, _, err := w.store.AddEvidence(w.ctx, s.ID, ev)
		return err
	})
}

func (p *targetsPanel) onNote(text string) {
	s, ok := p.current()
	if !ok {
		p.fail(tr("Set a stance for the picked target first, then write a note on it."))
		return
	}
	if s.Note == text {
		return
	}
	s.Note = text
	w := p.w
	w.edit(func() error {
		_, err := w.store.UpdateStance(w.ctx, s)
		return err
	})
}

func (p *targetsPanel) deleteTarget() {
	id := p.w.selTgt
	if id == 0 {
		p.fail(tr("Pick a target in the list first."))
		return
	}
	w := p.w
	w.edit(func() error { return w.store.DeleteTarget(w.ctx, w.annotator, id) })
}

// stanceName is how a stance label reads in the UI: the default
// schema's three in the UI language, any other as the schema names it.
// stanceOn says what a stance is about and whose it is, in the UI's
// language: holder "" is the article's own voice.
func stanceOn(target, holder string) string {
	if holder == "" {
		holder = tr("the article")
	}
	return tr("stance on «{{.Target}}» held by {{.Holder}}", map[string]any{"Target": target, "Holder": holder})
}

func stanceName(label string) string {
	switch label {
	case "FAVOR":
		return tr("FAVOR")
	case "AGAINST":
		return tr("AGAINST")
	case "NEUTRAL":
		return tr("NEUTRAL")
	}
	return label
}
