package annotate

import (
	"cmp"
	"slices"
	"strings"
)

// Stances in curation: the compared annotators' targets are matched to
// one another (equal names after Normalize, or overlapping mentions),
// and a stance is compared by its target, its holder and its label.

// StanceTarget is one target as the compared annotators made it.
type StanceTarget struct {
	// Name is the first annotator's name for it who made it.
	Name string
	// Of[k] is annotator k's target, ID 0 when annotator k has none.
	Of []Target
	// Mentions[k] are the spans Of[k] mentions.
	Mentions [][]Span
}

// StanceItem is one (target, holder) pair and each annotator's stance on
// it.
type StanceItem struct {
	// Target indexes StanceCuration.Targets; Holder too, or is -1 for
	// the article's own voice (AuthorHolder).
	Target, Holder int
	// Versions[k] is annotator k's stance, ID 0 when annotator k has none.
	Versions []Stance
	// Evidence[k] are the spans Versions[k] cites, in its order.
	Evidence [][]Span
}

// StanceCuration is what the compared annotators agree and disagree on
// about stances.
type StanceCuration struct {
	Annotators []string
	Targets    []StanceTarget
	// Agreed are the items on which every annotator has a stance with
	// the same label; Disagreements all others that someone has a
	// stance on. Both are in the order of Targets, then of holders.
	Agreed, Disagreements []StanceItem
}

// targetName is a target's name as compared: normalised, spaces folded.
func targetName(name string) string {
	return strings.Join(strings.Fields(NormalizeText(strings.TrimSpace(name))), " ")
}

func spansByID(spans []Span) map[int64]Span {
	m := make(map[int64]Span, len(spans))
	for _, s := range spans {
		m[s.ID] = s
	}
	return m
}

func mentionSpans(t Target, byID map[int64]Span) []Span {
	var out []Span
	for _, id := range t.Mentions {
		if s, ok := byID[id]; ok {
			out = append(out, s)
		}
	}
	return out
}

// matches reports whether a target with name and mentions is g.
func (g *StanceTarget) matches(name string, mentions []Span) bool {
	n := targetName(name)
	for k, t := range g.Of {
		if t.ID == 0 {
			continue
		}
		if n != "" && targetName(t.Name) == n {
			return true
		}
		for _, a := range g.Mentions[k] {
			for _, b := range mentions {
				if a.Start < b.End && b.Start < a.End {
					return true
				}
			}
		}
	}
	return false
}

// CurateStances compares the annotators' stances (anns maps an
// annotator to their annotations on the document). Each annotator's
// target joins the first target group, in order, that it matches and
// that has none of that annotator's yet, so one annotator's two targets
// are never one.
func CurateStances(annotators []string, anns map[string]Annotations) StanceCuration {
	c := StanceCuration{Annotators: slices.Clone(annotators)}
	n := len(annotators)
	groupOf := make([]map[int64]int, n)
	for k, a := range annotators {
		groupOf[k] = map[int64]int{}
		byID := spansByID(anns[a].Spans)
		for _, t := range anns[a].Targets {
			ms := mentionSpans(t, byID)
			g := slices.IndexFunc(c.Targets, func(g StanceTarget) bool { return g.Of[k].ID == 0 && g.matches(t.Name, ms) })
			if g < 0 {
				g = len(c.Targets)
				c.Targets = append(c.Targets, StanceTarget{Name: t.Name, Of: make([]Target, n), Mentions: make([][]Span, n)})
			}
			c.Targets[g].Of[k], c.Targets[g].Mentions[k] = t, ms
			groupOf[k][t.ID] = g
		}
	}
	type key struct{ target, holder int }
	items := map[key]*StanceItem{}
	var keys []key
	for k, a := range annotators {
		byID := spansByID(anns[a].Spans)
		for _, st := range anns[a].Stances {
			tg, ok := groupOf[k][st.TargetID]
			h := -1
			if st.Holder != AuthorHolder {
				var okH bool
				h, okH = groupOf[k][st.Holder]
				ok = ok && okH
			}
			if !ok {
				continue
			}
			kk := key{tg, h}
			it := items[kk]
			if it == nil {
				it = &StanceItem{Target: tg, Holder: h, Versions: make([]Stance, n), Evidence: make([][]Span, n)}
				items[kk] = it
				keys = append(keys, kk)
			}
			if it.Versions[k].ID == 0 {
				it.Versions[k] = st
				for _, id := range st.Evidence {
					if sp, ok := byID[id]; ok {
						it.Evidence[k] = append(it.Evidence[k], sp)
					}
				}
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.target, b.target), cmp.Compare(a.holder, b.holder)) })
	for _, kk := range keys {
		it := *items[kk]
		agreed := n > 0
		for _, v := range it.Versions {
			agreed = agreed && v.ID != 0 && v.Label == it.Versions[0].Label
		}
		if agreed {
			c.Agreed = append(c.Agreed, it)
		} else {
			c.Disagreements = append(c.Disagreements, it)
		}
	}
	return c
}

