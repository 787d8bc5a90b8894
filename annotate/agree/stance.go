package agree

import (
	"strings"

	"hashiya/annotate"
)

// noStance is the stance label of a matched target one annotator gave
// no stance.
const noStance = "(none)"

// stanceDoc is a pair's stance findings on one document.
type stanceDoc struct {
	targetsA, targetsB, matched int
	// labels counts (label of A, label of B) over matched targets.
	labels                       map[[2]string]int
	holderCompared, holderAgreed int
}

// matchStances matches two annotators' targets one to one (mentions
// overlapping first, then equal normalised names) and compares their
// stances on the matched ones.
func matchStances(a, b *Work) stanceDoc {
	d := stanceDoc{targetsA: len(a.Targets), targetsB: len(b.Targets)}
	if len(a.Targets) == 0 || len(b.Targets) == 0 {
		return d
	}
	spansA, spansB := spanIndex(a.Spans), spanIndex(b.Spans)
	nameA, nameB := names(a.Targets), names(b.Targets)
	aToB := map[int64]int64{} // target ID of A → of B
	usedB := map[int64]bool{}
	pass := func(match func(i, j int) bool) {
		for i, ta := range a.Targets {
			if _, ok := aToB[ta.ID]; ok {
				continue
			}
			for j, tb := range b.Targets {
				if !usedB[tb.ID] && match(i, j) {
					aToB[ta.ID] = tb.ID
					usedB[tb.ID] = true
					break
				}
			}
		}
	}
	pass(func(i, j int) bool {
		return mentionsOverlap(a.Targets[i].Mentions, b.Targets[j].Mentions, spansA, spansB)
	})
	pass(func(i, j int) bool { return nameA[i] != "" && nameA[i] == nameB[j] })
	d.matched = len(aToB)
	stA, stB := primaryStances(a.Stances), primaryStances(b.Stances)
	for ta, tb := range aToB {
		sa, okA := stA[ta]
		sb, okB := stB[tb]
		if !okA && !okB {
			continue
		}
		la, lb := noStance, noStance
		if okA {
			la = sa.Label
		}
		if okB {
			lb = sb.Label
		}
		if d.labels == nil {
			d.labels = map[[2]string]int{}
		}
		d.labels[[2]string{la, lb}]++
		if okA && okB {
			d.holderCompared++
			if sa.Holder == annotate.AuthorHolder && sb.Holder == annotate.AuthorHolder ||
				sa.Holder != annotate.AuthorHolder && aToB[sa.Holder] == sb.Holder && sb.Holder != annotate.AuthorHolder {
				d.holderAgreed++
			}
		}
	}
	return d
}

func spanIndex(spans []annotate.Span) map[int64]annotate.Span {
	m := make(map[int64]annotate.Span, len(spans))
	for _, s := range spans {
		m[s.ID] = s
	}
	return m
}

func names(ts []annotate.Target) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		n, _ := annotate.Normalize(strings.TrimSpace(t.Name))
		out[i] = strings.Join(strings.Fields(n), " ")
	}
	return out
}

func mentionsOverlap(ma, mb []int64, sa, sb map[int64]annotate.Span) bool {
	for _, x := range ma {
		s, ok := sa[x]
		if !ok {
			continue
		}
		for _, y := range mb {
			if t, ok := sb[y]; ok && s.Start < t.End && t.Start < s.End {
				return true
			}
		}
	}
	return false
}

// primaryStances maps each target to the stance that speaks for the
// annotator on it: the one in the article's own voice, else the first.
func primaryStances(sts []annotate.Stance) map[int64]annotate.Stance {
	m := map[int64]annotate.Stance{}
	for _, s := range sts {
		cur, ok := m[s.TargetID]
		switch {
		case !ok:
			m[s.TargetID] = s
		case cur.Holder != annotate.AuthorHolder && s.Holder == annotate.AuthorHolder:
			m[s.TargetID] = s
		case (cur.Holder == annotate.AuthorHolder) == (s.Holder == annotate.AuthorHolder) && s.ID < cur.ID:
			m[s.TargetID] = s
		}
	}
	return m
}

// stanceAcc sums a pair's stance findings.
type stanceAcc struct {
	stanceDoc
}

func (s *stanceAcc) add(d *stanceDoc) {
	s.targetsA += d.targetsA
	s.targetsB += d.targetsB
	s.matched += d.matched
	s.holderCompared += d.holderCompared
	s.holderAgreed += d.holderAgreed
	for k, v := range d.labels {
		s.labels[k] += v
	}
}

func (s *stanceAcc) report() StanceAgreement {
	out := StanceAgreement{TargetsA: s.targetsA, TargetsB: s.targetsB, Matched: s.matched,
		HolderCompared: s.holderCompared, HolderAgreed: s.holderAgreed,
		HolderAgreement: ratio(float64(s.holderAgreed), float64(s.holderCompared))}
	idx := map[string]int{}
	for k, v := range s.labels {
		out.Compared += v
		if k[0] == k[1] {
			out.Agreed += v
		}
		for _, l := range k {
			if _, ok := idx[l]; !ok {
				idx[l] = len(idx)
			}
		}
	}
	k := len(idx)
	m := make([]int, k*k)
	for key, v := range s.labels {
		m[idx[key[0]]*k+idx[key[1]]] += v
	}
	out.Kappa = kappaOf(m, k, -1)
	return out
}