// HolderName is the name of it's holder, "" for the article's own voice.
func (c *StanceCuration) HolderName(it StanceItem) string {
	if it.Holder < 0 {
		return ""
	}
	return c.Targets[it.Holder].Name
}

// curatorTarget is the ID of the curator's target that is group g, 0
// if the curator has none.
func (c *StanceCuration) curatorTarget(g int, mine Annotations, byID map[int64]Span) int64 {
	for _, t := range mine.Targets {
		if c.Targets[g].matches(t.Name, mentionSpans(t, byID)) {
			return t.ID
		}
	}
	return 0
}

// Curated is the curator's stance on it (mine are the curator's
// annotations), ID 0 when the curator has none.
func (c *StanceCuration) Curated(it StanceItem, mine Annotations) Stance {
	byID := spansByID(mine.Spans)
	tg := c.curatorTarget(it.Target, mine, byID)
	h := AuthorHolder
	if it.Holder >= 0 {
		h = c.curatorTarget(it.Holder, mine, byID)
		if h == 0 {
			return Stance{}
		}
	}
	if tg == 0 {
		return Stance{}
	}
	for _, st := range mine.Stances {
		if st.TargetID == tg && st.Holder == h {
			return st
		}
	}
	return Stance{}
}

// StancePick is taking annotator K's version (from 0) of Item; K < 0
// takes none.
type StancePick struct {
	Item StanceItem
	K    int
}

// TargetPick is taking annotator K's target of group Target
// (StanceCuration.Targets) even when no stance taken needs it.
type TargetPick struct {
	Target, K int
}

// StanceTake is a change of the curator's layer, one undoable edit. A
// span ID below 0, in a target's Mentions or a stance's Evidence, means
// Spans[-id-1]: the spans are stored first.
type StanceTake struct {
	// Remove are the curator's stances it deletes.
	Remove []int64
	// Spans are the spans it adds (ID 0): evidence copied with the
	// stances and, for a merge, the entity spans taken with them.
	Spans []Span
	// Targets are the curator's targets it adds (ID 0).
	Targets []Target
	// Update are the curator's targets it gives more mentions: the
	// merged annotator's mentions of the same target that the curator's
	// layer has spans for. Mentions is the whole new list.
	Update []Target
	// Stances are the stances it adds (ID 0). A TargetID or Holder
	// below 0 means Targets[-id-1]; others are the curator's targets'
	// IDs or AuthorHolder.
	Stances []Stance
}

// Empty reports whether t changes nothing.
func (t StanceTake) Empty() bool {
	return len(t.Remove) == 0 && len(t.Spans) == 0 && len(t.Targets) == 0 && len(t.Update) == 0 && len(t.Stances) == 0
}

// Take plans the picks against the curator's annotations mine: the
// curator's stance on each item gives way to the picked annotator's
// label, note and evidence, and the curator gets the targets it needs.
// A pick the curator's layer already has changes nothing.
func (c *StanceCuration) Take(mine Annotations, picks []StancePick) StanceTake {
	return c.Plan(mine, nil, nil, picks)
}

// Plan is Take with more in the same step: spans (the curator's new
// entity spans, ID 0) are added first, and targets the curator lacks are
// made for targets even when no stance needs them.
//
// A target made is named as the picked annotator named it and mentions
// the curator's entity spans (those of mine and spans) that have the
// same start and end as that annotator's mentions; a target of the
// curator's matching the group (Normalize'd name or an overlapping
// mention, as CurateStances matches) is used instead, so nothing is made
// twice. A stance's evidence becomes the curator's evidence spans at the
// same offsets: one the curator has there already is reused.
func (c *StanceCuration) Plan(mine Annotations, spans []Span, targets []TargetPick, picks []StancePick) StanceTake {
	var out StanceTake
	byID := spansByID(mine.Spans)
	// have are the curator's spans with those this step adds, which
	// carry their placeholder IDs.
	have := slices.Clone(mine.Spans)
	addSpan := func(s Span) int64 {
		s.ID = 0
		out.Spans = append(out.Spans, s)
		s.ID = -int64(len(out.Spans))
		have = append(have, s)
		return s.ID
	}
	for _, s := range spans {
		addSpan(s)
	}
	topic := slices.ContainsFunc(mine.Targets, func(t Target) bool { return t.Topic })
	made := map[int]int64{}
	// mention adds to mentions the curator's entity spans at annotator
	// k's mentions of group g.
	mention := func(mentions []int64, g, k int) []int64 {
		for _, m := range c.Targets[g].Mentions[k] {
			for _, s := range have {
				if s.Kind == SpanEntity && s.Start == m.Start && s.End == m.End && !slices.Contains(mentions, s.ID) {
					mentions = append(mentions, s.ID)
				}
			}
		}
		return mentions
	}
	ref := func(g, k int) int64 {
		if id := c.curatorTarget(g, mine, byID); id != 0 {
			return id
		}
		if id, ok := made[g]; ok {
			return id
		}
		src := c.Targets[g].Of[k]
		t := Target{Name: src.Name, DocumentID: src.DocumentID}
		t.Mentions = mention(nil, g, k)
		if src.Topic && !topic {
			t.Topic, topic = true, true
		}
		out.Targets = append(out.Targets, t)
		made[g] = -int64(len(out.Targets))
		return made[g]
	}
	// evidence is the curator's span for e: an evidence span at its
	// offsets, or the same entity span when e is one.
	evidence := func(e Span) int64 {
		for _, s := range have {
			if s.Start == e.Start && s.End == e.End && (s.Kind == SpanEvidence || (e.Kind == SpanEntity && s.Kind == SpanEntity && s.Label == e.Label)) {
				return s.ID
			}
		}
		return addSpan(Span{DocumentID: e.DocumentID, Start: e.Start, End: e.End, Kind: SpanEvidence})
	}
	for _, p := range targets {
		if p.Target < 0 || p.Target >= len(c.Targets) || p.K < 0 || p.K >= len(c.Targets[p.Target].Of) || c.Targets[p.Target].Of[p.K].ID == 0 {
			continue
		}
		id := c.curatorTarget(p.Target, mine, byID)
		if id == 0 {
			ref(p.Target, p.K)
			continue
		}
		// The curator's own target: it keeps its name and gains the
		// mentions it lacks, once however many groups it matches.
		i := slices.IndexFunc(out.Update, func(t Target) bool { return t.ID == id })
		if i < 0 {
			j := slices.IndexFunc(mine.Targets, func(t Target) bool { return t.ID == id })
			out.Update = append(out.Update, Target{ID: id, DocumentID: mine.Targets[j].DocumentID, Name: mine.Targets[j].Name, Mentions: slices.Clone(mine.Targets[j].Mentions)})
			i = len(out.Update) - 1
		}
		out.Update[i].Mentions = mention(out.Update[i].Mentions, p.Target, p.K)
	}
	// Only the targets that gain a mention change.
	out.Update = slices.DeleteFunc(out.Update, func(u Target) bool {
		j := slices.IndexFunc(mine.Targets, func(t Target) bool { return t.ID == u.ID })
		return len(u.Mentions) == len(mine.Targets[j].Mentions)
	})
	for _, p := range picks {
		cur := c.Curated(p.Item, mine)
		if p.K < 0 || p.K >= len(p.Item.Versions) || p.Item.Versions[p.K].ID == 0 {
			if cur.ID != 0 {
				out.Remove = append(out.Remove, cur.ID)
			}
			continue
		}
		v := p.Item.Versions[p.K]
		if cur.ID != 0 && cur.Label == v.Label {
			continue
		}
		if cur.ID != 0 {
			out.Remove = append(out.Remove, cur.ID)
		}
		st := Stance{DocumentID: v.DocumentID, Label: v.Label, Note: v.Note, Holder: AuthorHolder}
		st.TargetID = ref(p.Item.Target, p.K)
		if p.Item.Holder >= 0 {
			st.Holder = ref(p.Item.Holder, p.K)
		}
		if p.K < len(p.Item.Evidence) {
			for _, e := range p.Item.Evidence[p.K] {
				if id := evidence(e); !slices.Contains(st.Evidence, id) {
					st.Evidence = append(st.Evidence, id)
				}
			}
		}
		out.Stances = append(out.Stances, st)
	}
	return out
}

// items are the agreed and disagreed items together, in the order of
// Targets, then of holders.
func (c *StanceCuration) items() []StanceItem {
	out := slices.Concat(c.Agreed, c.Disagreements)
	slices.SortStableFunc(out, func(a, b StanceItem) int {
		return cmp.Or(cmp.Compare(a.Target, b.Target), cmp.Compare(a.Holder, b.Holder))
	})
	return out
}

// PicksOf are annotator k's targets and stances, for merging all of
// theirs: every target of k's, and k's stance on every item the
// curator (mine) has no stance on. A stance of the curator's is left as
// it is, as a merge leaves out spans clashing with the curator's.
func (c *StanceCuration) PicksOf(mine Annotations, k int) ([]TargetPick, []StancePick) {
	var tp []TargetPick
	for g, t := range c.Targets {
		if k < len(t.Of) && t.Of[k].ID != 0 {
			tp = append(tp, TargetPick{Target: g, K: k})
		}
	}
	var sp []StancePick
	for _, it := range c.items() {
		if k < len(it.Versions) && it.Versions[k].ID != 0 && c.Curated(it, mine).ID == 0 {
			sp = append(sp, StancePick{Item: it, K: k})
		}
	}
	return tp, sp
}

// PicksByVotes are the targets at least n compared annotators made and
// the stances at least n of them gave the same label, on items the
// curator (mine) has no stance on. Where two labels have enough votes,
// the one with more is taken, and on a tie the first annotator's; the
// copy taken is the first annotator's with that label.
func (c *StanceCuration) PicksByVotes(mine Annotations, n int) ([]TargetPick, []StancePick) {
	n = max(n, 1)
	var tp []TargetPick
	for g, t := range c.Targets {
		first, votes := -1, 0
		for k, o := range t.Of {
			if o.ID != 0 {
				votes++
				if first < 0 {
					first = k
				}
			}
		}
		if votes >= n {
			tp = append(tp, TargetPick{Target: g, K: first})
		}
	}
	var sp []StancePick
	for _, it := range c.items() {
		if c.Curated(it, mine).ID != 0 {
			continue
		}
		best, bestVotes := -1, 0
		for k, v := range it.Versions {
			if v.ID == 0 {
				continue
			}
			votes := 0
			for _, w := range it.Versions {
				if w.ID != 0 && w.Label == v.Label {
					votes++
				}
			}
			if votes > bestVotes {
				best, bestVotes = k, votes
			}
		}
		if best >= 0 && bestVotes >= n {
			sp = append(sp, StancePick{Item: it, K: best})
		}
	}
	return tp, sp
}

// StanceChange is one of an annotator's stances that the curated layer
// does not have as it is: the curator left it out or gave it another
// label.
type StanceChange struct {
	Yours Stance
	// Target and Holder are the names of the annotator's target and
	// holder, Holder "" for the article's own voice.
	Target, Holder string
	// Curators is the curator's stance on the same target and holder,
	// with another label; ID 0 when the curator has none there.
	Curators Stance
}

// StanceChanges lists yours' stances, in the order of CurateStances,
// that curators (the curator's annotations of the same document) does
// not have with the same label on the same target and holder, matched
// as CurateStances matches them.
func StanceChanges(yours, curators Annotations) []StanceChange {
	// The two layers under names of their own: the annotator may be
	// called anything, the curator too.
	c := CurateStances([]string{"yours", "curator's"}, map[string]Annotations{"yours": yours, "curator's": curators})
	var out []StanceChange
	for _, it := range c.items() {
		y, g := it.Versions[0], it.Versions[1]
		if y.ID == 0 || (g.ID != 0 && g.Label == y.Label) {
			continue
		}
		ch := StanceChange{Yours: y, Curators: g, Target: c.Targets[it.Target].Of[0].Name}
		if it.Holder >= 0 {
			ch.Holder = c.Targets[it.Holder].Of[0].Name
		}
		out = append(out, ch)
	}
	return out
}
